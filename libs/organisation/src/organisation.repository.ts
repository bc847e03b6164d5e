import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
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
}
