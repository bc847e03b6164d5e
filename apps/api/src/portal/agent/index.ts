import type { Type } from '@nestjs/common';
import { AgentComplaintPages } from './complaint.pages';
import { PartnerPages } from './partner.pages';
import { AgentQueuePages } from './queue.pages';

/** Front-desk agents and supervisors (`/agent`), and partners (`/partners`). */
export const AGENT_PAGES: Type<unknown>[] = [AgentQueuePages, AgentComplaintPages, PartnerPages];
