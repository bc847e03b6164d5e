import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  CATEGORIES,
  DomainError,
  DomainErrorCode,
  GENESIS_HASH,
  assessSafety,
  deriveToken,
  fieldError,
  fileComplaint,
  formatReference,
  hashToken,
  newReference,
  NO_STAGE_PROGRESS,
  nextDeadline,
  readPhone,
  safetyAnswers,
} from '@suivi/domain';
import type { Actor, Category, FieldError } from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { NotificationOutbox } from '@suivi/notifications';
import { ComplaintRecordRepository } from '../complaint-record.repository';
import type { ComplaintRecordStore } from '../complaint-record.repository';
import { EventStore } from '../event-store';
import { OnCallDuty } from '../on-call-duty.service';
import { UrgencyService } from '../urgency.service';
import type { RecordedUrgency } from '../urgency.service';
import type { ComplaintStatus } from './transition-complaint';

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

const REFERENCE_ATTEMPTS = 5;

/**
 * Files a complaint: checks the landlord, place and tenant contact, assesses safety, decides the urgency,
 * and writes the complete complaint row, its first hash-chained event and its notifications in one
 * transaction. A reference that clashes (unique violation) is drawn again, up to five times.
 */
@Injectable()
export class FileComplaint {
  constructor(
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordStore,
    @Inject(UrgencyService) private readonly urgency: Pick<UrgencyService, 'decide'>,
    @Inject(EventStore) private readonly events: Pick<EventStore, 'prepare'>,
    @Inject(NotificationOutbox) private readonly outbox: Pick<NotificationOutbox, 'record'>,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'linkSecret'>,
    @Optional() @Inject(OnCallDuty) private readonly onCall?: Pick<OnCallDuty, 'afterDecision'>,
  ) {}

  /**
   * The refusals filing would give the tenant's contact details at this landlord (a phone that is not a
   * number of its country, a channel without its phone or e-mail), checked before the last step so a
   * filing form can say so at once. Unknown landlord: no refusal (filing will say so).
   */
  async checkContact(landlordCode: string, tenant: TenantContactInput): Promise<FieldError[]> {
    const landlord = await this.records.landlordByCode(landlordCode);
    const fields: FieldError[] = [];
    if (landlord) normaliseContact(tenant, landlord.country, landlord.region, fields);
    return fields;
  }

  /**
   * Files the complaint. `landlordInScope`, when given, limits staff to their own landlords: any other
   * answers like an unknown landlord (400 on `landlordCode`). Throws a 400 naming every failing field.
   * `now` is the filing time (the event's `at`, the deadlines' start): the present for every live caller;
   * the demo seed files past histories with it, so their chains and clocks are the real ones.
   */
  async execute(
    command: FileComplaintCommand,
    actor: Actor,
    partner?: PartnerFiling,
    landlordInScope: (landlordId: string) => boolean = () => true,
    now: Date = new Date(),
  ): Promise<FiledComplaint> {
    const landlord = await this.records.landlordByCode(command.landlordCode);
    if (!landlord || !landlordInScope(landlord.id)) {
      throw DomainError.invalidInput([fieldError('landlordCode', 'unknownLandlord', 'no such landlord')]);
    }
    const { id: landlordId, country } = landlord;
    const fields: FieldError[] = [];
    const place = await this.resolvePlace(landlordId, command, fields);
    const contact = normaliseContact(command.tenant, country, landlord.region, fields);
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
          landlord,
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
        return await this.records.withinTransaction(async (session) => {
          const complaintId = randomUUID();
          const first = this.events.prepare(complaintId, 1, GENESIS_HASH, drafted.value);
          const trackingToken = deriveToken(this.config.linkSecret, 'track', complaintId);
          const due = nextDeadline(urgency, 'received', NO_STAGE_PROGRESS);
          await session.insertFiled(
            {
              id: complaintId,
              reference,
              landlordId,
              agencyId: place.agencyId,
              residenceId: place.residenceId,
              unit: command.unit?.trim() || null,
              category: command.category,
              description: command.description.trim(),
              channel: command.channel,
              filedBy: actor,
              tenant: contact,
              trackingTokenHash: hashToken(trackingToken),
              accessNotes: command.accessNotes?.trim() || null,
              shareContactWithContractor: command.shareContactWithContractor ?? false,
              partner: partner
                ? { organisationId: partner.partnerOrganisationId, caseReference: partner.caseReference }
                : null,
              flags,
              urgency,
              nextDue: due,
              filedAt: now,
            },
            first,
          );
          await this.outbox.record(session.manager, {
            complaintId,
            seq: 1,
            action: 'file',
            actorRole: actor.role,
            payload: first.event.payload,
            at: first.at,
          });
          // An emergency outside office hours wakes the person on call now (it may add an event).
          const head = await this.onCall?.afterDecision(session, {
            complaintId,
            landlord,
            state: 'received',
            seq: 1,
            headHash: first.event.hash,
            rank: urgency?.rank,
            at: first.at,
          });
          return {
            reference: formatReference(reference),
            status: 'received' as const,
            version: head?.version ?? 1,
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

  private async resolvePlace(
    landlordId: string,
    command: FileComplaintCommand,
    fields: FieldError[],
  ): Promise<{ agencyId: string | null; agencyCode: string | null; residenceId: string | null }> {
    let agency: { id: string; code: string } | undefined;
    let residence: { id: string; agency_id: string | null } | undefined;
    if (command.agencyCode) {
      agency = await this.records.agencyByCode(landlordId, command.agencyCode);
      if (!agency) fields.push(fieldError('agencyCode', 'unknownAgency', 'no such agency for this landlord'));
    }
    if (command.residenceCode) {
      residence = await this.records.residenceByCode(landlordId, command.residenceCode);
      if (!residence)
        fields.push(fieldError('residenceCode', 'unknownResidence', 'no such residence for this landlord'));
    }
    if (!agency && residence?.agency_id) agency = await this.records.agencyById(residence.agency_id);
    return {
      agencyId: agency?.id ?? null,
      agencyCode: agency?.code ?? null,
      residenceId: residence?.id ?? null,
    };
  }
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
    else fields.push(fieldError('tenant.phone', 'isPhoneNumber', 'is not a valid phone number'));
  }
  const email = input.email?.trim().toLowerCase() || null;
  const textable = phone && canTakeSms;
  const preferredChannel =
    input.preferredChannel ?? (textable && email ? 'both' : textable ? 'sms' : email ? 'email' : 'none');
  const needs = { sms: ['phone'], email: ['email'], both: ['phone', 'email'], none: [] }[preferredChannel];
  for (const what of needs) {
    if ((what === 'phone' && !input.phone) || (what === 'email' && !email)) {
      fields.push(
        fieldError(`tenant.${what}`, 'requiredForChannel', `is required to be told by ${preferredChannel}`, {
          channel: preferredChannel,
        }),
      );
    } else if (what === 'phone' && phone && !canTakeSms) {
      fields.push(
        fieldError(
          'tenant.phone',
          'landlineNoSms',
          'is a landline: it cannot receive text messages (keep it for calls, choose e-mail or no messages)',
        ),
      );
    }
  }
  return { name: input.name.trim(), phone, email, preferredChannel, language: input.language ?? 'fr' };
}
