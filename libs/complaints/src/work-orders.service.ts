import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  offeredActions,
  formatReference,
  looksLikeToken,
  deriveToken,
  workOrderStage,
  CONTRACTOR_ACTIONS,
} from '@suivi/domain';
import type {
  Action,
  ComplaintSnapshot,
  ComplaintState,
  TransitionCommand,
  WorkOrderStage,
} from '@suivi/domain';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import type { RecordedUrgency } from './urgency.service';
import { ComplaintsService } from './complaints.service';
import type { TransitionResult } from './complaints.service';
import { ComplaintQueries } from './complaint.queries';
import type { ContractorOrderRow, EndedWorkOrderRow, WorkOrderRow } from './complaint.queries';
import { ComplaintRecordRepository } from './complaint-record.repository';

/** A work order whose link no longer opens it, as its page explains it (`WorkOrdersService.endedWorkOrder`). */
export interface EndedWorkOrder {
  reference: string;
  category: string;
  residence: string | null;
  city: string | null;
  contractor: string;
  /** closed: the case was closed; reassigned: another contractor has it; replaced: a newer link replaced it. */
  reason: 'closed' | 'reassigned' | 'replaced';
  /** ISO instant of the step that ended the order. */
  endedAt: string;
  /** The role that took that step (agent, supervisor, ...), or null when no step is recorded. */
  endedByRole: string | null;
  landlord: { name: string; phone: string | null };
  timeZone: string;
}

/** One of a contractor's work orders in their list (`WorkOrdersService.contractorOrders`). ISO instants. */
export interface ContractorOrder {
  reference: string;
  /** The work-order page, `/w/<token>`. */
  path: string;
  status: ComplaintState;
  category: string;
  urgencyLevel: string | null;
  residence: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  appointment: { start: string; end: string } | null;
  nextDueAt: string | null;
  worksReported: boolean;
  closedAt: string | null;
  timeZone: string;
  open: boolean;
}

const NO_MATCH = () => new DomainError(DomainErrorCode.NotFound, 'No complaint matches this link');

/**
 * The contractor's side (issue 18, M6): a work order through its link (what is left to do and only the
 * actions that can succeed now), an ended order explained, and a contractor account's list of orders.
 * Every change goes through ComplaintsService.transition, scoped to the one complaint the link opens.
 */
@Injectable()
export class WorkOrdersService {
  constructor(
    @Inject(ComplaintQueries) private readonly queries: ComplaintQueries,
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordRepository,
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async byWorkOrder(token: string): Promise<WorkOrderRow> {
    if (!looksLikeToken(token)) throw NO_MATCH();
    const row = await this.queries.byWorkOrderToken(token);
    if (!row) throw NO_MATCH();
    return row;
  }

  /**
   * The contractor's work order from its live link: the order, the appointment, where the works stand
   * (`stage`, with the dates of the last report and contest since the order was issued) and the actions
   * that can succeed now — the transition table's contractor actions whose guards hold (`offeredActions`),
   * the one definition the API checks too.
   * @throws DomainError NotFound for a token that opens no live order (see `endedWorkOrder`).
   */
  async workOrderView(token: string) {
    const o = await this.byWorkOrder(token);
    const since = o.order_created_at.getTime() - 5_000;
    const events = (await this.records.history(o.id)).filter((e) => Date.parse(e.at) >= since);
    const lastAt = (action: string) => events.filter((e) => e.action === action).at(-1)?.at ?? null;
    const snapshot: ComplaintSnapshot = {
      state: o.status,
      category: o.category as ComplaintSnapshot['category'],
      holdReason: o.hold_reason as ComplaintSnapshot['holdReason'],
      contractorId: o.contractor_id,
      closedAt: o.closed_at,
      worksReported: o.works_reported,
    };
    const offered = offeredActions(snapshot, 'contractor', { now: new Date(), reopenWindowDays: 0 });
    const stage: WorkOrderStage = workOrderStage(o.status, {
      worksReported: o.works_reported,
      booked: o.appointment_start !== null,
      actionsSinceOrder: events.map((e) => e.action),
    });
    return {
      reference: formatReference(o.reference),
      status: o.status as ComplaintState,
      version: o.version as number,
      contractor: o.contractor_name as string,
      category: o.category as string,
      description: o.description as string,
      address: o.address
        ? {
            residence: o.residence_name,
            address: o.address,
            postcode: o.postcode,
            city: o.city,
            unit: o.unit,
          }
        : { unit: o.unit },
      accessNotes: o.access_notes as string | null,
      // Only with the tenant's agreement, and then only the first name and the phone.
      tenant: o.share_contact_with_contractor
        ? { firstName: String(o.tenant_name ?? '').split(/\s+/)[0] || null, phone: o.tenant_phone }
        : null,
      appointment: o.appointment_start
        ? { start: o.appointment_start.toISOString(), end: (o.appointment_end as Date).toISOString() }
        : null,
      /** The landlord's time zone: the appointment and deadlines are read and entered in it. */
      timeZone: o.timezone as string,
      /** The urgency level, why, and the stage deadlines the contractor works to. */
      urgency: o.urgency
        ? {
            level: (o.urgency as RecordedUrgency).level,
            explanation: (o.urgency as RecordedUrgency).explanation,
            tenantResponsibility: (o.urgency as RecordedUrgency).tenantResponsibility,
            ruleSetVersion: (o.urgency as RecordedUrgency).ruleSetVersion,
            due: (o.urgency as RecordedUrgency).due,
          }
        : null,
      /** Where the works stand for this contractor, and when they were last reported, contested, checked. */
      stage,
      reportedAt: lastAt('report_done'),
      contestedAt: lastAt('reject_works'),
      checkedAt: lastAt('check_works'),
      landlord: { name: o.landlord_name, phone: o.landlord_phone },
      actions: offered.actions.filter((a) => (CONTRACTOR_ACTIONS as readonly string[]).includes(a)),
    };
  }

  /**
   * A work-order link that no longer opens its order (issue 18, M6): how it ended — closed (when, and the
   * role that closed it), reassigned to another contractor, or replaced — with only what the contractor saw
   * before (reference, problem, residence) and whom to ask. Null for a token that never opened an order.
   */
  async endedWorkOrder(token: string): Promise<EndedWorkOrder | null> {
    if (!looksLikeToken(token)) return null;
    const row: EndedWorkOrderRow | undefined = await this.queries.endedWorkOrder(token);
    if (!row) return null;
    const closing = row.ended_by_action === 'close' || row.ended_by_action === 'close_without_works';
    const reason: EndedWorkOrder['reason'] = row.reassigned
      ? 'reassigned'
      : row.status === 'closed' || closing
        ? 'closed'
        : 'replaced';
    return {
      reference: formatReference(row.reference),
      category: row.category,
      residence: row.residence_name,
      city: row.city,
      contractor: row.contractor_name,
      reason,
      endedAt: (row.ended_at ?? row.closed_at ?? row.revoked_at).toISOString(),
      endedByRole: row.ended_by_role,
      landlord: { name: row.landlord_name, phone: row.landlord_phone },
      timeZone: row.timezone,
    };
  }

  /**
   * A contractor account's work orders (issue 18, M6), scoped to its contractor and landlords: the open ones
   * (by next deadline) and the last closed ones, each with the path of its work-order page.
   */
  async contractorOrders(contractorId: string, landlordIds: string[]): Promise<ContractorOrder[]> {
    const rows: ContractorOrderRow[] = await this.queries.contractorOrders(contractorId, landlordIds);
    return rows.map((r) => ({
      reference: formatReference(r.reference),
      path: `/w/${deriveToken(this.config.linkSecret, 'work-order', r.work_order_id)}`,
      status: r.status,
      category: r.category,
      urgencyLevel: r.urgency_level,
      residence: r.residence_name,
      address: r.address,
      postcode: r.postcode,
      city: r.city,
      appointment: r.appointment_start
        ? { start: r.appointment_start.toISOString(), end: (r.appointment_end as Date).toISOString() }
        : null,
      nextDueAt: r.next_due_at ? r.next_due_at.toISOString() : null,
      worksReported: r.works_reported,
      closedAt: r.closed_at ? r.closed_at.toISOString() : null,
      timeZone: r.timezone,
      open: r.open,
    }));
  }

  async contractorAct(
    token: string,
    command: TransitionCommand,
    expectedVersion: number,
  ): Promise<TransitionResult> {
    const o = await this.byWorkOrder(token);
    if (!(CONTRACTOR_ACTIONS as readonly Action[]).includes(command.action)) {
      throw new DomainError(DomainErrorCode.NotAllowed, `A contractor may not ${command.action} a complaint`);
    }
    return this.complaints.transition(
      o.reference,
      command,
      expectedVersion,
      { role: 'contractor', id: o.order_contractor_id },
      { kind: 'complaint', complaintId: o.id },
    );
  }
}
