import type { Type } from '@nestjs/common';

/** Front-desk agents and supervisors (`/agent`), and partners (`/partners`). */
export const AGENT_PAGES: Type<unknown>[] = [];
