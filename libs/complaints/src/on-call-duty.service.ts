import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { alertBatch, deriveToken, hashToken, isOfficeTime, looksLikeToken, onCallEvent } from '@suivi/domain';
import type { ComplaintState, OnCallEvent } from '@suivi/domain';
import { NotificationOutbox } from '@suivi/notifications';
import { OnCallRotaService } from '@suivi/organisation';
import type { OnCallDutyRota } from '@suivi/organisation';
import { ComplaintRecordRepository } from './complaint-record.repository';
import type { ComplaintRecordSession } from './complaint-record.repository';
import { EventStore } from './event-store';
import type { OnCallAlertView } from './complaint-record.repository';
import { UrgencyService } from './urgency.service';
import type { LandlordCalendarRow } from './urgency.service';

/** The head of a complaint's history after the on-call duty looked at it. */
export interface HistoryHead {
  version: number;
  headHash: string;
}

/** A complaint whose urgency was just decided, in the transaction that wrote the decision's event. */
export interface DecidedComplaint {
  complaintId: string;
  landlord: LandlordCalendarRow;
  state: ComplaintState;
  /** The event that decided the urgency, and the history's head after it. */
  seq: number;
  headHash: string;
  /** The decided level's rank (0 = the rule set's most urgent level: emergency), or null/undefined. */
  rank: number | null | undefined;
  /** The rank before this decision (re-decisions only): an emergency that stays one alerts nobody again. */
  previousRank?: number | null;
  at: Date;
}

export interface EscalationReport {
  /** Complaints whose next people were alerted, and chains that ended (acknowledged or nobody left). */
  escalated: number;
  ended: number;
}

/**
 * The on-call duty (astreinte, issue 16 item 6). An emergency filed or re-decided outside the landlord's
 * office hours alerts the rota's first person at once, by SMS and e-mail through the outbox, in the
 * decision's own transaction (`afterDecision`); an alert nobody acknowledged within the landlord's delay
 * alerts the next person and the supervisor (`escalate`, run by the worker's periodic job); the link in
 * every alert acknowledges it and stops the chain (`acknowledge`), as does staff acting on the complaint in
 * Suivi meanwhile. Each step is a complaint event by
 * `system` (on_call_alerted, on_call_escalated, on_call_acknowledged), hash-chained like every other.
 */
/** How long after filing an alert's link still shows the complaint's personal essentials. */
export const ESSENTIALS_FOR_DAYS = 7;

@Injectable()
export class OnCallDuty {
  private readonly logger = new Logger('OnCall');

  constructor(
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordRepository,
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(NotificationOutbox) private readonly outbox: NotificationOutbox,
    @Inject(OnCallRotaService) private readonly rotas: OnCallRotaService,
    @Inject(UrgencyService) private readonly urgency: Pick<UrgencyService, 'calendarFor'>,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'linkSecret'>,
  ) {}

  /**
   * Alerts the person on call when `decided` made the complaint an emergency outside office hours and no
   * chain runs for it yet: records `on_call_alerted` after the decision's event and writes its messages.
   * Answers the history's head (unchanged when nobody was alerted).
   */
  async afterDecision(session: ComplaintRecordSession, decided: DecidedComplaint): Promise<HistoryHead> {
    const unchanged = { version: decided.seq, headHash: decided.headHash };
    if (decided.rank !== 0 || decided.previousRank === 0) return unchanged;
    const em = session.manager;
    const place = await this.records.onCallPlaceOf(em, decided.complaintId);
    if (!place) return unchanged;
    // On the decision's own transaction: no second pool connection while holding one.
    const duty = await this.rotas.dutyFor(place.landlordId, place.agencyId, em);
    if (duty.people.length === 0) return unchanged;
    const calendar = this.urgency.calendarFor(decided.landlord);
    if (
      isOfficeTime(decided.at, duty.officeHours, decided.landlord.timezone, (d) => calendar.isWorkingDay(d))
    ) {
      return unchanged;
    }
    const running = await this.records.onCallAlertsOf(em, decided.complaintId);
    if (running.some((a) => a.escalateAt !== null)) return unchanged;
    const none = { people: new Set<string>(), supervisor: false };
    return this.alert(session, 'on_call_alerted', 1, duty, none, {
      complaintId: decided.complaintId,
      state: decided.state,
      version: decided.seq,
      headHash: decided.headHash,
      at: decided.at,
    });
  }

  /**
   * Alerts the next people of every chain unacknowledged past its delay at `now` (the worker's clock by
   * default): the next on-call person and, once, the supervisor. A chain with nobody left ends.
   */
  async escalate(now: Date = new Date(), batchSize = 100): Promise<EscalationReport> {
    const report: EscalationReport = { escalated: 0, ended: 0 };
    const seen = new Set<string>();
    for (;;) {
      const due = (await this.records.onCallDueForEscalation(now, batchSize)).filter((id) => !seen.has(id));
      if (due.length === 0) break;
      for (const complaintId of due) {
        seen.add(complaintId);
        const done = await this.escalateOne(complaintId, now);
        if (done === 'escalated') report.escalated += 1;
        else if (done === 'ended') report.ended += 1;
      }
    }
    if (report.escalated > 0) this.logger.log(`On-call: ${report.escalated} alert(s) escalated`);
    return report;
  }

  /**
   * The alert a link's token opens, with its complaint's essentials; null for an unknown token. The
   * tenant's name, phone, unit, access notes and the description are shown only while the emergency is
   * live: once the complaint is closed, or ESSENTIALS_FOR_DAYS after filing, the link says only what the
   * alert was (the link never expires, so what it shows must).
   */
  async view(token: string, now = new Date()): Promise<OnCallAlertView | null> {
    if (!looksLikeToken(token)) return null;
    const view = await this.records.onCallViewByTokenHash(hashToken(token));
    if (!view) return null;
    const live =
      view.status !== 'closed' && now.getTime() - view.filedAt.getTime() < ESSENTIALS_FOR_DAYS * 86_400_000;
    return live ? view : { ...view, tenant: null, unit: null, accessNotes: null, description: '' };
  }

  /**
   * Acknowledges the alert of `token` (once: a second use changes nothing) and stops its chain, recording
   * `on_call_acknowledged`. Answers the alert as it now stands, or null for an unknown token.
   */
  async acknowledge(token: string, now: Date = new Date()): Promise<OnCallAlertView | null> {
    const alert = await this.view(token);
    if (!alert) return null;
    if (!alert.acknowledgedAt) {
      await this.records.withinTransaction(async (session) => {
        const row = await session.lockForSweep(alert.complaintId);
        if (!row) return;
        if (!(await this.records.markOnCallAcknowledged(session.manager, alert.alertId, now))) return;
        await this.records.stopOnCallEscalation(session.manager, alert.complaintId);
        const all = await this.records.onCallAlertsOf(session.manager, alert.complaintId);
        const mine = all.find((a) => a.id === alert.alertId);
        await this.append(
          session,
          'on_call_acknowledged',
          row.id,
          row.status,
          row.version + 1,
          row.head_hash,
          now,
          {
            alertId: alert.alertId,
            level: alert.level,
            role: mine?.role ?? 'on_call',
            position: mine?.position ?? 0,
          },
        );
      });
    }
    return this.view(token);
  }

  private async escalateOne(complaintId: string, now: Date): Promise<'escalated' | 'ended' | null> {
    return this.records.withinTransaction(async (session) => {
      const row = await session.lockForSweep(complaintId);
      if (!row) return null;
      const em = session.manager;
      const alerts = await this.records.onCallAlertsOf(em, complaintId);
      if (!alerts.some((a) => a.escalateAt !== null && a.escalateAt <= now)) return null;
      await this.records.stopOnCallEscalation(em, complaintId);
      // Acknowledged, closed, or taken in hand in Suivi since the first alert: nobody else needs waking.
      const firstSeq = Math.min(...alerts.map((a) => a.seq));
      if (
        alerts.some((a) => a.acknowledgedAt !== null) ||
        row.status === 'closed' ||
        (await this.records.onCallHandledSince(em, complaintId, firstSeq))
      ) {
        return 'ended';
      }
      const place = await this.records.onCallPlaceOf(em, complaintId);
      if (!place) return null;
      // On the decision's own transaction: no second pool connection while holding one.
      const duty = await this.rotas.dutyFor(place.landlordId, place.agencyId, em);
      const level = Math.max(...alerts.map((a) => a.level)) + 1;
      const alerted = new Set(alerts.map((a) => a.personId).filter((id): id is string => !!id));
      const supervisorAlerted = alerts.some((a) => a.role === 'supervisor');
      const head = await this.alert(
        session,
        'on_call_escalated',
        level,
        duty,
        { people: alerted, supervisor: supervisorAlerted },
        {
          complaintId,
          state: row.status,
          version: row.version,
          headHash: row.head_hash,
          at: now,
        },
      );
      return head.version > row.version ? 'escalated' : 'ended';
    });
  }

  /**
   * Records the alert of `level` (its event, its alerts with their escalation time, their messages) to the
   * rota's people of that level not alerted before. Answers the new head.
   */
  private async alert(
    session: ComplaintRecordSession,
    kind: Extract<OnCallEvent, 'on_call_alerted' | 'on_call_escalated'>,
    level: number,
    duty: OnCallDutyRota,
    alerted: { people: ReadonlySet<string>; supervisor: boolean },
    complaint: { complaintId: string; state: ComplaintState; version: number; headHash: string; at: Date },
  ): Promise<HistoryHead> {
    const batch = alertBatch(duty.people, level, alerted.supervisor).filter((p) => !alerted.people.has(p.id));
    const unchanged = { version: complaint.version, headHash: complaint.headHash };
    if (batch.length === 0) return unchanged;
    const seq = complaint.version + 1;
    const alerts = batch.map((person) => ({ id: randomUUID(), person }));
    // The next people wait for the delay only if there is someone left to alert.
    const supervisorNow = alerted.supervisor || batch.some((p) => p.role === 'supervisor');
    const more = alertBatch(duty.people, level + 1, supervisorNow).length > 0;
    const escalateAt = more ? new Date(complaint.at.getTime() + duty.escalationMinutes * 60_000) : null;
    const head = await this.append(
      session,
      kind,
      complaint.complaintId,
      complaint.state,
      seq,
      complaint.headHash,
      complaint.at,
      {
        level,
        alerts: alerts.map(({ id, person }) => ({ id, role: person.role, position: person.position })),
        escalateAt: escalateAt?.toISOString() ?? null,
      },
    );
    await this.records.insertOnCallAlerts(
      session.manager,
      alerts.map(({ id, person }) => ({
        id,
        complaintId: complaint.complaintId,
        personId: person.id,
        level,
        role: person.role,
        position: person.position,
        seq,
        tokenHash: hashToken(deriveToken(this.config.linkSecret, 'on-call', id)),
        // Every alert of the level carries the time; acknowledging any of them clears all.
        escalateAt: escalateAt ?? null,
      })),
    );
    await this.outbox.recordOnCall(
      session.manager,
      { complaintId: complaint.complaintId, seq, template: kind, at: complaint.at },
      alerts.map(({ id, person }) => ({ alertId: id, phone: person.phone, email: person.email })),
    );
    return head;
  }

  private async append(
    session: ComplaintRecordSession,
    kind: OnCallEvent,
    complaintId: string,
    state: ComplaintState,
    seq: number,
    headHash: string,
    at: Date,
    payload: Parameters<typeof onCallEvent>[2],
  ): Promise<HistoryHead> {
    const prepared = this.events.prepare(complaintId, seq, headHash, onCallEvent(kind, state, payload, at));
    await session.append(prepared, { version: seq, headHash: prepared.event.hash, updatedAt: at });
    return { version: seq, headHash: prepared.event.hash };
  }
}
