import { Inject, Injectable, Logger } from '@nestjs/common';
import { dailyDigest, dayEnd } from '@suivi/domain';
import { AuditRepository } from './audit.repository';

/** A day is digested once it ended this long ago: events committed just after midnight are in. */
const SETTLE_MS = 10 * 60_000;

/**
 * The daily digests over each landlord's chain heads (kept for the `suivi-events/1` exports made before
 * issue 17). The federation export is now the landlord's transparency log: see TransparencyService.
 */
@Injectable()
export class HistoryExportService {
  private readonly logger = new Logger('Digests');

  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

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
}

const iso = (day: Date): string => day.toISOString().slice(0, 10);
