import type { Type } from '@nestjs/common';

/** Landlord admins (`/manage`): rule sets, calendars, users, agencies, residences, contractors. */
export const MANAGE_PAGES: Type<unknown>[] = [];
