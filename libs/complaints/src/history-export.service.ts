import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EXPORT_FORMAT, dailyDigest, dayEnd } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordScope } from '@suivi/organisation';
import type { ChainHead } from '@suivi/domain';
import { chainedEventOf } from './event-store';
import type { EventRow } from './event-store';

/** A day is digested once it ended this long ago: events committed just after midnight are in. */
const SETTLE_MS = 10 * 60_000;
const PAGE = 5_000;

/**
 * Verifiable histories: the daily digests over each landlord's chain heads, and the NDJSON export of its
 * events (hashes included, texts excluded) with those digests, which `suivi-verify` checks offline.
 */
@Injectable()
export class HistoryExportService {
  private readonly logger = new Logger('Digests');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /** Records every missing digest up to the last settled day; answers how many it recorded. */
  async recordDigests(now = new Date(), landlordIds?: string[]): Promise<number> {
    const landlords: { id: string; first: Date | null; last: string | null }[] = await this.db.query(
      `SELECT l.id,
              (SELECT min(e.at) FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
                WHERE c.landlord_id = l.id) AS first,
              (SELECT max(d.day)::text FROM daily_digests d WHERE d.landlord_id = l.id) AS last
         FROM landlords l ${landlordIds ? 'WHERE l.id = ANY($1::uuid[])' : ''}`,
      landlordIds ? [landlordIds] : [],
    );
    let recorded = 0;
    for (const landlord of landlords) {
      if (!landlord.first) continue;
      const start = landlord.last
        ? new Date(dayEnd(landlord.last))
        : new Date(`${landlord.first.toISOString().slice(0, 10)}T00:00:00.000Z`);
      for (let day = start; dayEnd(iso(day)) + SETTLE_MS <= now.getTime(); day = new Date(dayEnd(iso(day)))) {
        const heads: ChainHead[] = await this.db.query(
          `SELECT DISTINCT ON (e.complaint_id) e.complaint_id AS "complaintId", e.seq, e.hash
               FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
              WHERE c.landlord_id = $1 AND e.at < $2
              ORDER BY e.complaint_id, e.seq DESC`,
          [landlord.id, new Date(dayEnd(iso(day)))],
        );
        const rows: unknown[] = await this.db.query(
          `INSERT INTO daily_digests (landlord_id, day, digest, complaints) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING day`,
          [landlord.id, iso(day), dailyDigest(heads), heads.length],
        );
        recorded += rows.length;
      }
    }
    if (recorded > 0) this.logger.log(`Recorded ${recorded} daily digest(s)`);
    return recorded;
  }

  /** The export as a stream of NDJSON lines, read page by page (keyset on complaint, seq). */
  async export(landlordCode: string, scope: LandlordScope): Promise<Readable> {
    const landlord = await this.organisation.landlord(landlordCode, scope);
    const db = this.db;
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify({ type: 'export', format: EXPORT_FORMAT, landlord: landlord.code, exportedAt: new Date().toISOString() })}\n`;
      let after: [string, number] = ['00000000-0000-0000-0000-000000000000', 0];
      for (;;) {
        const rows: EventRow[] = await db.query(
          `SELECT e.complaint_id, e.seq, e.at, e.actor_role, e.actor_id, e.action, e.from_state, e.to_state,
                  e.payload, e.text_digests, e.prev_hash, e.hash
             FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
            WHERE c.landlord_id = $1 AND (e.complaint_id, e.seq) > ($2::uuid, $3::int)
            ORDER BY e.complaint_id, e.seq LIMIT ${PAGE}`,
          [landlord.id, after[0], after[1]],
        );
        if (rows.length === 0) break;
        yield rows.map((r) => `${JSON.stringify({ type: 'event', ...chainedEventOf(r) })}\n`).join('');
        const last = rows[rows.length - 1];
        after = [last.complaint_id, last.seq];
      }
      const digests: { day: string; digest: string; complaints: number }[] = await db.query(
        `SELECT day::text, digest, complaints FROM daily_digests WHERE landlord_id = $1 ORDER BY day`,
        [landlord.id],
      );
      for (const d of digests) yield `${JSON.stringify({ type: 'digest', ...d })}\n`;
    }
    return Readable.from(lines());
  }
}

const iso = (day: Date): string => day.toISOString().slice(0, 10);
