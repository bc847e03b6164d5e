import type { Type } from '@nestjs/common';
import { CriteriaPages } from './criteria.pages';
import { FilingPages } from './filing.pages';
import { PreferencesPages } from './preferences.pages';
import { TenantActionPages } from './tenant-actions.pages';
import { TrackingPages } from './tracking.pages';

/** Pages anyone can open: home, filing, following a case, the tracking page, urgency criteria. */
export const PUBLIC_PAGES: Type<unknown>[] = [
  TrackingPages,
  TenantActionPages,
  FilingPages,
  CriteriaPages,
  PreferencesPages,
];
