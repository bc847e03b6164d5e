import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Metrics } from '@suivi/observability';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import {
  CATEGORIES,
  DomainError,
  DomainErrorCode,
  GENESIS_HASH,
  applyAction,
  assessSafety,
  auditRollupAfter,
  offeredActions,
  reopenableUntil,
  fileComplaint,
  formatReference,
  hashToken,
  deriveToken,
  newReference,
  NO_STAGE_PROGRESS,
  nextDeadline,
  parseReference,
  stageProgressOfRollup,
  safetyAnswers,
  verifyChain,
  verifyText,
} from '@suivi/domain';
import type {
  Actor,
  Category,
  ChainVerification,
  ComplaintSnapshot,
  ComplaintState,
  EventAction,
  EventDraft,
  FieldError,
  Stage,
  TransitionCommand,
  TransitionOutcome,
} from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { NotificationOutbox } from '@suivi/notifications';
import { EventStore } from './event-store';
import { ROLLUP_SELECT, changedRollupColumns, rollupFromRow } from './audit-rollup-columns';
import { scopeBranches, scopeCondition } from './scope';
import type { ScopeNarrowing } from './scope';
import { UrgencyService } from './urgency.service';
import { clocksOf } from './stage-clocks';
import { readPhone } from './phone';
import type { LandlordCalendarRow, RecordedUrgency } from './urgency.service';
import type { ComplaintScope } from './scope';
import type { StoredEvent } from './event-store';

export interface TenantContactInput {
  name: string;
  phone?: string;
  email?: string;
  preferredChannel?: 'sms' | 'email' | 'both' | 'none';
  language?: 'fr' | 'en';
}

export interface FileComplaintCommand {
  landlordCode: string;
  agencyCode?: string;
  residenceCode?: string;
  unit?: string;
  category: string;
  description: string;
  channel: string;
  tenant: TenantContactInput;
  /** How to get in (door code, times the tenant is in); shown to the contractor. */
  accessNotes?: string;
  /** The tenant agrees that the contractor sees their first name and phone. */
  shareContactWithContractor?: boolean;
  /** What the tenant or agent ticked: gas_smell, no_heating, vulnerable_occupant, ... */
  flags?: string[];
  /** The safety questions answered "no"; the category's others not in `flags` are unknown (assessSafety). */
  flagsAnsweredNo?: string[];
}

/** A partner filing on the tenant's behalf, with the tenant's consent. */
export interface PartnerFiling {
  partnerOrganisationId: string;
  caseReference: string | null;
}

export interface FiledComplaint extends ComplaintStatus {
  /** Given once, to the filer, for the tenant: opens the tracking page. Stored only as a hash. */
  trackingToken: string;
  urgency: Pick<RecordedUrgency, 'level' | 'explanation' | 'tenantResponsibility' | 'due'> | null;
}

export const COMPLAINT_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'status',
  '-status',
  'nextDue',
  '-nextDue',
] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];

export interface ComplaintQuery {
  status?: string;
  landlord?: string;
  agency?: string;
  category?: string;
  channel?: string;
  urgency?: string;
  /** Only complaints whose next stage is past due (true) or not (false). */
  overdue?: boolean;
  page: number;
  pageSize: number;
  sort: ComplaintSort;
}

export interface ComplaintStatus {
  reference: string;
  status: ComplaintState;
  version: number;
}

export interface TransitionResult extends ComplaintStatus {
  /** A new contractor link, when the action assigned a contractor. Stored only as a hash. */
  workOrderToken?: string;
  event: { seq: number; action: string; fromState: string | null; toState: string; at: string; hash: string };
}

export interface ComplaintSummary {
  reference: string;
  status: string;
  version: number;
  landlord: string;
  agency: string | null;
  residence: string | null;
  category: string;
  channel: string;
  onHold: string | null;
  urgency: string | null;
  /**
   * Not yet acknowledged, and its filing left a safety question unanswered or its description holds danger
   * words (assessSafety): staff should read it before trusting its urgency.
   */
  safetyReview: boolean;
  /** The next stage to meet, when, and whether it is already late; null once closed. */
  nextDue: { stage: string; at: string; overdue: boolean } | null;
  createdAt: string;
  updatedAt: string;
}

interface LockedComplaint {
  id: string;
  /** The audit rollup columns (ROLLUP_SELECT), read into an AuditRollup. */
  [rollupColumn: string]: unknown;
  status: ComplaintState;
  version: number;
  category: ComplaintSnapshot['category'];
  hold_reason: ComplaintSnapshot['holdReason'];
  contractor_id: string | null;
  works_reported: boolean;
  closed_at: Date | null;
  head_hash: string;
  landlord_id: string;
  reopen_window_days: number;
  urgency: RecordedUrgency | null;
  urgency_level: string | null;
  flags: string[];
  description: string;
  created_at: Date;
  next_due_stage: Stage | null;
  country: string;
  region: string;
  timezone: string;
  closures: string[];
}

const REFERENCE_ATTEMPTS = 5;

/**
 * The complaint use cases. Every change goes through the domain's `applyAction` inside one transaction
 * that locks the complaint row, checks the expected version, updates the complaint and appends the
 * next hash-chained event. The actor is explicit in every call so access policy can sit in front.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(NotificationOutbox) private readonly outbox: NotificationOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(Metrics) private readonly metrics?: Metrics,
  ) {}

  /**
   * The refusals filing would give the tenant's contact details at this landlord (a phone that is not a
   * number of its country, a channel without its phone or e-mail), checked before the last step so a
   * filing form can say so at once. Unknown landlord: no refusal (filing will say so).
   */
  async checkContact(landlordCode: string, tenant: TenantContactInput): Promise<FieldError[]> {
    const [landlord]: { country: string; region: string }[] = await this.db.query(
      'SELECT country, region FROM landlords WHERE code = $1',
      [landlordCode],
    );
    const fields: FieldError[] = [];
    if (landlord) normaliseContact(tenant, landlord.country, landlord.region, fields);
    return fields;
  }

  /**
   * Files a complaint. `landlordInScope`, when given, limits staff to their own landlords: any other
   * answers like an unknown landlord.
   */
  async file(
    command: FileComplaintCommand,
    actor: Actor,
    partner?: PartnerFiling,
    landlordInScope: (landlordId: string) => boolean = () => true,
  ): Promise<FiledComplaint> {
    const landlord: (LandlordCalendarRow & { code: string })[] = await this.db.query(
      'SELECT id, code, country, region, timezone, closure_days::text[] AS closures FROM landlords WHERE code = $1',
      [command.landlordCode],
    );
    if (!landlord[0] || !landlordInScope(landlord[0].id)) {
      throw DomainError.invalidInput([{ field: 'landlordCode', message: 'no such landlord' }]);
    }
    const { id: landlordId, country } = landlord[0];
    const fields: FieldError[] = [];
    const place = await this.resolvePlace(landlordId, command, fields);
    const contact = normaliseContact(command.tenant, country, landlord[0].region, fields);
    const now = new Date();
    const known = (CATEGORIES as readonly string[]).includes(command.category);
    const safety = known
      ? assessSafety(
          command.category as Category,
          safetyAnswers(command.flags ?? [], command.flagsAnsweredNo ?? []),
          command.description,
        )
      : null;
    const flags = [...new Set(safety?.flags ?? command.flags ?? [])].sort();
    const decided = known
      ? await this.urgency.decide(
          landlord[0],
          { category: command.category as Category, flags, description: command.description },
          now,
        )
      : null;
    const urgency: RecordedUrgency | null =
      decided && safety
        ? {
            ...decided,
            safety: { unknown: safety.unknown, dangerWords: safety.dangerWords, review: safety.review },
          }
        : decided;
    const drafted = fileComplaint(
      {
        category: command.category,
        channel: command.channel,
        landlordCode: command.landlordCode,
        agencyCode: place.agencyCode,
        residenceCode: command.residenceCode ?? null,
        ...(urgency
          ? {
              urgency: {
                level: urgency.level,
                ruleIds: urgency.ruleIds,
                ruleSetVersion: urgency.ruleSetVersion,
                flags,
              },
            }
          : {}),
      },
      actor,
      now,
    );
    if (!drafted.ok) {
      if (drafted.error.code !== DomainErrorCode.InvalidInput) throw drafted.error;
      fields.unshift(...(drafted.error.details.fields ?? []));
    }
    if (fields.length || !drafted.ok) throw DomainError.invalidInput(fields);

    for (let attempt = 1; ; attempt++) {
      const reference = newReference();
      try {
        return await this.db.transaction(async (em) => {
          const complaintId = randomUUID();
          const [tenant]: { id: string }[] = await em.query(
            `INSERT INTO tenant_contacts (name, phone_e164, email, preferred_channel, language)
             VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [contact.name, contact.phone, contact.email, contact.preferredChannel, contact.language],
          );
          const first = this.events.prepare(complaintId, 1, GENESIS_HASH, drafted.value);
          await this.insertComplaint(em, {
            id: complaintId,
            reference,
            landlordId,
            agencyId: place.agencyId,
            residenceId: place.residenceId,
            unit: command.unit?.trim() || null,
            category: command.category,
            description: command.description.trim(),
            channel: command.channel,
            actor,
            tenantContactId: tenant.id,
            headHash: first.event.hash,
            now,
          });
          await this.events.write(em, first);
          const trackingToken = deriveToken(this.config.linkSecret, 'track', complaintId);
          const due = nextDeadline(urgency, 'received', NO_STAGE_PROGRESS);
          await em.query(
            `UPDATE complaints SET tracking_token_hash = $2, access_notes = $3, share_contact_with_contractor = $4,
                    partner_organisation_id = $5, partner_case_reference = $6,
                    consent_recorded_at = CASE WHEN $5::uuid IS NULL THEN NULL ELSE now() END,
                    flags = $7, urgency = $8::jsonb, urgency_level = $9, next_due_at = $10, next_due_stage = $11,
                    acknowledge_due_at = $12, intervene_due_at = $13, resolve_due_at = $14
              WHERE id = $1`,
            [
              complaintId,
              hashToken(trackingToken),
              command.accessNotes?.trim() || null,
              command.shareContactWithContractor ?? false,
              partner?.partnerOrganisationId ?? null,
              partner?.caseReference ?? null,
              flags,
              JSON.stringify(urgency),
              urgency?.level ?? null,
              due?.at ?? null,
              due?.stage ?? null,
              urgency?.due.acknowledge ?? null,
              urgency?.due.intervene ?? null,
              urgency?.due.resolve ?? null,
            ],
          );
          await this.outbox.record(em, {
            complaintId,
            seq: 1,
            action: 'file',
            actorRole: actor.role,
            payload: first.event.payload,
            at: first.at,
          });
          return {
            reference: formatReference(reference),
            status: 'received' as const,
            version: 1,
            trackingToken,
            urgency: urgency && {
              level: urgency.level,
              explanation: urgency.explanation,
              tenantResponsibility: urgency.tenantResponsibility,
              due: urgency.due,
            },
          };
        });
      } catch (e) {
        // 60 random bits make a clash vanishingly rare; when one happens, draw again.
        if (pgErrorCode(e) === PG_UNIQUE_VIOLATION && attempt < REFERENCE_ATTEMPTS) continue;
        throw e;
      }
    }
  }

  /** Inserts the complaint with its first event's hash as head, so no second write is needed. */
  private async insertComplaint(
    em: EntityManager,
    c: {
      id: string;
      reference: string;
      landlordId: string;
      agencyId: string | null;
      residenceId: string | null;
      unit: string | null;
      category: string;
      description: string;
      channel: string;
      actor: Actor;
      tenantContactId: string;
      headHash: string;
      now: Date;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO complaints (id, reference, landlord_id, agency_id, residence_id, unit, category, description,
                               intake_channel, filed_by_role, filed_by_id, tenant_contact_id, status, version,
                               head_hash, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'received', 1, $13, $14, $14)`,
      [
        c.id,
        c.reference,
        c.landlordId,
        c.agencyId,
        c.residenceId,
        c.unit,
        c.category,
        c.description,
        c.channel,
        c.actor.role,
        c.actor.id,
        c.tenantContactId,
        c.headHash,
        c.now,
      ],
    );
  }

  private async resolvePlace(
    landlordId: string,
    command: FileComplaintCommand,
    fields: FieldError[],
  ): Promise<{ agencyId: string | null; agencyCode: string | null; residenceId: string | null }> {
    let agency: { id: string; code: string } | undefined;
    let residence: { id: string; agency_id: string | null } | undefined;
    if (command.agencyCode) {
      [agency] = await this.db.query('SELECT id, code FROM agencies WHERE landlord_id = $1 AND code = $2', [
        landlordId,
        command.agencyCode,
      ]);
      if (!agency) fields.push({ field: 'agencyCode', message: 'no such agency for this landlord' });
    }
    if (command.residenceCode) {
      [residence] = await this.db.query(
        'SELECT id, agency_id FROM residences WHERE landlord_id = $1 AND code = $2',
        [landlordId, command.residenceCode],
      );
      if (!residence) fields.push({ field: 'residenceCode', message: 'no such residence for this landlord' });
    }
    if (!agency && residence?.agency_id) {
      [agency] = await this.db.query('SELECT id, code FROM agencies WHERE id = $1', [residence.agency_id]);
    }
    return {
      agencyId: agency?.id ?? null,
      agencyCode: agency?.code ?? null,
      residenceId: residence?.id ?? null,
    };
  }

  async transition(
    referenceInput: string,
    command: TransitionCommand,
    expectedVersion: number | undefined,
    actor: Actor,
    scope: ComplaintScope,
  ): Promise<TransitionResult> {
    const reference = this.requireReference(referenceInput);
    return this.db.transaction(async (em) => {
      const params: unknown[] = [reference];
      const [row]: LockedComplaint[] = await em.query(
        `SELECT c.id, c.status, c.version, c.category, c.hold_reason, c.contractor_id, c.works_reported,
                c.closed_at, c.head_hash,
                c.landlord_id, l.reopen_window_days, c.urgency, c.urgency_level, c.flags, c.description,
                c.created_at, c.next_due_stage, ${ROLLUP_SELECT},
                l.country, l.region, l.timezone, l.closure_days::text[] AS closures
           FROM complaints c JOIN landlords l ON l.id = c.landlord_id
          WHERE c.reference = $1 AND ${scopeCondition(scope, params)}
            FOR UPDATE OF c`,
        params,
      );
      if (!row) throw notFound(reference);
      const current = { status: row.status, version: row.version };
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw new DomainError(
          DomainErrorCode.StaleVersion,
          `The complaint is at version ${row.version}, not ${expectedVersion}`,
          { current },
        );
      }
      const result = applyAction(
        {
          state: row.status,
          category: row.category,
          holdReason: row.hold_reason,
          contractorId: row.contractor_id,
          closedAt: row.closed_at,
          urgencyLevel: row.urgency_level,
          flags: row.flags,
          worksReported: row.works_reported,
        },
        command,
        actor,
        { now: new Date(), reopenWindowDays: row.reopen_window_days },
      );
      if (!result.ok) {
        result.error.details.current = current;
        throw result.error;
      }
      const { state, changes, event: draft } = result.value;
      if (changes.contractorId) await this.requireContractor(em, row.landlord_id, changes.contractorId);
      const urgency = await this.urgencyAfter(row, changes, draft, actor);

      const seq = row.version + 1;
      const prepared = this.events.prepare(row.id, seq, row.head_hash, draft);
      const event = prepared.event;
      const columns: Record<string, unknown> = {
        status: state,
        version: seq,
        head_hash: event.hash,
        updated_at: draft.at,
      };
      const calendar = this.urgency.calendarFor(calendarRowOf(row));
      const rollup = rollupFromRow(row, row.created_at);
      const rolled = auditRollupAfter(rollup, draft, (from, to) => calendar.workingDaysBetween(from, to));
      Object.assign(columns, changedRollupColumns(rollup, rolled));
      if (changes.category !== undefined) columns.category = changes.category;
      if (changes.flags !== undefined) columns.flags = changes.flags;
      if (changes.holdReason !== undefined) columns.hold_reason = changes.holdReason;
      if (changes.contractorId !== undefined) columns.contractor_id = changes.contractorId;
      if (changes.worksReported !== undefined) columns.works_reported = changes.worksReported;
      if (changes.closedAt !== undefined) columns.closed_at = changes.closedAt;
      if (urgency) {
        columns.urgency = urgency;
        columns.urgency_level = urgency.level;
        columns.acknowledge_due_at = urgency.due.acknowledge ?? null;
        columns.intervene_due_at = urgency.due.intervene ?? null;
        columns.resolve_due_at = urgency.due.resolve ?? null;
      }
      const due = nextDeadline(urgency ?? row.urgency, state, stageProgressOfRollup(rolled));
      columns.next_due_at = due?.at ?? null;
      columns.next_due_stage = due?.stage ?? null;
      if (changes.appointment !== undefined) {
        columns.appointment_start = changes.appointment?.start ?? null;
        columns.appointment_end = changes.appointment?.end ?? null;
      }
      await this.events.write(em, prepared, { id: row.id, columns });
      const workOrderToken = await this.updateWorkOrders(em, row.id, changes.contractorId, state);
      this.metrics?.transitions.inc({ action: event.action });
      await this.outbox.record(em, {
        complaintId: row.id,
        seq,
        action: event.action as EventAction,
        actorRole: actor.role,
        payload: event.payload,
        at: draft.at,
      });
      return {
        reference: formatReference(reference),
        status: state,
        version: seq,
        ...(workOrderToken ? { workOrderToken } : {}),
        event: {
          seq,
          action: event.action,
          fromState: event.fromState,
          toState: event.toState,
          at: event.at,
          hash: event.hash,
        },
      };
    });
  }

  /**
   * The urgency after an action: an override sets a level of the complaint's own rule-set version; a change
   * of category is evaluated again on the current rules (deadlines still counted from filing), and the event
   * commits to the new decision. Null when the urgency does not change.
   */
  private async urgencyAfter(
    row: LockedComplaint,
    changes: TransitionOutcome['changes'],
    draft: EventDraft,
    actor: Actor,
  ): Promise<RecordedUrgency | null> {
    const landlord = calendarRowOf(row);
    if (changes.urgencyLevel && row.urgency) {
      const ruleSet = await this.urgency.version(landlord, row.urgency.ruleSetVersion);
      if (!ruleSet.ruleSet.levels.some((level) => level.id === changes.urgencyLevel)) {
        throw DomainError.invalidInput([
          {
            field: 'urgencyLevel',
            message: `is not a level of rule set version ${ruleSet.version}: ${ruleSet.ruleSet.levels.map((l) => l.id).join(', ')}`,
          },
        ]);
      }
      return this.urgency.overridden(landlord, row.urgency, ruleSet, changes.urgencyLevel, row.created_at, {
        role: actor.role,
        at: draft.at,
      });
    }
    if (changes.urgencyLevel) {
      throw DomainError.invalidInput([
        { field: 'urgencyLevel', message: 'this complaint has no urgency decision' },
      ]);
    }
    const category = changes.category ?? row.category;
    const flags = changes.flags ? [...changes.flags] : row.flags;
    if (category !== row.category || flags !== row.flags) {
      const decision = await this.urgency.decide(
        landlord,
        { category, flags, description: row.description },
        row.created_at,
      );
      draft.payload.urgency = {
        level: decision.level,
        ruleIds: decision.ruleIds,
        ruleSetVersion: decision.ruleSetVersion,
        flags,
      };
      return decision;
    }
    return null;
  }

  /**
   * A contractor's link lives as long as its assignment: assigning creates one and kills the previous,
   * closing kills it.
   */
  private async updateWorkOrders(
    em: EntityManager,
    complaintId: string,
    newContractorId: string | null | undefined,
    state: ComplaintState,
  ): Promise<string | undefined> {
    if (!newContractorId && state !== 'closed') return undefined;
    await em.query(
      'UPDATE work_orders SET revoked_at = now() WHERE complaint_id = $1 AND revoked_at IS NULL',
      [complaintId],
    );
    if (!newContractorId) return undefined;
    const id = randomUUID();
    const token = deriveToken(this.config.linkSecret, 'work-order', id);
    await em.query(
      'INSERT INTO work_orders (id, complaint_id, contractor_id, token_hash) VALUES ($1, $2, $3, $4)',
      [id, complaintId, newContractorId, hashToken(token)],
    );
    return token;
  }

  private async requireContractor(
    em: EntityManager,
    landlordId: string,
    contractorId: string,
  ): Promise<void> {
    const [found] = await em.query(
      'SELECT 1 FROM contractors WHERE id = $1 AND landlord_id = $2 AND active',
      [contractorId, landlordId],
    );
    if (!found) {
      throw DomainError.invalidInput([
        { field: 'contractorId', message: 'no active contractor of this landlord' },
      ]);
    }
  }

  async list(
    query: ComplaintQuery,
    scope: ComplaintScope,
  ): Promise<{ items: ComplaintSummary[]; total: number; page: number; pageSize: number }> {
    const selection = await this.selection(query, scope);
    const [items, total] = await Promise.all([this.page(query, selection), this.total(selection)]);
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
      this.selection(query, scope).then((selection) => this.page(query, selection)),
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
  ): Promise<{
    total: number;
    overdue: number;
    byStatus: Record<string, { total: number; overdue: number }>;
  }> {
    const { branches, params } = await this.selection({ ...query, status: undefined }, scope);
    const grouped = (where: string) =>
      `SELECT c.status, count(*) AS total, count(*) FILTER (WHERE c.next_due_at <= now()) AS overdue
         FROM complaints c WHERE ${where} GROUP BY c.status`;
    const rows: { status: string; total: number; overdue: number }[] =
      branches.length === 0
        ? []
        : await this.db.query(
            `SELECT status, sum(total)::int AS total, sum(overdue)::int AS overdue
               FROM (${branches.map(grouped).join(' UNION ALL ')}) AS per_landlord GROUP BY status`,
            params,
          );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, { total: r.total, overdue: r.overdue }]));
    const counted = query.status ? rows.filter((r) => r.status === query.status) : rows;
    return {
      total: counted.reduce((sum, r) => sum + r.total, 0),
      overdue: counted.reduce((sum, r) => sum + r.overdue, 0),
      byStatus,
    };
  }

  /** The conditions of a list, one per landlord reached (see `scopeBranches`), sharing their parameters. */
  private async selection(
    query: Omit<ComplaintQuery, 'page' | 'pageSize' | 'sort'>,
    scope: ComplaintScope,
  ): Promise<{ branches: string[]; params: unknown[] }> {
    const params: unknown[] = [];
    const narrowing: ScopeNarrowing = {};
    if (query.landlord) {
      const [landlord]: { id: string }[] = await this.db.query('SELECT id FROM landlords WHERE code = $1', [
        query.landlord,
      ]);
      if (!landlord) return { branches: [], params };
      narrowing.landlordId = landlord.id;
    }
    if (query.agency) {
      // Agency codes are unique per landlord only: the code names that agency in each landlord.
      const agencies: { id: string; landlord_id: string }[] = await this.db.query(
        'SELECT id, landlord_id FROM agencies WHERE code = $1',
        [query.agency],
      );
      narrowing.agencyIdsByLandlord = new Map();
      for (const { id, landlord_id } of agencies) {
        narrowing.agencyIdsByLandlord.set(landlord_id, [
          ...(narrowing.agencyIdsByLandlord.get(landlord_id) ?? []),
          id,
        ]);
      }
    }
    const scoped = scopeBranches(scope, params, narrowing);
    const filters: string[] = [];
    const filter = (sql: string, value: unknown) => {
      params.push(value);
      filters.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) filter('c.status = ?', query.status);
    if (query.category) filter('c.category = ?', query.category);
    if (query.channel) filter('c.intake_channel = ?', query.channel);
    if (query.urgency) filter('c.urgency_level = ?', query.urgency);
    if (query.overdue === true) filters.push('c.next_due_at <= now()');
    if (query.overdue === false) filters.push('(c.next_due_at IS NULL OR c.next_due_at > now())');
    return { branches: scoped.map((branch) => [branch, ...filters].join(' AND ')), params };
  }

  /**
   * One page of a list. Each landlord's branch reads its own index in the requested order and stops after
   * the page (LIMIT/OFFSET, with the id as tie-breaker so pages never overlap or skip); several landlords'
   * first `offset + pageSize` rows are merged and cut again. The landlord, agency and residence codes are
   * joined to the page's rows only.
   */
  private async page(
    query: ComplaintQuery,
    { branches, params }: { branches: string[]; params: unknown[] },
  ): Promise<ComplaintSummary[]> {
    if (branches.length === 0) return [];
    const column = {
      createdAt: 'c.created_at',
      updatedAt: 'c.updated_at',
      status: 'c.status',
      nextDue: 'c.next_due_at',
    }[query.sort.replace('-', '') as 'createdAt' | 'updatedAt' | 'status' | 'nextDue'];
    const direction = query.sort.startsWith('-') ? 'DESC' : 'ASC';
    // Closed complaints have no next due date: they come last whichever way the queue is sorted.
    const nulls = column === 'c.next_due_at' ? ' NULLS LAST' : '';
    const order = `ORDER BY ${column} ${direction}${nulls}, c.id ${direction}`;
    const offset = (query.page - 1) * query.pageSize;
    const columns = `c.id, c.reference, c.status, c.version, c.landlord_id, c.agency_id, c.residence_id, c.category,
                     c.intake_channel, c.hold_reason, c.created_at, c.updated_at, c.urgency_level, c.next_due_at,
                     c.next_due_stage,
                     (c.status = 'received' AND COALESCE((c.urgency->'safety'->>'review')::boolean, false))
                       AS safety_review`;
    const pageRows =
      branches.length === 1
        ? `SELECT ${columns} FROM complaints c WHERE ${branches[0]} ${order} LIMIT ${query.pageSize} OFFSET ${offset}`
        : `SELECT c.* FROM (${branches
            .map(
              (b) =>
                `(SELECT ${columns} FROM complaints c WHERE ${b} ${order} LIMIT ${offset + query.pageSize})`,
            )
            .join(' UNION ALL ')}) AS c ${order} LIMIT ${query.pageSize} OFFSET ${offset}`;
    const rows = await this.db.query(
      `SELECT c.reference, c.status, c.version, l.code AS landlord, a.code AS agency, r.code AS residence,
              c.category, c.intake_channel, c.hold_reason, c.created_at, c.updated_at, c.urgency_level,
              c.next_due_at, c.next_due_stage, c.next_due_at <= now() AS overdue, c.safety_review
         FROM (${pageRows}) AS c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN residences r ON r.id = c.residence_id
        ${order}`,
      params,
    );
    return rows.map((r: Record<string, never>): ComplaintSummary => ({
      reference: formatReference(r.reference),
      status: r.status,
      version: r.version,
      landlord: r.landlord,
      agency: r.agency,
      residence: r.residence,
      category: r.category,
      channel: r.intake_channel,
      onHold: r.hold_reason,
      urgency: r.urgency_level,
      safetyReview: r.safety_review === true,
      nextDue: r.next_due_at
        ? { stage: r.next_due_stage, at: (r.next_due_at as Date).toISOString(), overdue: r.overdue }
        : null,
      createdAt: (r.created_at as Date).toISOString(),
      updatedAt: (r.updated_at as Date).toISOString(),
    }));
  }

  /** How many complaints a list matches: per landlord reached, a count the landlord's indexes answer. */
  private async total({ branches, params }: { branches: string[]; params: unknown[] }): Promise<number> {
    if (branches.length === 0) return 0;
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT (${branches.map((b) => `(SELECT count(*) FROM complaints c WHERE ${b})`).join(' + ')})::int AS total`,
      params,
    );
    return total;
  }

  /**
   * An agent sends a failed or unclear message again, after checking it did not arrive (for `unknown`) or
   * fixing the address (for `failed`): the row goes back to the outbox. Anything else answers 409.
   */
  async resendNotification(referenceInput: string, notificationId: string, scope: ComplaintScope) {
    const reference = this.requireReference(referenceInput);
    const params: unknown[] = [reference, notificationId];
    const condition = scopeCondition(scope, params);
    const [row]: { status: string }[] = await this.db.query(
      `SELECT n.status FROM notifications n JOIN complaints c ON c.id = n.complaint_id
        WHERE c.reference = $1 AND n.id = $2 AND ${condition}`,
      params,
    );
    if (!row)
      throw new DomainError(DomainErrorCode.NotFound, `No notification ${notificationId} on ${reference}`);
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE notifications SET status = 'pending', not_before = now(), updated_at = now()
        WHERE id = $1 AND status IN ('unknown', 'failed') RETURNING id`,
      [notificationId],
    );
    if (rows.length === 0) {
      throw new DomainError(DomainErrorCode.InvalidTransition, `A ${row.status} message is not sent again`, {
        current: { status: row.status },
      });
    }
    return { id: notificationId, status: 'pending' as const };
  }

  /** Each message about the complaint and how far it got; permanent failures are for agents to act on. */
  private async deliveries(complaintId: string) {
    const rows: Record<string, never>[] = await this.db.query(
      `SELECT id, seq, template, audience, channel, status, attempts, error_code, error, created_at, sent_at,
              delivered_at
         FROM notifications WHERE complaint_id = $1 ORDER BY seq, audience, channel`,
      [complaintId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      seq: r.seq as number,
      about: r.template as string,
      audience: r.audience as string,
      channel: r.channel as string,
      status: r.status as string,
      attempts: r.attempts as number,
      error: r.error_code ? { code: r.error_code as string, message: r.error as string | null } : null,
      createdAt: (r.created_at as Date).toISOString(),
      sentAt: (r.sent_at as Date | null)?.toISOString() ?? null,
      deliveredAt: (r.delivered_at as Date | null)?.toISOString() ?? null,
    }));
  }

  async detail(referenceInput: string, actor: Actor, scope: ComplaintScope) {
    const reference = this.requireReference(referenceInput);
    const params: unknown[] = [reference];
    const condition = scopeCondition(scope, params);
    const [c] = await this.db.query(
      `SELECT c.*, l.code AS landlord_code, l.name AS landlord_name, l.country, l.region, l.timezone,
              l.closure_days::text[] AS closures, l.reopen_window_days,
              a.code AS agency_code, a.name AS agency_name,
              r.code AS residence_code, r.name AS residence_name, r.address AS residence_address,
              r.postcode AS residence_postcode, r.city AS residence_city,
              k.name AS contractor_name, t.name AS tenant_name, t.phone_e164 AS tenant_phone,
              t.email AS tenant_email, t.preferred_channel AS tenant_channel, t.language AS tenant_language
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN residences r ON r.id = c.residence_id
         LEFT JOIN contractors k ON k.id = c.contractor_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.reference = $1 AND ${condition}`,
      params,
    );
    if (!c) throw notFound(reference);
    const events = await this.events.list(this.db.manager, c.id);
    const urgency = c.urgency as RecordedUrgency | null;
    const calendar = this.urgency.calendarFor({
      id: c.landlord_id,
      country: c.country,
      region: c.region,
      timezone: c.timezone,
      closures: c.closures,
    });
    const now = new Date();
    const clocks = urgency ? clocksOf(calendar, urgency, events, c.created_at as Date, now) : null;
    // What the actor can do now: the table's entries whose guards hold (works reported, reopen window, hold).
    const offered = offeredActions(
      {
        state: c.status,
        category: c.category,
        holdReason: c.hold_reason,
        contractorId: c.contractor_id,
        closedAt: c.closed_at,
        urgencyLevel: c.urgency_level,
        flags: c.flags,
        worksReported: c.works_reported,
      },
      actor.role,
      { now, reopenWindowDays: c.reopen_window_days },
    );
    const reopenUntil = reopenableUntil({ closedAt: c.closed_at }, c.reopen_window_days);
    return {
      reference: formatReference(c.reference),
      status: c.status as ComplaintState,
      version: c.version as number,
      landlord: { code: c.landlord_code, name: c.landlord_name },
      /** The landlord's time zone: dates are shown in it. */
      timeZone: c.timezone as string,
      agency: c.agency_code ? { code: c.agency_code, name: c.agency_name } : null,
      residence: c.residence_code
        ? {
            code: c.residence_code,
            name: c.residence_name,
            address: c.residence_address,
            postcode: c.residence_postcode,
            city: c.residence_city,
          }
        : null,
      unit: c.unit,
      category: c.category,
      description: c.description,
      channel: c.intake_channel,
      flags: c.flags as string[],
      urgency,
      clocks: clocks?.clocks ?? [],
      nextDeadline: clocks?.next ?? null,
      notifications: await this.deliveries(c.id as string),
      filedBy: { role: c.filed_by_role, id: c.filed_by_id },
      tenant: c.tenant_name
        ? {
            name: c.tenant_name,
            phone: c.tenant_phone,
            email: c.tenant_email,
            preferredChannel: c.tenant_channel,
            language: c.tenant_language,
          }
        : null,
      onHold: c.hold_reason,
      contractor: c.contractor_id ? { id: c.contractor_id, name: c.contractor_name } : null,
      appointment: c.appointment_start
        ? { start: c.appointment_start.toISOString(), end: c.appointment_end.toISOString() }
        : null,
      createdAt: c.created_at.toISOString(),
      updatedAt: c.updated_at.toISOString(),
      closedAt: c.closed_at ? c.closed_at.toISOString() : null,
      accessNotes: c.access_notes,
      shareContactWithContractor: c.share_contact_with_contractor,
      partner: c.partner_organisation_id
        ? { organisationId: c.partner_organisation_id, caseReference: c.partner_case_reference }
        : null,
      availableActions: offered.actions,
      /** Offered to staff only as the record of a visit (the contractor has not reported the works done). */
      visitOnlyActions: offered.visitOnly,
      worksReported: c.works_reported as boolean,
      /** Until when a closed complaint can be reopened (null when open). */
      reopenableUntil: reopenUntil ? reopenUntil.toISOString() : null,
      timeline: events.map((e) => ({
        seq: e.seq,
        at: e.at,
        action: e.action,
        fromState: e.fromState,
        toState: e.toState,
        actor: { role: e.actorRole, id: e.actorId },
        payload: e.payload,
        publicText: e.texts.public ?? null,
        internalText: e.texts.internal ?? null,
      })),
    };
  }

  async eventsOf(referenceInput: string, scope: ComplaintScope): Promise<StoredEvent[]> {
    const id = await this.complaintId(referenceInput, scope);
    return this.events.list(this.db.manager, id);
  }

  /** The chain check, plus whether each stored text still matches the digest its event committed to. */
  async verify(
    referenceInput: string,
    scope: ComplaintScope,
  ): Promise<
    ChainVerification & { reference: string; texts: { checked: number; mismatchedSeqs: number[] } }
  > {
    const id = await this.complaintId(referenceInput, scope);
    const [events, texts] = await Promise.all([
      this.events.list(this.db.manager, id),
      this.events.texts(this.db.manager, id),
    ]);
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
    const params: unknown[] = [reference];
    const [row] = await this.db.query(
      `SELECT c.id FROM complaints c WHERE c.reference = $1 AND ${scopeCondition(scope, params)}`,
      params,
    );
    if (!row) throw notFound(reference);
    return row.id;
  }

  /** Unknown and malformed references answer alike: not found. */
  private requireReference(input: string): string {
    const reference = parseReference(input);
    if (!reference) throw notFound(input);
    return reference;
  }
}

function notFound(reference: string): DomainError {
  return new DomainError(DomainErrorCode.NotFound, 'No complaint with this reference', {
    reference: reference.slice(0, 40),
  });
}

/**
 * The tenant's contact as stored: the phone read in the landlord's telephone region (`readPhone`), the e-mail
 * lower-cased, the channel defaulted from what was given. SMS needs a mobile: a landline stays on file for
 * calls, is never the default SMS channel, and asking for SMS on it is refused naming `tenant.phone`.
 */
function normaliseContact(
  input: TenantContactInput,
  country: string,
  region: string,
  fields: FieldError[],
): { name: string; phone: string | null; email: string | null; preferredChannel: string; language: string } {
  let phone: string | null = null;
  let canTakeSms = false;
  if (input.phone) {
    const read = readPhone(input.phone, country, region);
    if (read) ({ e164: phone, canTakeSms } = read);
    else fields.push({ field: 'tenant.phone', message: 'is not a valid phone number' });
  }
  const email = input.email?.trim().toLowerCase() || null;
  const textable = phone && canTakeSms;
  const preferredChannel =
    input.preferredChannel ?? (textable && email ? 'both' : textable ? 'sms' : email ? 'email' : 'none');
  const needs = { sms: ['phone'], email: ['email'], both: ['phone', 'email'], none: [] }[preferredChannel];
  for (const what of needs) {
    if ((what === 'phone' && !input.phone) || (what === 'email' && !email)) {
      fields.push({ field: `tenant.${what}`, message: `is required to be told by ${preferredChannel}` });
    } else if (what === 'phone' && phone && !canTakeSms) {
      fields.push({
        field: 'tenant.phone',
        message:
          'is a landline: it cannot receive text messages (keep it for calls, choose e-mail or no messages)',
      });
    }
  }
  return { name: input.name.trim(), phone, email, preferredChannel, language: input.language ?? 'fr' };
}

function calendarRowOf(row: LockedComplaint): LandlordCalendarRow {
  return {
    id: row.landlord_id,
    country: row.country,
    region: row.region,
    timezone: row.timezone,
    closures: row.closures,
  };
}
