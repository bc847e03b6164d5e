import type { Type } from '@nestjs/common';
import { OnCallPages } from './on-call.pages';

/** The page an on-call alert's link opens (no account): the emergency and its acknowledgement. */
export const ON_CALL_PAGES: Type<unknown>[] = [OnCallPages];
