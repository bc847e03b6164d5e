import type { Type } from '@nestjs/common';
import { AccountPages } from './account.pages';
import { PasswordResetPages } from './password-reset.pages';

/** A person's own account: password change, two-step sign-in, and resetting a forgotten password. */
export const ACCOUNT_PAGES: Type<unknown>[] = [AccountPages, PasswordResetPages];
