import { Client } from 'pg';
import { WorkingCalendar } from '@suivi/calendar';
import { PRESETS } from '@suivi/domain';
import type { Country, UrgencyDecision } from '@suivi/domain';
import { DeadlineCache, Random, seedComplaint } from './history';
import type { SeedPlace, SeededComplaint } from './history';

/** Landlords the scale seed creates: codes start with this, so its data is told apart from real data. */
export const SCALE_PREFIX = 'SCALE-';

interface LandlordProfile {
  code: string;
  name: string;
  country: Country;
  region: string;
  timezone: string;
  /** Share of all complaints. */
  share: number;
  homes: number;
  agencies: number;
  residences: number;
  contractors: number;
  closures: string[];
}

/** Several landlords of different sizes, regions and calendars (FR metropole, Alsace-Moselle, Réunion, England). */
export const SCALE_LANDLORDS: readonly LandlordProfile[] = [
  {
    code: 'HABITAT-NORD',
    name: 'Habitat du Nord',
    country: 'FR',
    region: 'metropole',
    timezone: 'Europe/Paris',
    share: 0.38,
    homes: 95_000,
    agencies: 14,
    residences: 700,
    contractors: 60,
    closures: [],
  },
  {
    code: 'LOGIS-EST',
    name: 'Logis de l’Est',
    country: 'FR',
    region: 'alsace_moselle',
    timezone: 'Europe/Paris',
    share: 0.22,
    homes: 55_000,
    agencies: 9,
    residences: 420,
    contractors: 40,
    closures: [],
  },
  {
    code: 'SUD-HABITAT',
    name: 'Sud Habitat',
    country: 'FR',
    region: 'metropole',
    timezone: 'Europe/Paris',
    share: 0.15,
    homes: 38_000,
    agencies: 6,
    residences: 300,
    contractors: 30,
    closures: [],
  },
  {
    code: 'LONDON-HOMES',
    name: 'London Homes',
    country: 'GB',
    region: 'england_wales',
    timezone: 'Europe/London',
    share: 0.12,
    homes: 30_000,
    agencies: 6,
    residences: 240,
    contractors: 25,
    closures: [],
  },
  {
    code: 'OPH-REUNION',
    name: 'OPH de La Réunion',
    country: 'FR',
    region: 'reunion',
    timezone: 'Indian/Reunion',
    share: 0.08,
    homes: 20_000,
    agencies: 4,
    residences: 150,
    contractors: 15,
    closures: [],
  },
  {
    code: 'PETIT-BAILLEUR',
    name: 'Petit Bailleur',
    country: 'FR',
    region: 'metropole',
    timezone: 'Europe/Paris',
    share: 0.05,
    homes: 12_000,
    agencies: 2,
    residences: 60,
    contractors: 8,
    closures: [],
  },
];

export interface ScaleSeedOptions {
  databaseUrl: string;
  complaints: number;
  /** Years of filings, ending now. */
  years: number;
  now: Date;
  seed: number;
  /** Prefix of the landlord codes (tests use their own, to run beside other data). */
  prefix: string;
  /** Write even if the database holds data the seed did not create. */
  allowExistingData: boolean;
  batch: number;
  log: (line: string) => void;
}

export interface ScaleSeedResult {
  complaints: number;
  events: number;
  seconds: number;
  landlords: { code: string; complaints: number; homes: number }[];
}

/**
 * Writes the scale data set: landlords, agencies, residences, contractors, partner organisations, then
 * complaints with their hash-chained events in batches (multi-row INSERT … SELECT FROM unnest, two batches
 * in flight so PostgreSQL writes while the next batch is generated). Nothing the migrations own is dropped.
 */
export async function seedScale(options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const started = Date.now();
  const db = new Client({ connectionString: options.databaseUrl });
  const writer = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  await writer.connect();
  try {
    await refuseForeignData(db, options);
    const random = new Random(options.seed);
    const places = await createOrganisation(db, options, random);
    const total = options.complaints;
    const start = options.now.getTime() - options.years * 365.25 * 86_400_000;
    const span = options.now.getTime() - 3_600_000 - start;
    const deadlines = new DeadlineCache();
    const decisions = new Map<string, UrgencyDecision>();
    const weights = places.map((p) => p.share);
    let written = 0;
    let events = 0;
    let pending: Promise<void> = Promise.resolve();
    let lastLog = Date.now();
    for (let first = 0; first < total; first += options.batch) {
      const batch: SeededComplaint[] = [];
      for (let k = first; k < Math.min(total, first + options.batch); k++) {
        // Filings spread evenly over the years, in order (ids are time-ordered), at working hours mostly.
        const day = start + ((k + random.next()) / total) * span;
        const filedAt = new Date(Math.min(options.now.getTime() - 3_600_000, daytime(day, random)));
        const place = places[pick(weights, random)];
        batch.push(seedComplaint(place.seed, filedAt, options.now, random, deadlines, decisions));
        place.count += 1;
      }
      // One batch written while the next is generated.
      await pending;
      const count = batch.reduce((n, c) => n + c.events.length, 0);
      pending = writeBatch(writer, batch).then(() => {
        written += batch.length;
        events += count;
      });
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        const seconds = (Date.now() - started) / 1000;
        options.log(
          `  ${written.toLocaleString('en')} / ${total.toLocaleString('en')} complaints, ` +
            `${events.toLocaleString('en')} events, ${seconds.toFixed(0)} s (${Math.round(written / seconds)} complaints/s)`,
        );
      }
    }
    await pending;
    // VACUUM sets the visibility map, so reports read the complaints by index only, as they will once
    // autovacuum has passed on a live database.
    options.log('  VACUUM (ANALYZE) complaints, ANALYZE complaint_events …');
    await db.query('VACUUM (ANALYZE) complaints');
    await db.query('ANALYZE complaint_events');
    return {
      complaints: written,
      events,
      seconds: (Date.now() - started) / 1000,
      landlords: places.map((p) => ({ code: p.seed.landlordCode, complaints: p.count, homes: p.homes })),
    };
  } finally {
    await db.end();
    await writer.end();
  }
}

/** Whether the database holds anything the seed did not write (landlords with other codes). */
async function refuseForeignData(db: Client, options: ScaleSeedOptions): Promise<void> {
  const [{ foreign, ours }] = (
    await db.query(
      `SELECT count(*) FILTER (WHERE code NOT LIKE 'SCALE-%')::int AS foreign,
              count(*) FILTER (WHERE code LIKE $1 || '%')::int AS ours FROM landlords`,
      [options.prefix],
    )
  ).rows;
  if (ours > 0) {
    throw new Error(
      `landlords ${options.prefix}* already exist in this database: it was seeded already ` +
        `(events cannot be deleted; seed a fresh database, e.g. with --fresh)`,
    );
  }
  const [{ complaints }] = (await db.query(`SELECT count(*)::int AS complaints FROM complaints`)).rows;
  if ((foreign > 0 || complaints > 0) && !options.allowExistingData) {
    throw new Error(
      `this database already holds data the seed did not create (${foreign} landlords, ${complaints} complaints); ` +
        `use another database, or --allow-existing-data to add the seed beside it`,
    );
  }
}

/** Local working hours mostly: 80 % of filings between 07:00 and 19:00 UTC of their day. */
function daytime(at: number, random: Random): number {
  const day = Math.floor(at / 86_400_000) * 86_400_000;
  const hour = random.chance(0.8) ? 7 + random.next() * 12 : random.next() * 24;
  return day + Math.floor(hour * 3_600_000);
}

function pick(weights: readonly number[], random: Random): number {
  let x = random.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

async function createOrganisation(db: Client, options: ScaleSeedOptions, random: Random) {
  const partners: string[] = [];
  for (const name of ['CCAS', 'Soliha', 'CSF', 'SLIME', 'Maison de la solidarité']) {
    const { rows } = await db.query(
      `INSERT INTO partner_organisations (name, kind) VALUES ($1, 'social_work') RETURNING id`,
      [`${options.prefix}${name}`],
    );
    partners.push(rows[0].id);
  }
  const places: { seed: SeedPlace; share: number; homes: number; count: number }[] = [];
  const epoch = new Date(options.now.getTime() - options.years * 365.25 * 86_400_000 - 86_400_000);
  for (const profile of SCALE_LANDLORDS) {
    const code = `${options.prefix}${profile.code}`.slice(0, 32);
    const { rows } = await db.query(
      `INSERT INTO landlords (code, name, timezone, country, region, closure_days, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::date[], $7) RETURNING id`,
      [code, profile.name, profile.timezone, profile.country, profile.region, profile.closures, epoch],
    );
    const landlordId: string = rows[0].id;
    const agencies: { id: string; code: string }[] = [];
    for (let a = 0; a < profile.agencies; a++) {
      const agencyCode = `AG-${String(a + 1).padStart(2, '0')}`;
      const r = await db.query(
        `INSERT INTO agencies (landlord_id, code, name) VALUES ($1, $2, $3) RETURNING id`,
        [landlordId, agencyCode, `Agence ${a + 1}`],
      );
      agencies.push({ id: r.rows[0].id, code: agencyCode });
    }
    // Residences of very different sizes; their homes add up to the landlord's homes.
    const sizes = Array.from({ length: profile.residences }, () => 0.2 + random.exp(1));
    const sum = sizes.reduce((a, b) => a + b, 0);
    const residenceRows = sizes.map((s, i) => ({
      code: `RES-${String(i + 1).padStart(4, '0')}`,
      agencyIndex: i % profile.agencies,
      homes: Math.max(4, Math.round((s / sum) * profile.homes)),
    }));
    const { rows: residenceIds } = await db.query(
      `INSERT INTO residences (landlord_id, agency_id, code, name, address, postcode, city, homes_count)
       SELECT $1, a, c, 'Résidence ' || c, c || ' rue de la Paix', '00000', 'Ville', h
         FROM unnest($2::uuid[], $3::text[], $4::int[]) AS t(a, c, h)
       RETURNING id, code`,
      [
        landlordId,
        residenceRows.map((r) => agencies[r.agencyIndex].id),
        residenceRows.map((r) => r.code),
        residenceRows.map((r) => r.homes),
      ],
    );
    const idOf = new Map<string, string>(
      residenceIds.map((r: { id: string; code: string }) => [r.code, r.id]),
    );
    const { rows: contractorRows } = await db.query(
      `INSERT INTO contractors (landlord_id, name, trade)
       SELECT $1, 'Entreprise ' || n, 'general' FROM generate_series(1, $2::int) AS n RETURNING id`,
      [landlordId, profile.contractors],
    );
    const calendar = new WorkingCalendar({
      country: profile.country,
      region: profile.region,
      timeZone: profile.timezone,
      closures: profile.closures,
    });
    places.push({
      share: profile.share,
      homes: residenceRows.reduce((n, r) => n + r.homes, 0),
      count: 0,
      seed: {
        landlordId,
        landlordCode: code,
        calendar,
        ruleSet: PRESETS[profile.country],
        agencies,
        residences: residenceRows.map((r) => ({
          id: idOf.get(r.code) as string,
          code: r.code,
          agencyIndex: r.agencyIndex,
          weight: r.homes,
        })),
        contractors: contractorRows.map((r: { id: string }) => r.id),
        partners,
        reopenWindowDays: 30,
      },
    });
  }
  return places;
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

async function writeBatch(db: Client, batch: readonly SeededComplaint[]): Promise<void> {
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
  await db.query('BEGIN');
  try {
    await db.query(COMPLAINTS_SQL, columns);
    await db.query(EVENTS_SQL, ev);
    await db.query('COMMIT');
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}
