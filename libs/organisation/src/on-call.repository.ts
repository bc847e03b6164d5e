import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { OnCallRole } from '@suivi/domain';

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

@Injectable()
export class OnCallRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The landlord's settings, or null when it never set them (the domain's defaults apply). `runner`: the
   * caller's transaction when it holds one — a second pool connection taken while holding one can exhaust
   * the pool under load (every filing waiting for a connection the others hold).
   */
  async settings(landlordId: string, runner: Runner = this.db): Promise<OnCallSettingsRow | null> {
    const [row]: OnCallSettingsRow[] = await runner.query(
      `SELECT office_days AS "officeDays", office_start AS "officeStart", office_end AS "officeEnd",
              escalation_minutes AS "escalationMinutes"
         FROM on_call_settings WHERE landlord_id = $1`,
      [landlordId],
    );
    return row ?? null;
  }

  /** Every person of every rota of the landlord, landlord-wide first, then by agency, role and position. */
  people(landlordId: string): Promise<OnCallPersonRow[]> {
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
  rotaFor(landlordId: string, agencyId: string | null, runner: Runner = this.db): Promise<OnCallPersonRow[]> {
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
  async replace(
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
