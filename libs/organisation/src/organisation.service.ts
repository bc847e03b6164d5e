import { Inject, Injectable } from '@nestjs/common';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import {
  DomainError,
  DomainErrorCode,
  fieldError,
  isValidRegion,
  isValidTimeZone,
  readPhone,
  smsWindowErrors,
} from '@suivi/domain';
import type { FieldError, SmsWindow } from '@suivi/domain';
import {
  AgencyEntity,
  ContractorEntity,
  LandlordEntity,
  PG_UNIQUE_VIOLATION,
  ResidenceEntity,
  pgErrorCode,
} from '@suivi/persistence';
import { OrganisationRepository } from './organisation.repository';

export type { DirectoryKind } from './organisation.repository';

/** Landlord ids the caller may see, or all of them (platform administrators, internal callers). */
export type LandlordScope = 'all' | string[];

export interface CreateLandlord {
  code: string;
  name: string;
  timezone: string;
  country: string;
  region: string;
  reopenWindowDays?: number;
}
export interface CreateAgency {
  code: string;
  name: string;
}
export interface CreateResidence {
  code: string;
  name: string;
  agencyCode?: string;
  address: string;
  postcode: string;
  city: string;
  homesCount: number;
}
/** A residence found by the public search, with its landlord (for tenants who do not know any code). */
export interface ResidenceMatch {
  landlordCode: string;
  landlordName: string;
  residenceCode: string;
  name: string;
  address: string;
  postcode: string;
  city: string;
  /** The number to call about this home: its agency's, else the landlord's (E.164); null if none set. */
  contactPhone?: string | null;
  /** The number to text STATUT and a reference to (E.164), when the landlord set one. */
  smsNumber?: string | null;
}

/** Most residences one search answers: tenants refine their words rather than page through results. */
export const RESIDENCE_SEARCH_LIMIT = 20;

export interface CreateContractor {
  name: string;
  trade?: string;
  email?: string;
  phoneE164?: string;
}

/** Landlords and what they own: agencies, residences, contractors. */
@Injectable()
export class OrganisationService {
  constructor(@Inject(OrganisationRepository) private readonly repository: OrganisationRepository) {}

  async createLandlord(input: CreateLandlord): Promise<LandlordEntity> {
    const fields: FieldError[] = [];
    if (!isValidTimeZone(input.timezone))
      fields.push(fieldError('timezone', 'timeZone', 'is not an IANA time zone'));
    if (!isValidRegion(input.country, input.region)) {
      fields.push(fieldError('region', 'isIn', `is not a calendar region of ${input.country}`));
    }
    if (fields.length) throw DomainError.invalidInput(fields);
    return this.insert(LandlordEntity, { ...input }, `landlord ${input.code}`);
  }

  async listLandlords(scope: LandlordScope = 'all'): Promise<LandlordEntity[]> {
    const all = await this.repository.landlords();
    return scope === 'all' ? all : all.filter((l) => scope.includes(l.id));
  }

  /** A landlord by code; one outside the caller's scope answers 404 like an unknown one. */
  async landlord(code: string, scope: LandlordScope = 'all'): Promise<LandlordEntity> {
    const landlord = await this.repository.landlordByCode(code);
    if (!landlord || (scope !== 'all' && !scope.includes(landlord.id))) {
      throw new DomainError(DomainErrorCode.NotFound, `No landlord ${code}`);
    }
    return landlord;
  }

  /** Replaces the landlord's closure days (sorted, without duplicates); 400 naming days that do not exist. */
  async setClosures(code: string, days: string[], scope: LandlordScope): Promise<string[]> {
    const landlord = await this.landlord(code, scope);
    const invalid = notCalendarDays(days);
    if (invalid.length > 0) {
      throw DomainError.invalidInput([
        fieldError('days', 'calendarDays', `not calendar days: ${invalid.join(', ')}`, { days: invalid }),
      ]);
    }
    const sorted = [...new Set(days)].sort();
    await this.repository.setClosureDays(landlord.id, sorted);
    return sorted;
  }

  /**
   * Sets the numbers the public pages show (issue 14, J4): the landlord's phone, the number tenants text
   * STATUT to, and each agency's phone (by agency code). Numbers in any usual format of the landlord's
   * country, read in the landlord's telephone region first (see `phoneRegionsFor`), stored E.164; an empty
   * one is cleared. 400 naming each number that is not valid; an unknown
   * agency code is a 400 too.
   */
  async setPublicNumbers(
    code: string,
    numbers: { publicPhone: string; smsNumber: string; agencies: Record<string, string> },
    scope: LandlordScope,
  ): Promise<void> {
    const landlord = await this.landlord(code, scope);
    const fields: FieldError[] = [];
    const parse = (field: string, value: string): string | null => {
      if (!value.trim()) return null;
      // Read in the landlord's telephone region first (a Réunion landlord's `0262 …` is +262, not +33).
      const read = readPhone(value, landlord.country, landlord.region);
      if (read) return read.e164;
      fields.push(fieldError(field, 'isPhoneNumber', 'is not a valid phone number'));
      return null;
    };
    const publicPhone = parse('publicPhone', numbers.publicPhone);
    const smsNumber = parse('smsNumber', numbers.smsNumber);
    const agencies = await this.repository.agencies(landlord.id);
    const agencyPhones = new Map<string, string | null>();
    for (const [agencyCode, value] of Object.entries(numbers.agencies)) {
      if (!agencies.some((a) => a.code === agencyCode)) {
        fields.push(fieldError(`agency.${agencyCode}`, 'unknownAgency', 'no such agency'));
      } else agencyPhones.set(agencyCode, parse(`agency.${agencyCode}`, value));
    }
    if (fields.length) throw DomainError.invalidInput(fields);
    await this.repository.setPublicNumbers(landlord.id, { publicPhone, smsNumber }, agencyPhones);
  }

  /**
   * Sets the landlord's quiet hours (issue 16): non-urgent SMS go between `start` and `end` (`HH:MM`, local
   * time, start before end) and wait for `start` otherwise. Answers the window stored.
   * @throws DomainError InvalidInput naming `smsDayStart`/`smsDayEnd` when a time is malformed or out of order.
   */
  async setSmsWindow(code: string, window: SmsWindow, scope: LandlordScope): Promise<SmsWindow> {
    const landlord = await this.landlord(code, scope);
    const errors = smsWindowErrors(window);
    if (errors.length) throw DomainError.invalidInput(errors);
    await this.repository.setSmsWindow(landlord.id, window);
    return { start: window.start, end: window.end };
  }

  async createAgency(
    landlordCode: string,
    input: CreateAgency,
    scope: LandlordScope = 'all',
  ): Promise<AgencyEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    return this.insert(AgencyEntity, { ...input, landlordId: landlord.id }, `agency ${input.code}`);
  }

  async listAgencies(landlordCode: string, scope: LandlordScope = 'all'): Promise<AgencyEntity[]> {
    const landlord = await this.landlord(landlordCode, scope);
    return this.repository.agencies(landlord.id);
  }

  async agency(landlordId: string, code: string): Promise<AgencyEntity | null> {
    return this.repository.agency(landlordId, code);
  }

  async createResidence(
    landlordCode: string,
    input: CreateResidence,
    scope: LandlordScope = 'all',
  ): Promise<ResidenceEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    const { agencyCode, ...rest } = input;
    let agencyId: string | null = null;
    if (agencyCode) agencyId = await this.assignableAgency(landlord.id, agencyCode, null);
    return this.insert(
      ResidenceEntity,
      { ...rest, landlordId: landlord.id, agencyId },
      `residence ${input.code}`,
    );
  }

  /**
   * The landlord's residences, by code: those in service (what intake forms offer), or with
   * `{ inactive: true }` the deactivated ones too (the admin's lists). Merged duplicates never.
   */
  async listResidences(
    landlordCode: string,
    scope: LandlordScope = 'all',
    options: { inactive?: boolean } = {},
  ): Promise<ResidenceEntity[]> {
    const landlord = await this.landlord(landlordCode, scope);
    return this.repository.residences(landlord.id, options.inactive ?? false);
  }

  /**
   * Residences of every landlord whose name, address, postcode or city hold every word of `query`, accents,
   * case, hyphens and apostrophes aside (`residence` finds `Résidence`, `saint denis` finds `Saint-Denis`),
   * best first: postcode or name starting with the query, then by landlord and name. Both sides go through
   * the database's `suivi_fold` (unaccent + lower), the expression of the trigram index IDX_residences_search;
   * words under 2 characters are ignored.
   */
  async searchResidences(query: string, limit = RESIDENCE_SEARCH_LIMIT): Promise<ResidenceMatch[]> {
    const words = [
      ...new Set(
        query
          .normalize('NFKC')
          .toLowerCase()
          .split(/[\s,;\-\u2010-\u2015\u2212'\u2019.]+/)
          .map((w) => w.replace(/[%_\\]/g, ''))
          .filter((w) => w.length >= 2),
      ),
    ].slice(0, 6);
    if (words.length === 0) return [];
    return this.repository.searchResidences(words, limit);
  }

  /** One residence with its landlord, by their codes, as the public search shows it; null when unknown. */
  async findResidence(landlordCode: string, residenceCode: string): Promise<ResidenceMatch | null> {
    return this.repository.findResidence(landlordCode, residenceCode);
  }

  async createContractor(
    landlordCode: string,
    input: CreateContractor,
    scope: LandlordScope = 'all',
  ): Promise<ContractorEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    return this.insert(ContractorEntity, { ...input, landlordId: landlord.id }, `contractor ${input.name}`);
  }

  async listContractors(landlordCode: string, scope: LandlordScope = 'all'): Promise<ContractorEntity[]> {
    const landlord = await this.landlord(landlordCode, scope);
    return this.repository.contractors(landlord.id);
  }

  /**
   * The id of the agency `code` when a residence may be given it: it exists, was not merged, and is active
   * (or is `currentId`, the residence's agency already). 400 on `agencyCode` otherwise.
   */
  async assignableAgency(landlordId: string, code: string, currentId: string | null): Promise<string> {
    const agency = await this.repository.agency(landlordId, code);
    if (!agency || agency.mergedIntoId) {
      throw DomainError.invalidInput([fieldError('agencyCode', 'unknownAgency', `no agency ${code}`)]);
    }
    if (!agency.active && agency.id !== currentId) {
      throw DomainError.invalidInput([
        fieldError('agencyCode', 'inactiveAgency', `agency ${code} is inactive`),
      ]);
    }
    return agency.id;
  }

  private async insert<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    values: object,
    what: string,
  ): Promise<T> {
    try {
      return await this.repository.insert(target, values);
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new DomainError(DomainErrorCode.Conflict, `A ${what} already exists`);
      }
      throw e;
    }
  }
}

/** The `YYYY-MM-DD` strings that name no real day (2027-02-30, 2027-13-01). */
export function notCalendarDays(days: string[]): string[] {
  return days.filter(
    (day) =>
      Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
      new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day,
  );
}
