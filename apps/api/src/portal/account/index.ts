import type { Type } from '@nestjs/common';
import { AccountPages } from './account.pages';
import { InvitationPages } from './invitations.pages';
import { PasswordResetPages } from './password-reset.pages';

/**
 * A person's own account: password change, two-step sign-in, resetting a forgotten password, and accepting an
 * invitation to work for another landlord.
 */
export const ACCOUNT_PAGES: Type<unknown>[] = [AccountPages, PasswordResetPages, InvitationPages];
