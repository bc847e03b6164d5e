import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Like, Not } from 'typeorm';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { OnCallRole } from '@suivi/domain';
import type { DirectoryKind, DirectoryReferences } from './directory-references';
import { AgencyEntity, ContractorEntity, LandlordEntity, ResidenceEntity } from '@suivi/persistence';

/** One recorded change of the directory (see DirectoryChangeEntity). */
export interface DirectoryChangeRow {
  id: string;
  kind: string;
  subjectId: string;
  action: string;
  survivorId: string | null;
  userId: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** A residence with its landlord, as the public search answers it (see `ResidenceMatch`). */
export interface ResidenceMatchRow {
  landlordCode: string;
  landlordName: string;
  residenceCode: string;
  name: string;
  address: string;
  postcode: string;
  city: string;
  /** Only in `findResidence`: the agency's phone, else the landlord's (E.164), null when none. */
  contactPhone?: string | null;
  /** Only in `findResidence`: the landlord's SMS number (E.164), null when none. */
  smsNumber?: string | null;
}

/** A landlord's on-call settings as stored (see OnCallSettingsEntity). */
export interface OnCallSettingsRow {
  /** ISO weekdays as digits, '12345' = Monday to Friday. */
  officeDays: string;
  officeStart: string;
  officeEnd: string;
  escalationMinutes: number;
}

/** One person of a rota; `agencyId` null for the landlord-wide rota. */
export interface OnCallPersonRow {
  id: string;
  agencyId: string | null;
  role: OnCallRole;
  position: number;
  name: string;
  phone: string;
  email: string | null;
}

export type NewOnCallPerson = Omit<OnCallPersonRow, 'id' | 'agencyId'>;

/**
 * The owner of `on_call_settings` and `on_call_people`: a landlord's office hours, escalation delay and
 * rotas. A rota is replaced whole (the form shows all of it), in one transaction with the settings.
 */
/** A statement runner: the caller's transaction, or the data source. */
type Runner = Pick<EntityManager, 'query'>;

export type { DirectoryKind } from './directory-references';

const TABLES: Record<DirectoryKind, string> = {
  agency: 'agencies',
  residence: 'residences',
  contractor: 'contractors',
};

/** The columns an edit may set, by property: an allow-list, so no other key reaches the SQL. */
const EDITABLE: Record<DirectoryKind, Record<string, string>> = {
  agency: { code: 'code', name: 'name' },
  residence: {
    code: 'code',
    name: 'name',
    agencyId: 'agency_id',
    address: 'address',
    postcode: 'postcode',
    city: 'city',
    homesCount: 'homes_count',
  },
  contractor: { name: 'name', trade: 'trade', email: 'email', phoneE164: 'phone_e164' },
};

/**
 * How a directory change went: done, or refused because the row is not the landlord's (`gone`), was
 * merged into another (`merged`), or changed since the caller read it (`stale`, with its current version).
 * A merge also refuses a survivor that is unknown (`survivor-gone`), merged or inactive.
 */
export type DirectoryOutcome =
  | { outcome: 'ok'; moved?: Record<string, number> }
  | { outcome: 'gone' | 'merged' | 'survivor-gone' | 'survivor-merged' | 'survivor-inactive' }
  | { outcome: 'stale'; version: number };

/** The lock-time state of a directory row. */
interface LockedRow {
  id: string;
  code: string | null;
  active: boolean;
  mergedInto: string | null;
  version: number;
  agencyId: string | null;
}

/**
 * The one owner of the organisation tables: landlords, agencies, residences, contractors. Reads and writes
 * go through the TypeORM entities of `@suivi/persistence`, except the residence search and closure days,
 * written as SQL.
 */
@Injectable()
export class OrganisationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts one row of `target` and returns the saved entity. A unique violation surfaces as PostgreSQL's
   * error (the caller maps it to a conflict).
   */
  async insert<T extends ObjectLiteral>(target: EntityTarget<T>, values: object): Promise<T> {
    const repository = this.db.getRepository(target);
    return repository.save(repository.create(values as T));
  }

  /**
   * Inserts many rows of `target` in one multi-row INSERT and returns their generated ids, in the order
   * given (the scale seed's residences and contractors). A unique violation rejects the whole statement.
   */
  async insertMany<T extends ObjectLiteral>(
    target: EntityTarget<T>,
    values: readonly object[],
  ): Promise<string[]> {
    if (values.length === 0) return [];
    const result = await this.db.getRepository(target).insert(values as T[]);
    return result.identifiers.map((i) => String(i.id));
  }

  /**
   * Landlords not written by the scale seed (codes not starting `SCALE-`), and those whose code starts
   * with `prefix` (the seed's own).
   */
  async landlordCodeCounts(prefix: string): Promise<{ foreign: number; ours: number }> {
    const landlords = this.db.getRepository(LandlordEntity);
    const [foreign, ours] = await Promise.all([
      landlords.countBy({ code: Not(Like('SCALE-%')) }),
      landlords.countBy({ code: Like(`${prefix.replace(/[\\%_]/g, '\\$&')}%`) }),
    ]);
    return { foreign, ours };
  }

  /** Every landlord, by code. */
  async landlords(): Promise<LandlordEntity[]> {
    return this.db.getRepository(LandlordEntity).find({ order: { code: 'ASC' } });
  }

  /** The landlord with this code; null when none. */
  async landlordByCode(code: string): Promise<LandlordEntity | null> {
    return this.db.getRepository(LandlordEntity).findOneBy({ code });
  }

  /** Replaces the landlord's closure days (`YYYY-MM-DD` strings). */
  async setClosureDays(landlordId: string, days: readonly string[]): Promise<void> {
    await this.db.query('UPDATE landlords SET closure_days = $2::date[] WHERE id = $1', [landlordId, days]);
  }

  /**
   * Sets the landlord's public phone and SMS number, and each listed agency's phone (by agency code), in
   * one transaction; null clears a number.
   */
  async setPublicNumbers(
    landlordId: string,
    numbers: { publicPhone: string | null; smsNumber: string | null },
    agencyPhones: ReadonlyMap<string, string | null>,
  ): Promise<void> {
    await this.db.transaction(async (em) => {
      await em
        .getRepository(LandlordEntity)
        .update({ id: landlordId }, { publicPhone: numbers.publicPhone, smsNumber: numbers.smsNumber });
      for (const [agencyCode, phone] of agencyPhones) {
        await em.getRepository(AgencyEntity).update({ landlordId, code: agencyCode }, { publicPhone: phone });
      }
    });
  }

  /** Stores the landlord's quiet hours (validated by the caller). */
  async setSmsWindow(landlordId: string, window: { start: string; end: string }): Promise<void> {
    await this.db
      .getRepository(LandlordEntity)
      .update({ id: landlordId }, { smsDayStart: window.start, smsDayEnd: window.end });
  }

  /** The landlord's agencies, by code; merged duplicates are left out (inactive ones are listed). */
  async agencies(landlordId: string): Promise<AgencyEntity[]> {
    return this.db
      .getRepository(AgencyEntity)
      .find({ where: { landlordId, mergedIntoId: IsNull() }, order: { code: 'ASC' } });
  }

  /** One agency of the landlord by code (merged ones included); null when none. */
  async agency(landlordId: string, code: string): Promise<AgencyEntity | null> {
    return this.db.getRepository(AgencyEntity).findOneBy({ landlordId, code });
  }

  /**
   * The landlord's residences, by code; merged duplicates are left out, deactivated ones too unless
   * `inactive` (the admin's lists show them, to reactivate them; intake forms do not offer them).
   */
  async residences(landlordId: string, inactive = false): Promise<ResidenceEntity[]> {
    return this.db.getRepository(ResidenceEntity).find({
      where: { landlordId, mergedIntoId: IsNull(), ...(inactive ? {} : { active: true }) },
      order: { code: 'ASC' },
    });
  }

  /** One residence of the landlord by code (merged ones included); null when none. */
  async residence(landlordId: string, code: string): Promise<ResidenceEntity | null> {
    return this.db.getRepository(ResidenceEntity).findOneBy({ landlordId, code });
  }

  /** The landlord's contractors, by name; merged duplicates are left out (inactive ones are listed). */
  async contractors(landlordId: string): Promise<ContractorEntity[]> {
    return this.db
      .getRepository(ContractorEntity)
      .find({ where: { landlordId, mergedIntoId: IsNull() }, order: { name: 'ASC' } });
  }

  /** One contractor of the landlord by id (merged ones included); null when none. */
  async contractor(landlordId: string, id: string): Promise<ContractorEntity | null> {
    return this.db.getRepository(ContractorEntity).findOneBy({ landlordId, id });
  }

  /** One agency, residence or contractor of the landlord by id (merged ones included); null when none. */
  async entry(
    kind: DirectoryKind,
    landlordId: string,
    id: string,
  ): Promise<AgencyEntity | ResidenceEntity | ContractorEntity | null> {
    const target = { agency: AgencyEntity, residence: ResidenceEntity, contractor: ContractorEntity }[kind];
    return this.db.getRepository<AgencyEntity | ResidenceEntity | ContractorEntity>(target).findOneBy({
      landlordId,
      id,
    });
  }

  /**
   * Sets the given editable fields of one row (undefined ones and keys outside `EDITABLE[kind]` are ignored) and bumps its
   * version, in one transaction with the record of the change. A residence's new code follows into open
   * filing drafts. `expectedVersion` undefined: no concurrency check. A unique violation (a code taken)
   * surfaces as PostgreSQL's error.
   */
  async edit(
    kind: DirectoryKind,
    landlordId: string,
    id: string,
    values: Record<string, unknown>,
    expectedVersion: number | undefined,
    userId: string | null,
  ): Promise<DirectoryOutcome> {
    return this.db.transaction(async (em) => {
      const [row] = await this.lock(em, kind, landlordId, [id]);
      const refused = this.refusal(row, expectedVersion);
      if (refused) return refused;
      // undefined: left as it is (a DTO instance holds every declared key); null clears the column.
      const columns = Object.entries(EDITABLE[kind]).filter(
        ([key]) => Object.hasOwn(values, key) && values[key] !== undefined,
      );
      const table = TABLES[kind];
      const before: Record<string, unknown> = {};
      if (columns.length > 0) {
        const [old]: Record<string, unknown>[] = await em.query(
          `SELECT ${columns.map(([key, column]) => `${column} AS "${key}"`).join(', ')} FROM ${table} WHERE id = $1`,
          [id],
        );
        Object.assign(before, old);
        await em.query(
          `UPDATE ${table} SET ${columns.map(([, column], i) => `${column} = $${i + 2}`).join(', ')},
                  version = version + 1 WHERE id = $1`,
          [id, ...columns.map(([key]) => values[key] ?? null)],
        );
      } else {
        await em.query(`UPDATE ${table} SET version = version + 1 WHERE id = $1`, [id]);
      }
      if (kind === 'residence' && typeof values.code === 'string' && values.code !== row.code) {
        await em.query(
          `UPDATE filing_drafts SET residence_code = $3
            WHERE landlord_code = (SELECT code FROM landlords WHERE id = $1) AND residence_code = $2`,
          [landlordId, row.code, values.code],
        );
      }
      const after = Object.fromEntries(columns.map(([key]) => [key, values[key] ?? null]));
      await this.record(em, landlordId, kind, id, 'edit', null, userId, { before, after });
      return { outcome: 'ok' };
    });
  }

  /** Deactivates or reactivates one row (not a merged one), with the record of the change. */
  async setActive(
    kind: DirectoryKind,
    landlordId: string,
    id: string,
    active: boolean,
    expectedVersion: number | undefined,
    userId: string | null,
  ): Promise<DirectoryOutcome> {
    return this.db.transaction(async (em) => {
      const [row] = await this.lock(em, kind, landlordId, [id]);
      const refused = this.refusal(row, expectedVersion);
      if (refused) return refused;
      await em.query(`UPDATE ${TABLES[kind]} SET active = $2, version = version + 1 WHERE id = $1`, [
        id,
        active,
      ]);
      await this.record(em, landlordId, kind, id, active ? 'reactivate' : 'deactivate', null, userId, {});
      return { outcome: 'ok' };
    });
  }

  /**
   * Merges the duplicate `duplicateId` into `survivorId` (both the landlord's, neither merged, the survivor
   * active), in one transaction: every reference moves to the survivor — for a residence its open filing
   * drafts; for an agency its residences, staff agency scopes (a user scoped to both keeps one) and its
   * on-call rota when the survivor has none; for a contractor its staff accounts and invitations; and, through
   * `others` (the registered holders: complaints and work orders, moved by their own repository), every
   * complaint and work order naming the duplicate. Complaint events are never rewritten: the duplicate stays, inactive, with `merged_into`, so
   * the ids old events name still resolve. Rows merged into the duplicate earlier now point at the survivor.
   * The merge is recorded with the count of rows moved per table.
   */
  async merge(
    kind: DirectoryKind,
    landlordId: string,
    duplicateId: string,
    survivorId: string,
    expectedVersion: number | undefined,
    userId: string | null,
    others: DirectoryReferences,
  ): Promise<DirectoryOutcome> {
    return this.db.transaction(async (em) => {
      const rows = await this.lock(em, kind, landlordId, [duplicateId, survivorId]);
      const duplicate = rows.find((r) => r.id === duplicateId);
      const survivor = rows.find((r) => r.id === survivorId);
      const refused = this.refusal(duplicate, expectedVersion);
      if (refused) return refused;
      if (!survivor) return { outcome: 'survivor-gone' };
      if (survivor.mergedInto) return { outcome: 'survivor-merged' };
      if (!survivor.active) return { outcome: 'survivor-inactive' };
      const moved: Record<string, number> = {};
      const move = async (what: string, sql: string, params: unknown[]) => {
        const [{ n }]: { n: number }[] = await em.query(
          `WITH moved AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM moved`,
          params,
        );
        moved[what] = n;
      };
      const ids = [duplicateId, survivorId];
      if (kind === 'residence') {
        await move(
          'filing_drafts',
          `UPDATE filing_drafts SET residence_code = $3
            WHERE landlord_code = (SELECT code FROM landlords WHERE id = $1) AND residence_code = $2`,
          [landlordId, duplicate!.code, survivor.code],
        );
      } else if (kind === 'agency') {
        await move('residences', 'UPDATE residences SET agency_id = $2 WHERE agency_id = $1', ids);
        // A user scoped to both agencies keeps the survivor's scope (the pair is unique per user).
        await move(
          'memberships_merged',
          `DELETE FROM memberships m WHERE m.agency_id = $1 AND EXISTS (
             SELECT 1 FROM memberships o
              WHERE o.user_id = m.user_id AND o.landlord_id = m.landlord_id AND o.agency_id = $2)`,
          ids,
        );
        await move('memberships', 'UPDATE memberships SET agency_id = $2 WHERE agency_id = $1', ids);
        // The survivor's own rota, when it has one, answers for both; the duplicate's is kept, unused.
        await move(
          'on_call_people',
          `UPDATE on_call_people SET agency_id = $2 WHERE agency_id = $1
              AND NOT EXISTS (SELECT 1 FROM on_call_people WHERE agency_id = $2)`,
          ids,
        );
      } else {
        await move('users', 'UPDATE users SET contractor_id = $2 WHERE contractor_id = $1', ids);
        await move(
          'staff_invitations',
          'UPDATE staff_invitations SET contractor_id = $2 WHERE contractor_id = $1',
          ids,
        );
      }
      // Complaints and work orders belong to their own capability, which moves them in this transaction.
      Object.assign(
        moved,
        await others.moveAll(em, {
          kind,
          landlordId,
          duplicateId,
          survivorId,
          duplicateAgencyId: duplicate!.agencyId,
          survivorAgencyId: survivor.agencyId,
        }),
      );
      const table = TABLES[kind];
      await em.query(`UPDATE ${table} SET merged_into = $2 WHERE merged_into = $1`, ids);
      await em.query(
        `UPDATE ${table} SET active = false, merged_into = $2, version = version + 1 WHERE id = $1`,
        ids,
      );
      await this.record(em, landlordId, kind, duplicateId, 'merge', survivorId, userId, { moved });
      return { outcome: 'ok', moved };
    });
  }

  /** The landlord's rows among `ids`, locked for the transaction (in id order, so two merges cannot deadlock). */
  private lock(
    em: EntityManager,
    kind: DirectoryKind,
    landlordId: string,
    ids: string[],
  ): Promise<LockedRow[]> {
    const agency = kind === 'residence' ? 'agency_id' : 'NULL::uuid';
    const code = kind === 'contractor' ? 'NULL::varchar' : 'code';
    return em.query(
      `SELECT id, ${code} AS code, active, merged_into AS "mergedInto", version, ${agency} AS "agencyId"
         FROM ${TABLES[kind]} WHERE landlord_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [landlordId, ids],
    );
  }

  private refusal(row: LockedRow | undefined, expectedVersion: number | undefined): DirectoryOutcome | null {
    if (!row) return { outcome: 'gone' };
    if (row.mergedInto) return { outcome: 'merged' };
    if (expectedVersion !== undefined && row.version !== expectedVersion) {
      return { outcome: 'stale', version: row.version };
    }
    return null;
  }

  private async record(
    em: EntityManager,
    landlordId: string,
    kind: DirectoryKind,
    subjectId: string,
    action: 'edit' | 'deactivate' | 'reactivate' | 'merge',
    survivorId: string | null,
    userId: string | null,
    details: Record<string, unknown>,
  ): Promise<void> {
    await em.query(
      `INSERT INTO directory_changes (landlord_id, kind, subject_id, action, survivor_id, user_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [landlordId, kind, subjectId, action, survivorId, userId, JSON.stringify(details)],
    );
  }

  /** The landlord's directory changes, newest first (at most `limit`). */
  changes(landlordId: string, limit = 50): Promise<DirectoryChangeRow[]> {
    return this.db.query(
      `SELECT id, kind, subject_id AS "subjectId", action, survivor_id AS "survivorId", user_id AS "userId",
              details, at
         FROM directory_changes WHERE landlord_id = $1 ORDER BY at DESC, id LIMIT $2`,
      [landlordId, limit],
    );
  }

  /**
   * Active residences of every landlord (a deactivated or merged one is not offered) whose folded name,
   * address, postcode and city hold every one of `words`
   * (at least one, already normalised and stripped of LIKE wildcards), best first: postcode or name
   * starting with the first word, then by landlord and name. At most `limit` rows (1 to 50).
   */
  async searchResidences(words: readonly string[], limit: number): Promise<ResidenceMatchRow[]> {
    const haystack = `suivi_fold(r.name || ' ' || r.address || ' ' || r.postcode || ' ' || r.city)`;
    const conditions = words
      .map((_, i) => `${haystack} LIKE '%' || suivi_fold($${i + 1}) || '%'`)
      .join(' AND ');
    const first = words.length + 1;
    return this.db.query(
      `SELECT l.code AS "landlordCode", l.name AS "landlordName", r.code AS "residenceCode", r.name,
              r.address, r.postcode, r.city
         FROM residences r JOIN landlords l ON l.id = r.landlord_id
        WHERE r.active AND ${conditions}
        ORDER BY (r.postcode LIKE suivi_fold($${first}) || '%' OR suivi_fold(r.name) LIKE suivi_fold($${first}) || '%') DESC,
                 l.name, r.name, r.code
        LIMIT $${first + 1}`,
      [...words, words[0], Math.min(Math.max(limit, 1), 50)],
    );
  }

  /**
   * One residence with its landlord and contact numbers, by their codes; null when unknown or deactivated.
   * The code of a merged duplicate answers the residence it was merged into (a link or poster with the old
   * code keeps working), with that residence's code.
   */
  async findResidence(landlordCode: string, residenceCode: string): Promise<ResidenceMatchRow | null> {
    const [found]: ResidenceMatchRow[] = await this.db.query(
      `SELECT l.code AS "landlordCode", l.name AS "landlordName", r.code AS "residenceCode", r.name,
              r.address, r.postcode, r.city, COALESCE(a.public_phone, l.public_phone) AS "contactPhone",
              l.sms_number AS "smsNumber"
         FROM residences d JOIN landlords l ON l.id = d.landlord_id
         JOIN residences r ON r.id = COALESCE(d.merged_into, d.id)
         LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE l.code = $1 AND d.code = $2 AND r.active`,
      [landlordCode, residenceCode],
    );
    return found ?? null;
  }

  // The on-call duty's settings and rotas (issue 16): landlord configuration, like its numbers and closures.

  /**
   * The landlord's settings, or null when it never set them (the domain's defaults apply). `runner`: the
   * caller's transaction when it holds one — a second pool connection taken while holding one can exhaust
   * the pool under load (every filing waiting for a connection the others hold).
   */
  async onCallSettings(landlordId: string, runner: Runner = this.db): Promise<OnCallSettingsRow | null> {
    const [row]: OnCallSettingsRow[] = await runner.query(
      `SELECT office_days AS "officeDays", office_start AS "officeStart", office_end AS "officeEnd",
              escalation_minutes AS "escalationMinutes"
         FROM on_call_settings WHERE landlord_id = $1`,
      [landlordId],
    );
    return row ?? null;
  }

  /** Every person of every rota of the landlord, landlord-wide first, then by agency, role and position. */
  onCallPeople(landlordId: string): Promise<OnCallPersonRow[]> {
    return this.db.query(
      `SELECT id, agency_id AS "agencyId", role, position, name, phone, email FROM on_call_people
        WHERE landlord_id = $1 ORDER BY agency_id NULLS FIRST, role, position`,
      [landlordId],
    );
  }

  /**
   * The rota that answers for a complaint of `agencyId`: the agency's own when it has one, else the
   * landlord-wide one (on-call people, then the supervisor).
   */
  onCallRotaFor(
    landlordId: string,
    agencyId: string | null,
    runner: Runner = this.db,
  ): Promise<OnCallPersonRow[]> {
    return runner.query(
      `SELECT id, agency_id AS "agencyId", role, position, name, phone, email FROM on_call_people p
        WHERE landlord_id = $1
          AND agency_id IS NOT DISTINCT FROM (
                SELECT CASE WHEN $2::uuid IS NOT NULL AND EXISTS
                         (SELECT 1 FROM on_call_people WHERE landlord_id = $1 AND agency_id = $2::uuid)
                       THEN $2::uuid END)
        ORDER BY role, position`,
      [landlordId, agencyId],
    );
  }

  /** Writes the settings and replaces the rota of `agencyId` (null: landlord-wide), in one transaction. */
  async replaceOnCall(
    landlordId: string,
    agencyId: string | null,
    settings: OnCallSettingsRow,
    people: readonly NewOnCallPerson[],
  ): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query(
        `INSERT INTO on_call_settings (landlord_id, office_days, office_start, office_end, escalation_minutes)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (landlord_id) DO UPDATE SET office_days = $2, office_start = $3, office_end = $4,
                escalation_minutes = $5, updated_at = now()`,
        [
          landlordId,
          settings.officeDays,
          settings.officeStart,
          settings.officeEnd,
          settings.escalationMinutes,
        ],
      );
      await em.query(
        'DELETE FROM on_call_people WHERE landlord_id = $1 AND agency_id IS NOT DISTINCT FROM $2::uuid',
        [landlordId, agencyId],
      );
      if (people.length === 0) return;
      await em.query(
        `INSERT INTO on_call_people (landlord_id, agency_id, role, position, name, phone, email)
         SELECT $1, $2::uuid, r.* FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[])
                AS r(role, position, name, phone, email)`,
        [
          landlordId,
          agencyId,
          people.map((p) => p.role),
          people.map((p) => p.position),
          people.map((p) => p.name),
          people.map((p) => p.phone),
          people.map((p) => p.email),
        ],
      );
    });
  }
}
