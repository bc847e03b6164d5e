import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Like, Not } from 'typeorm';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { OnCallRole } from '@suivi/domain';
import { AgencyEntity, ContractorEntity, LandlordEntity, ResidenceEntity } from '@suivi/persistence';

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

  /** The landlord's agencies, by code. */
  async agencies(landlordId: string): Promise<AgencyEntity[]> {
    return this.db.getRepository(AgencyEntity).find({ where: { landlordId }, order: { code: 'ASC' } });
  }

  /** One agency of the landlord by code; null when none. */
  async agency(landlordId: string, code: string): Promise<AgencyEntity | null> {
    return this.db.getRepository(AgencyEntity).findOneBy({ landlordId, code });
  }

  /** The landlord's residences, by code. */
  async residences(landlordId: string): Promise<ResidenceEntity[]> {
    return this.db.getRepository(ResidenceEntity).find({ where: { landlordId }, order: { code: 'ASC' } });
  }

  /** The landlord's contractors, by name. */
  async contractors(landlordId: string): Promise<ContractorEntity[]> {
    return this.db.getRepository(ContractorEntity).find({ where: { landlordId }, order: { name: 'ASC' } });
  }

  /**
   * Residences of every landlord whose folded name, address, postcode and city hold every one of `words`
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
        WHERE ${conditions}
        ORDER BY (r.postcode LIKE suivi_fold($${first}) || '%' OR suivi_fold(r.name) LIKE suivi_fold($${first}) || '%') DESC,
                 l.name, r.name, r.code
        LIMIT $${first + 1}`,
      [...words, words[0], Math.min(Math.max(limit, 1), 50)],
    );
  }

  /** One residence with its landlord and contact numbers, by their codes; null when unknown. */
  async findResidence(landlordCode: string, residenceCode: string): Promise<ResidenceMatchRow | null> {
    const [found]: ResidenceMatchRow[] = await this.db.query(
      `SELECT l.code AS "landlordCode", l.name AS "landlordName", r.code AS "residenceCode", r.name,
              r.address, r.postcode, r.city, COALESCE(a.public_phone, l.public_phone) AS "contactPhone",
              l.sms_number AS "smsNumber"
         FROM residences r JOIN landlords l ON l.id = r.landlord_id
         LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE l.code = $1 AND r.code = $2`,
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
