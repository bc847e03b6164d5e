import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EXPORT_FORMAT, dailyDigest, dayEnd } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordScope } from '@suivi/organisation';
import { AuditRepository } from './audit.repository';
import { chainedEventOf } from './event-store';

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
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /** Records every missing digest up to the last settled day; answers how many it recorded. */
  async recordDigests(now = new Date(), landlordIds?: string[]): Promise<number> {
    const landlords = await this.audit.digestProgress(landlordIds);
    let recorded = 0;
    for (const landlord of landlords) {
      if (!landlord.first) continue;
      const start = landlord.last
        ? new Date(dayEnd(landlord.last))
        : new Date(`${landlord.first.toISOString().slice(0, 10)}T00:00:00.000Z`);
      for (let day = start; dayEnd(iso(day)) + SETTLE_MS <= now.getTime(); day = new Date(dayEnd(iso(day)))) {
        const heads = await this.audit.chainHeads(landlord.id, new Date(dayEnd(iso(day))));
        const inserted = await this.audit.insertDigest(
          landlord.id,
          iso(day),
          dailyDigest(heads),
          heads.length,
        );
        if (inserted) recorded += 1;
      }
    }
    if (recorded > 0) this.logger.log(`Recorded ${recorded} daily digest(s)`);
    return recorded;
  }

  /** The export as a stream of NDJSON lines, read page by page (keyset on complaint, seq). */
  async export(landlordCode: string, scope: LandlordScope): Promise<Readable> {
    const landlord = await this.organisation.landlord(landlordCode, scope);
    const audit = this.audit;
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify({ type: 'export', format: EXPORT_FORMAT, landlord: landlord.code, exportedAt: new Date().toISOString() })}\n`;
      let after: [string, number] = ['00000000-0000-0000-0000-000000000000', 0];
      for (;;) {
        const rows = await audit.eventsAfter(landlord.id, after, PAGE);
        if (rows.length === 0) break;
        yield rows.map((r) => `${JSON.stringify({ type: 'event', ...chainedEventOf(r) })}\n`).join('');
        const last = rows[rows.length - 1];
        after = [last.complaint_id, last.seq];
      }
      const digests = await audit.digests(landlord.id);
      for (const d of digests) yield `${JSON.stringify({ type: 'digest', ...d })}\n`;
    }
    return Readable.from(lines());
  }
}

const iso = (day: Date): string => day.toISOString().slice(0, 10);
