import type { Type } from '@nestjs/common';
import { ContractorOrdersPages } from './orders.pages';
import { WorkOrderPages } from './work-order.pages';

/**
 * The contractor's pages: each work order from the link in their message (no account needed), and, for a
 * contractor with an account, the list of their work orders (`/contractor`).
 */
export const CONTRACTOR_PAGES: Type<unknown>[] = [WorkOrderPages, ContractorOrdersPages];
