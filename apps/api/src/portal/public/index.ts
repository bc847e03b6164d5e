import type { Type } from '@nestjs/common';
import { TrackingPages } from './tracking.pages';

/** Pages anyone can open: home, filing, following a case, the tracking page, urgency criteria. */
export const PUBLIC_PAGES: Type<unknown>[] = [TrackingPages];
