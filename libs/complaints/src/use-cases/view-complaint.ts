import { Inject, Injectable } from '@nestjs/common';
import { formatReference, offeredActions, reopenableUntil } from '@suivi/domain';
import type { Actor, ComplaintState } from '@suivi/domain';
import { ComplaintQueries } from '../complaint.queries';
import type { DeliveryRow } from '../complaint.queries';
import { ComplaintRecordRepository } from '../complaint-record.repository';
import type { ComplaintScope } from '../scope';
import { clocksOf } from '../stage-clocks';
import { UrgencyService } from '../urgency.service';
import { complaintNotFound } from './transition-complaint';

/**
 * The agent's complaint page: the complaint with its place, tenant and contractor, its stage clocks and
 * next deadline, what the actor may do now, its messages and its timeline. 404 when unknown or outside
 * the scope.
 */
@Injectable()
export class ViewComplaint {
  constructor(
    @Inject(ComplaintQueries) private readonly queries: Pick<ComplaintQueries, 'detail' | 'deliveries'>,
    @Inject(ComplaintRecordRepository) private readonly records: Pick<ComplaintRecordRepository, 'history'>,
    @Inject(UrgencyService) private readonly urgency: Pick<UrgencyService, 'calendarFor'>,
  ) {}

  /** `reference` is the bare (parsed) reference. */
  async execute(reference: string, actor: Actor, scope: ComplaintScope) {
    const c = await this.queries.detail(reference, scope);
    if (!c) throw complaintNotFound(reference);
    const events = await this.records.history(c.id);
    const urgency = c.urgency;
    const calendar = this.urgency.calendarFor({
      id: c.landlord_id,
      country: c.country,
      region: c.region,
      timezone: c.timezone,
      closures: c.closures,
    });
    const now = new Date();
    const clocks = urgency ? clocksOf(calendar, urgency, events, c.created_at, now) : null;
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
      version: c.version,
      landlord: { code: c.landlord_code, name: c.landlord_name },
      /** The landlord's time zone: dates are shown in it. */
      timeZone: c.timezone,
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
      flags: c.flags,
      urgency,
      clocks: clocks?.clocks ?? [],
      nextDeadline: clocks?.next ?? null,
      notifications: (await this.queries.deliveries(c.id)).map(delivery),
      filedBy: { role: c.filed_by_role, id: c.filed_by_id },
      // A tenant contact's channel and language are never null: only the LEFT JOIN makes them nullable.
      tenant: c.tenant_name
        ? {
            name: c.tenant_name,
            phone: c.tenant_phone,
            email: c.tenant_email,
            preferredChannel: c.tenant_channel as string,
            language: c.tenant_language as string,
          }
        : null,
      onHold: c.hold_reason,
      contractor: c.contractor_id ? { id: c.contractor_id, name: c.contractor_name } : null,
      appointment: c.appointment_start
        ? { start: c.appointment_start.toISOString(), end: (c.appointment_end as Date).toISOString() }
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
      worksReported: c.works_reported,
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
}

/** A message about the complaint and how far it got; permanent failures are for agents to act on. */
function delivery(r: DeliveryRow) {
  return {
    id: r.id,
    seq: r.seq,
    about: r.template,
    audience: r.audience,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    error: r.error_code ? { code: r.error_code, message: r.error } : null,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
  };
}
