import type { Type } from '@nestjs/common';
import { CalendarPages } from './calendar.pages';
import { DirectoryPages } from './directory.pages';
import { DirectoryEditPages } from './directory-edit.pages';
import { ManageHomePages } from './home.pages';
import { NumbersPages } from './numbers.pages';
import { OnCallManagePages } from './on-call.pages';
import { RulesPages } from './rules.pages';
import { UsersPages } from './users.pages';

/** Landlord admins (`/manage`): rule sets, calendars, users, agencies, residences, contractors. */
export const MANAGE_PAGES: Type<unknown>[] = [
  ManageHomePages,
  RulesPages,
  CalendarPages,
  NumbersPages,
  OnCallManagePages,
  UsersPages,
  DirectoryPages,
  DirectoryEditPages,
];
