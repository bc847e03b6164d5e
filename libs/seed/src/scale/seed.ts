import { WorkingCalendar } from '@suivi/calendar';
import { PRESETS } from '@suivi/domain';
import type { Country, UrgencyDecision } from '@suivi/domain';
import { DeadlineCache, Random, seedComplaint } from './history';
import type { SeedPlace, SeededComplaint } from './history';
import { AgencyEntity, ContractorEntity, LandlordEntity, ResidenceEntity } from '@suivi/persistence';
import { ScaleSeedStore } from './scale-seed.store';

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
  const db = await ScaleSeedStore.open(options.databaseUrl);
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
      pending = db.writeBatch(batch).then(() => {
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
    options.log('  VACUUM (ANALYZE) complaints, ANALYZE complaint_events …');
    await db.complaints.vacuumAfterBulkLoad();
    return {
      complaints: written,
      events,
      seconds: (Date.now() - started) / 1000,
      landlords: places.map((p) => ({ code: p.seed.landlordCode, complaints: p.count, homes: p.homes })),
    };
  } finally {
    await db.close();
  }
}

/** Whether the database holds anything the seed did not write (landlords with other codes). */
async function refuseForeignData(db: ScaleSeedStore, options: ScaleSeedOptions): Promise<void> {
  const { foreign, ours } = await db.organisation.landlordCodeCounts(options.prefix);
  if (ours > 0) {
    throw new Error(
      `landlords ${options.prefix}* already exist in this database: it was seeded already ` +
        `(events cannot be deleted; seed a fresh database, e.g. with --fresh)`,
    );
  }
  const complaints = await db.complaints.count();
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

async function createOrganisation(db: ScaleSeedStore, options: ScaleSeedOptions, random: Random) {
  const partners: string[] = [];
  for (const name of ['CCAS', 'Soliha', 'CSF', 'SLIME', 'Maison de la solidarité']) {
    partners.push(await db.access.insertPartnerOrganisation(`${options.prefix}${name}`, 'social_work'));
  }
  const places: { seed: SeedPlace; share: number; homes: number; count: number }[] = [];
  const epoch = new Date(options.now.getTime() - options.years * 365.25 * 86_400_000 - 86_400_000);
  for (const profile of SCALE_LANDLORDS) {
    const code = `${options.prefix}${profile.code}`.slice(0, 32);
    const { id: landlordId } = await db.organisation.insert(LandlordEntity, {
      code,
      name: profile.name,
      timezone: profile.timezone,
      country: profile.country,
      region: profile.region,
      closureDays: [...profile.closures],
      createdAt: epoch,
    });
    const agencies: { id: string; code: string }[] = [];
    for (let a = 0; a < profile.agencies; a++) {
      const agencyCode = `AG-${String(a + 1).padStart(2, '0')}`;
      agencies.push({
        id: (
          await db.organisation.insert(AgencyEntity, {
            landlordId,
            code: agencyCode,
            name: `Agence ${a + 1}`,
          })
        ).id,
        code: agencyCode,
      });
    }
    // Residences of very different sizes; their homes add up to the landlord's homes.
    const sizes = Array.from({ length: profile.residences }, () => 0.2 + random.exp(1));
    const sum = sizes.reduce((a, b) => a + b, 0);
    const residenceRows = sizes.map((s, i) => ({
      code: `RES-${String(i + 1).padStart(4, '0')}`,
      agencyIndex: i % profile.agencies,
      homes: Math.max(4, Math.round((s / sum) * profile.homes)),
    }));
    const residenceIds = await db.organisation.insertMany(
      ResidenceEntity,
      residenceRows.map((r) => ({
        landlordId,
        agencyId: agencies[r.agencyIndex].id,
        code: r.code,
        name: `Résidence ${r.code}`,
        address: `${r.code} rue de la Paix`,
        postcode: '00000',
        city: 'Ville',
        homesCount: r.homes,
      })),
    );
    const idOf = new Map<string, string>(residenceRows.map((r, i) => [r.code, residenceIds[i]]));
    const contractors = await db.organisation.insertMany(
      ContractorEntity,
      Array.from({ length: profile.contractors }, (_, n) => ({
        landlordId,
        name: `Entreprise ${n + 1}`,
        trade: 'general',
      })),
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
        contractors,
        partners,
        reopenWindowDays: 30,
      },
    });
  }
  return places;
}
