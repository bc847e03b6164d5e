import type { Type } from '@nestjs/common';

/** Federation auditors and supervisors (`/dashboard`): response-time charts drawn on the server. */
export const DASHBOARD_PAGES: Type<unknown>[] = [];
