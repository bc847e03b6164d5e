import { Inject, Injectable } from '@nestjs/common';
import { formatReference, parseReference, verifyChain, verifyText } from '@suivi/domain';
import type { Actor, ChainVerification, FieldError, TransitionCommand } from '@suivi/domain';
import { ComplaintQueries } from './complaint.queries';
import type { ComplaintCounts, ComplaintQuery, ComplaintSummary } from './complaint.queries';
import { ComplaintRecordRepository } from './complaint-record.repository';
import type { StoredEvent } from './event-store';
import type { ComplaintScope } from './scope';
import { FileComplaint } from './use-cases/file-complaint';
import type {
  FileComplaintCommand,
  FiledComplaint,
  PartnerFiling,
  TenantContactInput,
} from './use-cases/file-complaint';
import { ResendNotification } from './use-cases/resend-notification';
import { TransitionComplaint, complaintNotFound } from './use-cases/transition-complaint';
import type { TransitionResult } from './use-cases/transition-complaint';
import { ViewComplaint } from './use-cases/view-complaint';

export type {
  FileComplaintCommand,
  FiledComplaint,
  PartnerFiling,
  TenantContactInput,
} from './use-cases/file-complaint';
export type { ComplaintStatus, TransitionResult } from './use-cases/transition-complaint';
export { COMPLAINT_SORTS } from './complaint.queries';
export type { ComplaintQuery, ComplaintSort, ComplaintSummary } from './complaint.queries';

/**
 * The complaint use cases behind one entry point for the API, the portal and the link holders. Each
 * method parses the reference (unknown and malformed answer alike: 404) and hands over to its use case
 * (`use-cases/`) or read model (`complaint.queries.ts`); no SQL here. The actor is explicit in every call
 * so access policy can sit in front.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @Inject(FileComplaint) private readonly filing: FileComplaint,
    @Inject(TransitionComplaint) private readonly transitions: TransitionComplaint,
    @Inject(ResendNotification) private readonly resend: ResendNotification,
    @Inject(ViewComplaint) private readonly view: ViewComplaint,
    @Inject(ComplaintQueries) private readonly queries: ComplaintQueries,
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordRepository,
  ) {}

  /**
   * The refusals filing would give the tenant's contact details at this landlord (a phone that is not a
   * number of its country, a channel without its phone or e-mail), checked before the last step so a
   * filing form can say so at once. Unknown landlord: no refusal (filing will say so).
   */
  async checkContact(landlordCode: string, tenant: TenantContactInput): Promise<FieldError[]> {
    return this.filing.checkContact(landlordCode, tenant);
  }

  /**
   * Files a complaint (see FileComplaint). `landlordInScope`, when given, limits staff to their own
   * landlords: any other answers like an unknown landlord. `now`: the filing time, for the demo seed's past
   * histories only (HTTP callers never pass it).
   */
  async file(
    command: FileComplaintCommand,
    actor: Actor,
    partner?: PartnerFiling,
    landlordInScope: (landlordId: string) => boolean = () => true,
    now?: Date,
  ): Promise<FiledComplaint> {
    return this.filing.execute(command, actor, partner, landlordInScope, now);
  }

  /**
   * Applies an action to the complaint (see TransitionComplaint): 404, 409, 403 or 400 when it cannot.
   * `now`: the step's time, for the demo seed's past histories only (HTTP callers never pass it).
   */
  async transition(
    referenceInput: string,
    command: TransitionCommand,
    expectedVersion: number | undefined,
    actor: Actor,
    scope: ComplaintScope,
    now?: Date,
  ): Promise<TransitionResult> {
    const reference = this.requireReference(referenceInput);
    return this.transitions.execute(reference, command, expectedVersion, actor, scope, now);
  }

  /** A page of the complaints in scope matching the filters, and how many match in all. */
  async list(
    query: ComplaintQuery,
    scope: ComplaintScope,
  ): Promise<{ items: ComplaintSummary[]; total: number; page: number; pageSize: number }> {
    const selection = await this.queries.selection(query, scope);
    const [items, total] = await Promise.all([
      this.queries.page(query, selection),
      this.queries.total(selection),
    ]);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * The agents' queue: a page of `list` and the `counts`, whose total is the list's total (same
   * conditions), so the matching complaints are counted once per page view, not twice.
   */
  async queue(
    query: ComplaintQuery,
    scope: ComplaintScope,
  ): Promise<{
    list: Awaited<ReturnType<ComplaintsService['list']>>;
    counts: Awaited<ReturnType<ComplaintsService['counts']>>;
  }> {
    const [items, counts] = await Promise.all([
      this.queries.selection(query, scope).then((selection) => this.queries.page(query, selection)),
      this.counts(query, scope),
    ]);
    return { list: { items, total: counts.total, page: query.page, pageSize: query.pageSize }, counts };
  }

  /**
   * How many complaints match the filters (status aside), per status, and how many of them are past their
   * next due date: the queue's counts, on the same conditions as `list`. Exact: per landlord reached, a
   * grouped count that PostgreSQL answers from `IDX_complaints_landlord_status_next_due` alone (an
   * index-only scan: status, next due date and agency are in it) unless a category, channel or urgency
   * filter needs the rows.
   */
  async counts(
    query: Omit<ComplaintQuery, 'page' | 'pageSize' | 'sort'>,
    scope: ComplaintScope,
  ): Promise<ComplaintCounts> {
    const selection = await this.queries.selection({ ...query, status: undefined }, scope);
    const rows = await this.queries.countsByStatus(selection);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, { total: r.total, overdue: r.overdue }]));
    const counted = query.status ? rows.filter((r) => r.status === query.status) : rows;
    return {
      total: counted.reduce((sum, r) => sum + r.total, 0),
      overdue: counted.reduce((sum, r) => sum + r.overdue, 0),
      byStatus,
    };
  }

  /**
   * An agent sends a failed or unclear message again, after checking it did not arrive (for `unknown`) or
   * fixing the address (for `failed`): the row goes back to the outbox. Anything else answers 409.
   */
  async resendNotification(referenceInput: string, notificationId: string, scope: ComplaintScope) {
    return this.resend.execute(this.requireReference(referenceInput), notificationId, scope);
  }

  /** The text a message of the complaint is (or will be) sent with; 404 outside the scope. */
  async notificationText(referenceInput: string, notificationId: string, scope: ComplaintScope) {
    return this.resend.preview(this.requireReference(referenceInput), notificationId, scope);
  }

  /** The agent's complaint page (see ViewComplaint). */
  async detail(referenceInput: string, actor: Actor, scope: ComplaintScope) {
    return this.view.execute(this.requireReference(referenceInput), actor, scope);
  }

  /** The complaint's events in order, with their texts. */
  async eventsOf(referenceInput: string, scope: ComplaintScope): Promise<StoredEvent[]> {
    const id = await this.complaintId(referenceInput, scope);
    return this.records.history(id);
  }

  /** The chain check, plus whether each stored text still matches the digest its event committed to. */
  async verify(
    referenceInput: string,
    scope: ComplaintScope,
  ): Promise<
    ChainVerification & { reference: string; texts: { checked: number; mismatchedSeqs: number[] } }
  > {
    const id = await this.complaintId(referenceInput, scope);
    const [events, texts] = await Promise.all([this.records.history(id), this.records.texts(id)]);
    const chain = verifyChain(events);
    const digests = new Map(events.map((e) => [e.seq, e.textDigests]));
    const mismatchedSeqs = texts
      .filter((t) => !verifyText(t.salt, t.body, digests.get(t.seq)?.[t.visibility] ?? null))
      .map((t) => t.seq);
    return {
      reference: formatReference(this.requireReference(referenceInput)),
      ...chain,
      texts: { checked: texts.length, mismatchedSeqs },
    };
  }

  private async complaintId(referenceInput: string, scope: ComplaintScope): Promise<string> {
    const reference = this.requireReference(referenceInput);
    const id = await this.queries.idOf(reference, scope);
    if (!id) throw complaintNotFound(reference);
    return id;
  }

  /** Unknown and malformed references answer alike: not found. */
  private requireReference(input: string): string {
    const reference = parseReference(input);
    if (!reference) throw complaintNotFound(input);
    return reference;
  }
}
