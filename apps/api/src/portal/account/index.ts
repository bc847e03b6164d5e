import type { Type } from '@nestjs/common';
import { AccountPages, PasswordResetPages } from './account.pages';

/** A person's own account: password change, two-step sign-in, and resetting a forgotten password. */
export const ACCOUNT_PAGES: Type<unknown>[] = [AccountPages, PasswordResetPages];
