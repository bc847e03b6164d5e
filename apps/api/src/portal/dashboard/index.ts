import type { Type } from '@nestjs/common';
import { DashboardPages } from './dashboard.pages';

/** Federation auditors and supervisors (`/dashboard`): response-time charts drawn on the server. */
export const DASHBOARD_PAGES: Type<unknown>[] = [DashboardPages];
