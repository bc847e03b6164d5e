import type { EntityManager } from 'typeorm';
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_ESCALATION_MINUTES,
  DEFAULT_OFFICE_HOURS,
  DomainError,
  ESCALATION_MINUTES_LIMITS,
  ON_CALL_POSITIONS,
  fieldError,
  WEEK_DAYS,
  isMailbox,
  minutesOfDay,
  readPhone,
} from '@suivi/domain';
import type { FieldError, OfficeHours, OnCallRole } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationRepository } from './organisation.repository';
import type { NewOnCallPerson, OnCallPersonRow } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import type { LandlordScope } from './organisation.service';

/** One person of a rota as an admin gives it: phone in any usual form of the landlord's country. */
export interface OnCallPersonInput {
  role: OnCallRole;
  /** 1…3 for the on-call people (the order they are alerted in); ignored for the supervisor. */
  position: number;
  name: string;
  phone: string;
  email?: string | null;
}

/** What a landlord admin sets on the on-call page: the landlord's settings and one rota. */
export interface OnCallInput {
  /** The rota's agency; null or absent: the landlord-wide rota (for agencies without their own). */
  agencyCode?: string | null;
  officeDays: number[];
  officeStart: string;
  officeEnd: string;
  escalationMinutes: number;
  people: OnCallPersonInput[];
}

/** A landlord's on-call settings and every rota, as the page and the API show them. */
export interface OnCallView {
  officeHours: OfficeHours;
  escalationMinutes: number;
  rotas: { agencyCode: string | null; people: Omit<OnCallPersonRow, 'agencyId'>[] }[];
}

/** The duty that answers for a complaint: office hours, delay, and the rota (see OrganisationRepository.onCallRotaFor). */
export interface OnCallDutyRota {
  officeHours: OfficeHours;
  escalationMinutes: number;
  people: OnCallPersonRow[];
}

/**
 * The on-call rotas (astreinte) of landlords: office hours and escalation delay per landlord, and per agency
 * (or landlord-wide) the people alerted in order and a supervisor. Phones are read like the other numbers
 * of the landlord (its telephone region first) and must be mobiles: the alert is a text message.
 */
@Injectable()
export class OnCallRotaService {
  constructor(
    @Inject(OrganisationRepository) private readonly repository: OrganisationRepository,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /** The landlord's settings (defaults when never set) and rotas. 404 outside the scope. */
  async view(code: string, scope: LandlordScope): Promise<OnCallView> {
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const settings = await this.settingsOf(landlord.id);
    const people = await this.repository.onCallPeople(landlord.id);
    const codeOf = (agencyId: string | null) => agencies.find((a) => a.id === agencyId)?.code ?? null;
    const rotas = new Map<string | null, OnCallView['rotas'][number]>();
    for (const person of people) {
      const agencyCode = codeOf(person.agencyId);
      const rota = rotas.get(agencyCode) ?? { agencyCode, people: [] };
      const { agencyId: _agency, ...shown } = person;
      rota.people.push(shown);
      rotas.set(agencyCode, rota);
    }
    return { ...settings, rotas: [...rotas.values()] };
  }

  /**
   * Sets the landlord's office hours and escalation delay and replaces one rota. 400 naming every failing
   * field (`officeEnd`, `people.1.phone`, …); 404 outside the scope.
   */
  async set(code: string, input: OnCallInput, scope: LandlordScope): Promise<OnCallView> {
    const landlord = await this.organisation.landlord(code, scope);
    const fields: FieldError[] = [];
    let agencyId: string | null = null;
    if (input.agencyCode) {
      const agency = await this.organisation.agency(landlord.id, input.agencyCode);
      if (!agency) fields.push(fieldError('agencyCode', 'unknownAgency', 'no such agency'));
      else agencyId = agency.id;
    }
    const days = [...new Set(input.officeDays)].sort();
    if (days.some((d) => !(WEEK_DAYS as readonly number[]).includes(d))) {
      fields.push(fieldError('officeDays', 'isIn', 'days are 1 (Monday) to 7 (Sunday)'));
    }
    const start = minutesOfDay(input.officeStart);
    const end = minutesOfDay(input.officeEnd);
    if (start === null) fields.push(fieldError('officeStart', 'timeOfDay', 'is not a time HH:MM'));
    if (end === null) fields.push(fieldError('officeEnd', 'timeOfDay', 'is not a time HH:MM'));
    else if (start !== null && end <= start) {
      fields.push(fieldError('officeEnd', 'endBeforeStart', 'must be after the opening time'));
    }
    const { min, max } = ESCALATION_MINUTES_LIMITS;
    if (
      !Number.isInteger(input.escalationMinutes) ||
      input.escalationMinutes < min ||
      input.escalationMinutes > max
    ) {
      fields.push(
        fieldError(
          'escalationMinutes',
          'intRange',
          `must be a whole number of minutes from ${min} to ${max}`,
          {
            min,
            max,
          },
        ),
      );
    }
    const people = this.people(landlord, input.people, fields);
    if (fields.length) throw DomainError.invalidInput(fields);
    await this.repository.replaceOnCall(
      landlord.id,
      agencyId,
      {
        officeDays: days.join(''),
        officeStart: input.officeStart,
        officeEnd: input.officeEnd,
        escalationMinutes: input.escalationMinutes,
      },
      people,
    );
    return this.view(code, scope);
  }

  /** The duty answering for a complaint of this landlord and agency (the landlord-wide rota by default). */
  async dutyFor(
    landlordId: string,
    agencyId: string | null,
    runner?: Pick<EntityManager, 'query'>,
  ): Promise<OnCallDutyRota> {
    return {
      ...(await this.settingsOf(landlordId, runner)),
      people: await this.repository.onCallRotaFor(landlordId, agencyId, runner),
    };
  }

  private async settingsOf(
    landlordId: string,
    runner?: Pick<EntityManager, 'query'>,
  ): Promise<Omit<OnCallDutyRota, 'people'>> {
    const row = await this.repository.onCallSettings(landlordId, runner);
    if (!row) return { officeHours: DEFAULT_OFFICE_HOURS, escalationMinutes: DEFAULT_ESCALATION_MINUTES };
    return {
      officeHours: { days: [...row.officeDays].map(Number), start: row.officeStart, end: row.officeEnd },
      escalationMinutes: row.escalationMinutes,
    };
  }

  /** The rota's people, checked and normalised; failing fields are `people.<index>.<field>`. */
  private people(
    landlord: LandlordEntity,
    input: OnCallPersonInput[],
    fields: FieldError[],
  ): NewOnCallPerson[] {
    const out: NewOnCallPerson[] = [];
    const positions = new Set<number>();
    let supervisors = 0;
    input.forEach((person, i) => {
      const at = (field: string) => `people.${i}.${field}`;
      const name = (person.name ?? '').trim();
      if (!name || name.length > 200)
        fields.push(fieldError(at('name'), 'required', 'is required (200 characters at most)'));
      const phone = this.mobile(landlord, person.phone ?? '');
      if (!phone)
        fields.push(
          fieldError(at('phone'), 'isMobile', 'is not a mobile number (the alert is a text message)'),
        );
      const email = person.email?.trim().toLowerCase() || null;
      if (email && (!isMailbox(email) || email.length > 254)) {
        fields.push(fieldError(at('email'), 'isMailbox', 'is not an e-mail address'));
      }
      let position = 0;
      if (person.role === 'supervisor') {
        supervisors += 1;
        if (supervisors > 1)
          fields.push(fieldError(at('role'), 'oneSupervisor', 'a rota has one supervisor'));
      } else if (person.role === 'on_call') {
        position = person.position;
        if (
          !Number.isInteger(position) ||
          position < 1 ||
          position > ON_CALL_POSITIONS ||
          positions.has(position)
        ) {
          fields.push(
            fieldError(
              at('position'),
              'distinctRank',
              `must be a distinct rank from 1 to ${ON_CALL_POSITIONS}`,
              {
                max: ON_CALL_POSITIONS,
              },
            ),
          );
        }
        positions.add(position);
      } else {
        fields.push(fieldError(at('role'), 'isIn', 'is on_call or supervisor'));
      }
      if (phone) out.push({ role: person.role, position, name, phone, email });
    });
    return out;
  }

  /** The E.164 form of a mobile number of the landlord's country, or null. */
  private mobile(landlord: LandlordEntity, value: string): string | null {
    if (!value.trim()) return null;
    const read = readPhone(value, landlord.country, landlord.region);
    return read?.canTakeSms ? read.e164 : null;
  }
}
