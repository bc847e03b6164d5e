import type { Type } from '@nestjs/common';
import { AccountPages, PasswordResetPages } from './account.pages';
import { InvitationPages } from './invitations.pages';

/**
 * A person's own account: password change, two-step sign-in, resetting a forgotten password, and accepting an
 * invitation to work for another landlord.
 */
export const ACCOUNT_PAGES: Type<unknown>[] = [AccountPages, PasswordResetPages, InvitationPages];
