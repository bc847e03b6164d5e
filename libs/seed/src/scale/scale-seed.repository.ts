import { Client } from 'pg';
import type { SeededComplaint } from './history';

/**
 * The SQL of the scale seed (`npm run seed:scale`, the audit e2e test): creating the database, the
 * organisation rows, and complaints with their events in bulk. Plain `pg` clients, not the application's
 * data source: the seed runs from the CLI, outside Nest, and writes a million rows through `unnest`.
 */

/**
 * Creates the database named in `url` when missing (dropping it first with `fresh`, allowed only for a
 * name holding `scale`, `bench` or `test`). Connects to the server's `postgres` database to do so. Throws
 * for a database name that is not a plain lower-case identifier.
 */
export async function ensureScaleDatabase(url: string, fresh: boolean): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    if (fresh) {
      if (!/scale|bench|test/.test(name)) {
        throw new Error(
          `--fresh drops the database: only for one named *scale*, *bench* or *test*, not ${name}`,
        );
      }
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

const COMPLAINT_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['reference', 'text'],
  ['landlord_id', 'uuid'],
  ['agency_id', 'uuid'],
  ['residence_id', 'uuid'],
  ['unit', 'text'],
  ['category', 'text'],
  ['description', 'text'],
  ['intake_channel', 'text'],
  ['filed_by_role', 'text'],
  ['filed_by_id', 'text'],
  ['status', 'text'],
  ['version', 'int'],
  ['hold_reason', 'text'],
  ['contractor_id', 'uuid'],
  ['appointment_start', 'timestamptz'],
  ['appointment_end', 'timestamptz'],
  ['head_hash', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['acknowledged_at', 'timestamptz'],
  ['assigned_at', 'timestamptz'],
  ['works_done_at', 'timestamptz'],
  ['escalated_at', 'timestamptz'],
  ['reopen_count', 'int'],
  ['urgency_overridden', 'boolean'],
  ['close_reason', 'text'],
  ['partner_organisation_id', 'uuid'],
  ['consent_recorded_at', 'timestamptz'],
  ['flags', 'text'],
  ['urgency', 'jsonb'],
  ['urgency_level', 'text'],
  ['next_due_at', 'timestamptz'],
  ['next_due_stage', 'text'],
  ['rating', 'smallint'],
  ['rated_at', 'timestamptz'],
  ['acknowledge_working_days', 'smallint'],
  ['assign_working_days', 'smallint'],
  ['works_done_working_days', 'smallint'],
  ['close_working_days', 'smallint'],
  ['acknowledge_tenant_delay_ms', 'bigint'],
  ['intervene_tenant_delay_ms', 'bigint'],
  ['resolve_tenant_delay_ms', 'bigint'],
  ['tenant_delay_ms', 'bigint'],
  ['tenant_hold_since', 'timestamptz'],
  ['acknowledge_due_at', 'timestamptz'],
  ['intervene_due_at', 'timestamptz'],
  ['resolve_due_at', 'timestamptz'],
];

function complaintValues(c: SeededComplaint): unknown[] {
  const r = c.rollup;
  const head = c.events[c.events.length - 1];
  return [
    c.id,
    c.reference,
    c.landlordId,
    c.agencyId,
    c.residenceId,
    c.unit,
    c.category,
    c.description,
    c.channel,
    c.filedBy.role,
    c.filedBy.id,
    c.status,
    c.events.length,
    c.holdReason,
    c.contractorId,
    c.appointment?.start ?? null,
    c.appointment?.end ?? null,
    head.hash,
    c.rollup.filedAt,
    c.updatedAt,
    r.closedAt,
    r.acknowledgedAt,
    r.assignedAt,
    r.worksDoneAt,
    r.escalatedAt,
    r.reopenCount,
    r.urgencyOverridden,
    r.closeReason,
    c.partnerOrganisationId,
    c.partnerOrganisationId ? r.filedAt : null,
    c.flags.join(','),
    JSON.stringify(c.urgency),
    c.urgency.level,
    c.nextDue?.at ?? null,
    c.nextDue?.stage ?? null,
    c.rating,
    c.ratedAt,
    r.acknowledgeWorkingDays,
    r.assignWorkingDays,
    r.worksDoneWorkingDays,
    r.closeWorkingDays,
    r.acknowledgeTenantDelayMs,
    r.interveneTenantDelayMs,
    r.resolveTenantDelayMs,
    r.tenantDelayMs,
    r.tenantHoldSince,
    c.urgency.due.acknowledge ?? null,
    c.urgency.due.intervene ?? null,
    c.urgency.due.resolve ?? null,
  ];
}

const COMPLAINTS_SQL = (() => {
  const names = COMPLAINT_COLUMNS.map(([n]) => n);
  const select = COMPLAINT_COLUMNS.map(([n, t]) =>
    n === 'flags'
      ? `CASE WHEN t.flags = '' THEN '{}'::text[] ELSE string_to_array(t.flags, ',') END`
      : t === 'jsonb'
        ? `t.${n}::jsonb`
        : t === 'text'
          ? `t.${n}`
          : `t.${n}`,
  );
  const unnest = COMPLAINT_COLUMNS.map(([, t], i) => `$${i + 1}::${t === 'jsonb' ? 'text' : t}[]`);
  return `INSERT INTO complaints (${names.join(', ')})
          SELECT ${select.join(', ')}
            FROM unnest(${unnest.join(', ')}) AS t(${names.join(', ')})`;
})();

const EVENTS_SQL = `INSERT INTO complaint_events
    (complaint_id, seq, at, actor_role, actor_id, action, from_state, to_state, payload, text_digests, prev_hash, hash)
  SELECT c, s, a, r, i, x, f, t, p::jsonb, '{"public":null,"internal":null}'::jsonb, ph, h
    FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[]) AS u(c, s, a, r, i, x, f, t, p, ph, h)`;

/** One connection of the scale seed to its database, and every statement the seed runs on it. */
export class ScaleSeedRepository {
  private constructor(private readonly client: Client) {}

  /** Opens a connection to `databaseUrl`; `close()` ends it. */
  static async open(databaseUrl: string): Promise<ScaleSeedRepository> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new ScaleSeedRepository(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  /** Landlords not written by a seed (codes not starting `SCALE-`), and those whose code starts with `prefix`. */
  async landlordCounts(prefix: string): Promise<{ foreign: number; ours: number }> {
    const { rows } = await this.client.query<{ foreign: number; ours: number }>(
      `SELECT count(*) FILTER (WHERE code NOT LIKE 'SCALE-%')::int AS foreign,
              count(*) FILTER (WHERE code LIKE $1 || '%')::int AS ours FROM landlords`,
      [prefix],
    );
    return rows[0];
  }

  /** Every complaint of the database. */
  async complaintCount(): Promise<number> {
    const { rows } = await this.client.query<{ complaints: number }>(
      `SELECT count(*)::int AS complaints FROM complaints`,
    );
    return rows[0].complaints;
  }

  /** Inserts a social-work partner organisation; returns its id. */
  async insertPartnerOrganisation(name: string): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO partner_organisations (name, kind) VALUES ($1, 'social_work') RETURNING id`,
      [name],
    );
    return rows[0].id;
  }

  /** Inserts a landlord created at `createdAt` with its closure days; returns its id. */
  async insertLandlord(landlord: {
    code: string;
    name: string;
    timezone: string;
    country: string;
    region: string;
    closures: readonly string[];
    createdAt: Date;
  }): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO landlords (code, name, timezone, country, region, closure_days, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::date[], $7) RETURNING id`,
      [
        landlord.code,
        landlord.name,
        landlord.timezone,
        landlord.country,
        landlord.region,
        landlord.closures,
        landlord.createdAt,
      ],
    );
    return rows[0].id;
  }

  /** Inserts an agency of the landlord; returns its id. */
  async insertAgency(landlordId: string, code: string, name: string): Promise<string> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO agencies (landlord_id, code, name) VALUES ($1, $2, $3) RETURNING id`,
      [landlordId, code, name],
    );
    return rows[0].id;
  }

  /**
   * Inserts the landlord's residences in one statement, one per index of the three arrays (agency id,
   * code, homes), with a made-up name and address; returns their ids by code.
   */
  async insertResidences(
    landlordId: string,
    residences: { agencyIds: string[]; codes: string[]; homes: number[] },
  ): Promise<{ id: string; code: string }[]> {
    const { rows } = await this.client.query<{ id: string; code: string }>(
      `INSERT INTO residences (landlord_id, agency_id, code, name, address, postcode, city, homes_count)
       SELECT $1, a, c, 'Résidence ' || c, c || ' rue de la Paix', '00000', 'Ville', h
         FROM unnest($2::uuid[], $3::text[], $4::int[]) AS t(a, c, h)
       RETURNING id, code`,
      [landlordId, residences.agencyIds, residences.codes, residences.homes],
    );
    return rows;
  }

  /** Inserts `count` general contractors of the landlord (`Entreprise 1` …); returns their ids. */
  async insertContractors(landlordId: string, count: number): Promise<string[]> {
    const { rows } = await this.client.query<{ id: string }>(
      `INSERT INTO contractors (landlord_id, name, trade)
       SELECT $1, 'Entreprise ' || n, 'general' FROM generate_series(1, $2::int) AS n RETURNING id`,
      [landlordId, count],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Writes complaints with their hash-chained events in one transaction: one multi-row INSERT … SELECT
   * FROM unnest for the complaints, one for the events. Rolled back (and the error rethrown) on failure.
   */
  async writeBatch(batch: readonly SeededComplaint[]): Promise<void> {
    const columns: unknown[][] = COMPLAINT_COLUMNS.map(() => []);
    for (const c of batch) complaintValues(c).forEach((v, i) => columns[i].push(v));
    const ev: unknown[][] = Array.from({ length: 11 }, () => []);
    for (const c of batch) {
      for (const e of c.events) {
        ev[0].push(e.complaintId);
        ev[1].push(e.seq);
        ev[2].push(e.at);
        ev[3].push(e.actorRole);
        ev[4].push(e.actorId);
        ev[5].push(e.action);
        ev[6].push(e.fromState);
        ev[7].push(e.toState);
        ev[8].push(JSON.stringify(e.payload));
        ev[9].push(e.prevHash);
        ev[10].push(e.hash);
      }
    }
    await this.client.query('BEGIN');
    try {
      await this.client.query(COMPLAINTS_SQL, columns);
      await this.client.query(EVENTS_SQL, ev);
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK');
      throw e;
    }
  }

  /**
   * VACUUM sets the visibility map, so reports read the complaints by index only, as they will once
   * autovacuum has passed on a live database.
   */
  async vacuumAnalyze(): Promise<void> {
    await this.client.query('VACUUM (ANALYZE) complaints');
    await this.client.query('ANALYZE complaint_events');
  }
}
