import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, fieldError } from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import type { AgencyEntity, ContractorEntity, ResidenceEntity } from '@suivi/persistence';
import { OrganisationRepository } from './organisation.repository';
import type { DirectoryKind, DirectoryOutcome } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { DirectoryReferences } from './directory-references';
import type { LandlordScope } from './organisation.service';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A landlord's directory over time (issue 18 M4): editing, deactivating, reactivating and merging its
 * agencies, residences and contractors, each change recorded (`directory_changes`). Nothing is deleted and
 * no complaint event is rewritten: a merged row stays, inactive, pointing at the row kept.
 */
@Injectable()
export class DirectoryService {
  constructor(
    @Inject(OrganisationRepository) private readonly repository: OrganisationRepository,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(DirectoryReferences) private readonly references: DirectoryReferences,
  ) {}

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
    const landlord = await this.organisation.landlord(landlordCode, scope);
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
    const landlord = await this.organisation.landlord(landlordCode, scope);
    const residence = (await this.entry('residence', landlord.id, ref)) as ResidenceEntity;
    const { expectedVersion, agencyCode, ...rest } = input;
    const values: Record<string, unknown> = { ...rest };
    if (agencyCode !== undefined) {
      values.agencyId = agencyCode
        ? await this.organisation.assignableAgency(landlord.id, agencyCode, residence.agencyId)
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
    const landlord = await this.organisation.landlord(landlordCode, scope);
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
    const landlord = await this.organisation.landlord(landlordCode, scope);
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
    const landlord = await this.organisation.landlord(landlordCode, scope);
    const duplicate = await this.entry(kind, landlord.id, ref);
    const survivor = await this.find(kind, landlord.id, into);
    if (!survivor) throw new DomainError(DomainErrorCode.NotFound, `No ${kind} to merge into`);
    if (survivor.id === duplicate.id) {
      throw DomainError.invalidInput([
        fieldError('into', 'mergeIntoItself', 'cannot merge a row into itself'),
      ]);
    }
    const outcome = await this.change(kind, duplicate.id, kind, () =>
      this.repository.merge(
        kind,
        landlord.id,
        duplicate.id,
        survivor.id,
        expectedVersion,
        actor,
        this.references,
      ),
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
    const landlord = await this.organisation.landlord(landlordCode);
    return UUID.test(id) ? this.repository.entry(kind, landlord.id, id) : null;
  }

  /** The landlord's last 50 directory changes, newest first (edits, deactivations, reactivations, merges). */
  async changes(landlordCode: string, scope: LandlordScope) {
    const landlord = await this.organisation.landlord(landlordCode, scope);
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
        throw DomainError.invalidInput([
          fieldError('into', 'inactiveTarget', 'is inactive: reactivate it first'),
        ]);
    }
  }
}
