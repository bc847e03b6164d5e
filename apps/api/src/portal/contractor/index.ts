import type { Type } from '@nestjs/common';

/** The contractor's work-order pages, opened from the link in their message (no account). */
export const CONTRACTOR_PAGES: Type<unknown>[] = [];
