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
import type { DirectoryKind, DirectoryOutcome } from './organisation.repository';

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

/**
 * An edit of a directory row (issue 18 M4): only the fields given change; null clears an optional one.
 * `expectedVersion`, when given, must be the row's current version (else 409 STALE_VERSION).
 */
export interface EditAgency {
  code?: string;
  name?: string;
  expectedVersion?: number;
}
export interface EditResidence {
  code?: string;
  name?: string;
  /** null: no agency. An inactive agency cannot be newly given (400 on `agencyCode`). */
  agencyCode?: string | null;
  address?: string;
  postcode?: string;
  city?: string;
  homesCount?: number;
  expectedVersion?: number;
}
export interface EditContractor {
  name?: string;
  trade?: string | null;
  email?: string | null;
  phoneE164?: string | null;
  expectedVersion?: number;
}

/** How the caller names a row: by id (pages, contractors) or by its code (agencies and residences). */
export type DirectoryRef = { id: string } | { code: string };

/** Who made a directory change, for its record (null: an internal caller). */
export type DirectoryActor = string | null;

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
   * Edits an agency (issue 18 M4): its code and name. 404 when it is not the landlord's (or was merged);
   * 409 CONFLICT when the code is another agency's; 409 STALE_VERSION when `expectedVersion` is not current.
   */
  async editAgency(
    landlordCode: string,
    ref: DirectoryRef,
    input: EditAgency,
    scope: LandlordScope,
    actor: DirectoryActor,
  ): Promise<AgencyEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    const agency = await this.entry('agency', landlord.id, ref);
    const { expectedVersion, ...values } = input;
    await this.change('agency', agency.id, `agency ${values.code ?? ''}`, () =>
      this.repository.edit('agency', landlord.id, agency.id, values, expectedVersion, actor),
    );
    return (await this.repository.entry('agency', landlord.id, agency.id)) as AgencyEntity;
  }

  /**
   * Edits a residence (issue 18 M4): code, name, agency (by code; null for none), address, postcode, town,
   * number of homes. A new code follows into open filing drafts. 400 on `agencyCode` for an unknown or
   * inactive agency (the residence's current one may stay); 404, 409 as `editAgency`.
   */
  async editResidence(
    landlordCode: string,
    ref: DirectoryRef,
    input: EditResidence,
    scope: LandlordScope,
    actor: DirectoryActor,
  ): Promise<ResidenceEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    const residence = (await this.entry('residence', landlord.id, ref)) as ResidenceEntity;
    const { expectedVersion, agencyCode, ...rest } = input;
    const values: Record<string, unknown> = { ...rest };
    if (agencyCode !== undefined) {
      values.agencyId = agencyCode
        ? await this.assignableAgency(landlord.id, agencyCode, residence.agencyId)
        : null;
    }
    await this.change('residence', residence.id, `residence ${input.code ?? ''}`, () =>
      this.repository.edit('residence', landlord.id, residence.id, values, expectedVersion, actor),
    );
    return (await this.repository.entry('residence', landlord.id, residence.id)) as ResidenceEntity;
  }

  /** Edits a contractor (issue 18 M4): name, trade, e-mail, phone (null clears one). 404, 409 as `editAgency`. */
  async editContractor(
    landlordCode: string,
    id: string,
    input: EditContractor,
    scope: LandlordScope,
    actor: DirectoryActor,
  ): Promise<ContractorEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    const contractor = await this.entry('contractor', landlord.id, { id });
    const { expectedVersion, ...values } = input;
    await this.change('contractor', contractor.id, 'contractor', () =>
      this.repository.edit('contractor', landlord.id, contractor.id, values, expectedVersion, actor),
    );
    return (await this.repository.entry('contractor', landlord.id, contractor.id)) as ContractorEntity;
  }

  /**
   * Deactivates (`active` false) or reactivates a row (issue 18 M4). Nothing is deleted. A deactivated
   * residence is not offered by the residence search and takes no new complaint; a deactivated contractor
   * gets no new work order (its open ones continue); a deactivated agency keeps its residences and
   * complaints but is not offered for new assignment (a residence's agency). 404 / 409 as `editAgency`.
   */
  async setActive(
    kind: DirectoryKind,
    landlordCode: string,
    ref: DirectoryRef,
    active: boolean,
    expectedVersion: number | undefined,
    scope: LandlordScope,
    actor: DirectoryActor,
  ): Promise<AgencyEntity | ResidenceEntity | ContractorEntity> {
    const landlord = await this.landlord(landlordCode, scope);
    const row = await this.entry(kind, landlord.id, ref);
    await this.change(kind, row.id, kind, () =>
      this.repository.setActive(kind, landlord.id, row.id, active, expectedVersion, actor),
    );
    return (await this.repository.entry(kind, landlord.id, row.id))!;
  }

  /**
   * Merges the duplicate `ref` into `into` (same kind, same landlord; see `OrganisationRepository.merge` for
   * what moves), in one transaction, recorded. 400 on `into` when it is the duplicate itself, merged or
   * inactive; 404 when either is not the landlord's (another landlord's row is unknown here); 409 when the
   * duplicate was merged meanwhile or `expectedVersion` is stale. Answers the rows moved per table.
   */
  async merge(
    kind: DirectoryKind,
    landlordCode: string,
    ref: DirectoryRef,
    into: DirectoryRef,
    expectedVersion: number | undefined,
    scope: LandlordScope,
    actor: DirectoryActor,
  ): Promise<{ survivorId: string; moved: Record<string, number> }> {
    const landlord = await this.landlord(landlordCode, scope);
    const duplicate = await this.entry(kind, landlord.id, ref);
    const survivor = await this.find(kind, landlord.id, into);
    if (!survivor) throw new DomainError(DomainErrorCode.NotFound, `No ${kind} to merge into`);
    if (survivor.id === duplicate.id) {
      throw DomainError.invalidInput([fieldError('into', 'mergeIntoItself', 'cannot merge a row into itself')]);
    }
    const outcome = await this.change(kind, duplicate.id, kind, () =>
      this.repository.merge(kind, landlord.id, duplicate.id, survivor.id, expectedVersion, actor),
    );
    return { survivorId: survivor.id, moved: (outcome.outcome === 'ok' && outcome.moved) || {} };
  }

  /**
   * One agency, residence or contractor of the landlord by id (merged ones included, `mergedIntoId` set);
   * null when unknown. For callers that checked the landlord against the caller's scope already.
   */
  async directoryEntry(
    kind: DirectoryKind,
    landlordCode: string,
    id: string,
  ): Promise<AgencyEntity | ResidenceEntity | ContractorEntity | null> {
    const landlord = await this.landlord(landlordCode);
    return UUID.test(id) ? this.repository.entry(kind, landlord.id, id) : null;
  }

  /** The landlord's last 50 directory changes, newest first (edits, deactivations, reactivations, merges). */
  async changes(landlordCode: string, scope: LandlordScope) {
    const landlord = await this.landlord(landlordCode, scope);
    return this.repository.changes(landlord.id);
  }

  /** One row of the landlord by id or code; null when unknown or merged. */
  private async find(
    kind: DirectoryKind,
    landlordId: string,
    ref: DirectoryRef,
  ): Promise<AgencyEntity | ResidenceEntity | ContractorEntity | null> {
    let row: AgencyEntity | ResidenceEntity | ContractorEntity | null = null;
    if ('id' in ref) {
      row = UUID.test(ref.id) ? await this.repository.entry(kind, landlordId, ref.id) : null;
    } else if (kind === 'agency') row = await this.repository.agency(landlordId, ref.code);
    else if (kind === 'residence') row = await this.repository.residence(landlordId, ref.code);
    return row && !row.mergedIntoId ? row : null;
  }

  /** As `find`, 404 when none. */
  private async entry(
    kind: DirectoryKind,
    landlordId: string,
    ref: DirectoryRef,
  ): Promise<AgencyEntity | ResidenceEntity | ContractorEntity> {
    const row = await this.find(kind, landlordId, ref);
    if (!row) throw new DomainError(DomainErrorCode.NotFound, `No such ${kind}`);
    return row;
  }

  /**
   * The id of the agency `code` when a residence may be given it: it exists, was not merged, and is active
   * (or is `currentId`, the residence's agency already). 400 on `agencyCode` otherwise.
   */
  private async assignableAgency(
    landlordId: string,
    code: string,
    currentId: string | null,
  ): Promise<string> {
    const agency = await this.repository.agency(landlordId, code);
    if (!agency || agency.mergedIntoId) {
      throw DomainError.invalidInput([fieldError('agencyCode', 'unknownAgency', `no agency ${code}`)]);
    }
    if (!agency.active && agency.id !== currentId) {
      throw DomainError.invalidInput([fieldError('agencyCode', 'inactiveAgency', `agency ${code} is inactive`)]);
    }
    return agency.id;
  }

  /** Runs one directory change and turns a refusal into its DomainError (a taken code: 409 CONFLICT). */
  private async change(
    kind: DirectoryKind,
    id: string,
    what: string,
    run: () => Promise<DirectoryOutcome>,
  ): Promise<DirectoryOutcome> {
    let result: DirectoryOutcome;
    try {
      result = await run();
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new DomainError(DomainErrorCode.Conflict, `A ${what.trim()} already exists`);
      }
      throw e;
    }
    switch (result.outcome) {
      case 'ok':
        return result;
      case 'gone':
      case 'survivor-gone':
        throw new DomainError(DomainErrorCode.NotFound, `No such ${kind}`);
      case 'merged':
        throw new DomainError(DomainErrorCode.Conflict, `This ${kind} was merged into another`, {
          id,
          merged: true,
        });
      case 'stale':
        throw new DomainError(DomainErrorCode.StaleVersion, `This ${kind} changed meanwhile`, {
          version: result.version,
        });
      case 'survivor-merged':
        throw DomainError.invalidInput([fieldError('into', 'mergedAlready', 'was merged into another')]);
      case 'survivor-inactive':
        throw DomainError.invalidInput([fieldError('into', 'inactiveTarget', 'is inactive: reactivate it first')]);
    }
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `YYYY-MM-DD` strings that name no real day (2027-02-30, 2027-13-01). */
export function notCalendarDays(days: string[]): string[] {
  return days.filter(
    (day) =>
      Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
      new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day,
  );
}
