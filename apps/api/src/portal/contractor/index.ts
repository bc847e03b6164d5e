import type { Type } from '@nestjs/common';
import { WorkOrderPages } from './work-order.pages';

/** The contractor's work-order pages, opened from the link in their message (no account). */
export const CONTRACTOR_PAGES: Type<unknown>[] = [WorkOrderPages];
