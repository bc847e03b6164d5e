import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  DomainErrorCode,
  acknowledgementState,
  offeredActions,
  reopenableUntil,
  stageProgressOf,
  formatReference,
  hashToken,
  looksLikeToken,
  deriveToken,
  unsubscribeToken,
  parseReference,
  CONTRACTOR_ACTIONS,
  TENANT_ACTIONS,
} from '@suivi/domain';
import type { Action, ComplaintSnapshot, TransitionCommand } from '@suivi/domain';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { UrgencyService } from './urgency.service';
import { ComplaintsService } from './complaints.service';
import type { TransitionResult } from './complaints.service';
import { ComplaintQueries } from './complaint.queries';
import type { LinkedComplaintRow, TrackedComplaintRow } from './complaint.queries';
import { ComplaintRecordRepository } from './complaint-record.repository';
import { publicViewOf } from './public-view';
import type { PublicView } from './public-view';

export type { PublicTimelineEntry, PublicView } from './public-view';

/** What a link holder may do is the domain's (read from the transition table); re-exported for callers. */
export { CONTRACTOR_ACTIONS, TENANT_ACTIONS };

type LinkedComplaint = LinkedComplaintRow;

const NO_MATCH = () => new DomainError(DomainErrorCode.NotFound, 'No complaint matches this link');

/**
 * What people without an account see and do: the tenant through the tracking link (or reference and
 * verifier), and a partner for the complaints it filed (the contractor's work orders: WorkOrdersService). Every
 * change goes through ComplaintsService.transition, scoped to the one complaint the link opens.
 */
@Injectable()
export class LinksService {
  constructor(
    @Inject(ComplaintQueries) private readonly queries: ComplaintQueries,
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordRepository,
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async byTracking(token: string): Promise<TrackedComplaintRow> {
    if (!looksLikeToken(token)) throw NO_MATCH();
    const row = await this.queries.byTrackingToken(token);
    if (!row) throw NO_MATCH();
    return row;
  }

  /**
   * The tracking page's complaint and what the tenant can do now: the transition table's tenant actions
   * whose guards hold (works confirmed or contested only once reported; reopening only within the window),
   * and until when a closed complaint can be reopened.
   */
  async trackingView(
    token: string,
  ): Promise<PublicView & { tenantActions: string[]; reopenableUntil: string | null }> {
    const row = await this.byTracking(token);
    const view = await this.publicView(row);
    const policy = { now: new Date(), reopenWindowDays: row.reopen_window_days };
    const offered = offeredActions(
      {
        state: row.status,
        category: row.category as ComplaintSnapshot['category'],
        holdReason: row.hold_reason as ComplaintSnapshot['holdReason'],
        contractorId: row.contractor_id,
        closedAt: row.closed_at,
        worksReported: row.works_reported,
      },
      'tenant',
      policy,
    );
    const tenantActions: string[] = offered.actions.filter((a) =>
      (TENANT_ACTIONS as readonly string[]).includes(a),
    );
    if (row.status === 'closed' && row.rating === null) tenantActions.push('rate');
    const until = reopenableUntil({ closedAt: row.closed_at }, row.reopen_window_days);
    return { ...view, tenantActions, reopenableUntil: until ? until.toISOString() : null };
  }

  /** The public view of a complaint (`publicViewOf`): no names, phones, emails, internal notes or staff. */
  async publicView(row: LinkedComplaint): Promise<PublicView> {
    const events = await this.records.history(row.id);
    return publicViewOf(row, events, this.calendarOf(row), this.config);
  }

  /**
   * The path of the message preferences page of the complaint tracking token `token` opens (the
   * List-Unsubscribe URL of its tenant's e-mails, issue 16), or null when no phone or e-mail is on file.
   * @throws DomainError NotFound as the tracking page.
   */
  async preferencesPath(token: string): Promise<string | null> {
    const row = await this.byTracking(token);
    if (!row.tenant_has_phone && !row.tenant_has_email) return null;
    return `/u/${unsubscribeToken(this.config.linkSecret, row.id)}`;
  }

  /**
   * Reference + verifier (last four digits of the phone on file, or the email on file) → tracking token.
   * A fresh token is issued (the old one keeps working); unknown, malformed and mismatching inputs all
   * answer the same 404.
   */
  async lookup(
    referenceInput: string,
    verifier: string,
  ): Promise<{ trackingToken: string; reference: string } | null> {
    const reference = parseReference(referenceInput);
    if (!reference) return null;
    const row = await this.queries.lookupRow(reference);
    if (!row) return null;
    const given = verifier.trim().toLowerCase();
    const phoneMatch = /^\d{4}$/.test(given) && !!row.phone && row.phone.endsWith(given);
    const emailMatch = given.includes('@') && !!row.email && row.email === given;
    if (!phoneMatch && !emailMatch) return null;
    // The link token is derived, not stored: the lookup gives the same link the messages carry (and sets
    // its hash on complaints filed before links were derived).
    const token = deriveToken(this.config.linkSecret, 'track', row.id);
    if (row.tracking_token_hash !== hashToken(token)) {
      await this.records.setTrackingHash(row.id, hashToken(token));
    }
    return { trackingToken: token, reference: formatReference(reference) };
  }

  async tenantAct(
    token: string,
    command: TransitionCommand,
    expectedVersion: number,
  ): Promise<TransitionResult> {
    const row = await this.byTracking(token);
    if (!(TENANT_ACTIONS as readonly Action[]).includes(command.action)) {
      throw new DomainError(DomainErrorCode.NotAllowed, `A tenant may not ${command.action} a complaint`);
    }
    return this.complaints.transition(
      row.reference,
      command,
      expectedVersion,
      { role: 'tenant', id: null },
      {
        kind: 'complaint',
        complaintId: row.id,
      },
    );
  }

  async rate(token: string, score: number, comment: string | undefined): Promise<void> {
    const row = await this.byTracking(token);
    if (row.status !== 'closed') {
      throw new DomainError(DomainErrorCode.InvalidTransition, 'A complaint can be rated once it is closed', {
        current: { status: row.status, version: row.version },
      });
    }
    if (!(await this.records.rate(row.id, score, comment?.trim() || null))) {
      throw new DomainError(DomainErrorCode.Conflict, 'This complaint has already been rated');
    }
  }

  /**
   * A partner's filings (or the one with `reference`): the public view, how long the landlord took at each
   * step, whether the acknowledgement is answered, due (and by when) or late — `acknowledgement`, read from
   * the domain's stage progress and next deadline (`acknowledgementState`), so "no answer yet" is flagged
   * only once the acknowledgement deadline has passed — and what the partner can do now
   * (`partnerActions`: the transition table's partner actions whose guards hold, as the tenant's page).
   */
  async partnerComplaints(partnerOrganisationId: string, referenceInput?: string) {
    const rows = await this.queries.partnerComplaints(
      partnerOrganisationId,
      referenceInput === undefined ? undefined : (parseReference(referenceInput) ?? ''),
    );
    const now = new Date();
    return Promise.all(
      rows.map(async (row) => {
        const events = await this.records.history(row.id);
        const view = publicViewOf(row, events, this.calendarOf(row), this.config);
        const firstAt = (action: string) => view.timeline.find((e) => e.action === action)?.at ?? null;
        const hoursSinceFiling = (at: string | null) =>
          at ? Math.round(((Date.parse(at) - Date.parse(view.filedAt)) / 3_600_000) * 10) / 10 : null;
        const steps = {
          acknowledged: firstAt('acknowledge'),
          assigned: firstAt('assign'),
          worksChecked: firstAt('check_works'),
          closed: firstAt('close') ?? firstAt('close_without_works'),
        };
        const acknowledgement = acknowledgementState(row.urgency, row.status, stageProgressOf(events), now);
        const offered = offeredActions(
          {
            state: row.status,
            category: row.category as ComplaintSnapshot['category'],
            holdReason: row.hold_reason as ComplaintSnapshot['holdReason'],
            contractorId: row.contractor_id,
            closedAt: row.closed_at,
            worksReported: row.works_reported,
          },
          'partner',
          { now, reopenWindowDays: row.reopen_window_days },
        );
        return {
          ...view,
          caseReference: row.partner_case_reference,
          answered: acknowledgement.kind === 'answered',
          acknowledgement,
          hoursToStep: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, hoursSinceFiling(v)])),
          partnerActions: offered.actions,
        };
      }),
    );
  }

  private calendarOf(row: LinkedComplaint) {
    return this.urgency.calendarFor({
      id: row.landlord_id,
      country: row.country,
      region: row.region,
      timezone: row.timezone,
      closures: row.closures,
    });
  }
}
