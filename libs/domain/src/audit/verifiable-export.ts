import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { GENESIS_HASH, chainHash, sha256Hex } from '../chain/hash-chain';
import type { ChainedEvent } from '../chain/hash-chain';

/** The format of a landlord's event export: one JSON object per line (NDJSON). */
export const EXPORT_FORMAT = 'suivi-events/1';

export interface ChainHead {
  complaintId: string;
  seq: number;
  hash: string;
}

/**
 * A day's digest: sha256 over the chain head of every complaint as it stood at the end of that day (UTC),
 * one line `complaintId:seq:hash` per complaint, sorted by complaint id. Recorded once by the worker and
 * never rewritten: an export whose events no longer reproduce it was changed after that day.
 */
export function dailyDigest(heads: readonly ChainHead[]): string {
  const lines = [...heads]
    .sort((a, b) => (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0))
    .map((h) => `${h.complaintId}:${h.seq}:${h.hash}\n`);
  return sha256Hex(lines.join(''));
}

/** The end of a UTC day `YYYY-MM-DD`, exclusive. */
export const dayEnd = (day: string): number => Date.parse(`${day}T00:00:00.000Z`) + 86_400_000;

export type ExportLine =
  | { type: 'export'; format: string; landlord: string; exportedAt: string }
  | ({ type: 'event' } & ChainedEvent)
  | { type: 'digest'; day: string; digest: string; complaints: number };

export type ExportVerification =
  | { valid: true; complaints: number; events: number; digests: number }
  | { valid: false; line: number; complaintId: string | null; seq: number | null; reason: string };

/**
 * The day of a digest line, read ahead of the events (first pass of a two-pass check): the streaming
 * verifier needs to know which days to reproduce before it sees the events. Null for any other line.
 */
export function digestDayOf(raw: string): string | null {
  if (!raw.includes('"digest"')) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<ExportLine>;
    return parsed.type === 'digest' && typeof parsed.day === 'string' ? parsed.day : null;
  } catch {
    return null;
  }
}

type Failure = Extract<ExportVerification, { valid: false }>;

/**
 * Checks an export one line at a time, holding one complaint's chain and one running hash per digest day,
 * never the whole export: every line parses; events come grouped by complaint, complaints in order; each
 * chain verifies (seq from 1 without gaps, prev_hash links, hashes recompute); and every daily digest is
 * reproduced. `push` answers the first failure (naming its line) as soon as it is seen; `finish` checks
 * what needs the end of the file. The days of the digests are given up front (`digestDayOf`, first pass).
 */
export class ExportVerifier {
  private number = 0;
  private events = 0;
  private sawHeader = false;
  private readonly seen = new Set<string>();
  private current: { complaintId: string; events: ChainedEvent[]; lines: number[]; prevHash: string } | null =
    null;
  private readonly days: { day: string; end: number; hash: Hash }[];
  private readonly digests: { line: number; day: string; digest: string }[] = [];
  private failure: Failure | null = null;

  constructor(digestDays: Iterable<string>) {
    this.days = [...new Set(digestDays)]
      .map((day) => ({ day, end: dayEnd(day), hash: createHash('sha256') }))
      .sort((a, b) => a.end - b.end);
  }

  /** Reads the next line; answers the failure if this line (or the chain it ends) does not verify. */
  push(raw: string): Failure | null {
    if (this.failure) return this.failure;
    this.number += 1;
    const number = this.number;
    if (raw.trim() === '') return null;
    let parsed: ExportLine;
    try {
      parsed = JSON.parse(raw) as ExportLine;
    } catch {
      return this.fail(number, 'not valid JSON');
    }
    if (parsed.type === 'export') {
      if (parsed.format !== EXPORT_FORMAT)
        return this.fail(number, `unknown format ${String(parsed.format)}`);
      this.sawHeader = true;
    } else if (parsed.type === 'event') {
      const { type: _type, ...event } = parsed;
      if (this.current === null || event.complaintId !== this.current.complaintId) {
        if (this.seen.has(event.complaintId)) {
          return this.fail(number, 'events of this complaint are out of order (not grouped)', event);
        }
        if (this.current !== null && event.complaintId < this.current.complaintId) {
          return this.fail(number, 'complaints are out of order', event);
        }
        const ended = this.endChain();
        if (ended) return ended;
        this.seen.add(event.complaintId);
        this.current = { complaintId: event.complaintId, events: [], lines: [], prevHash: GENESIS_HASH };
      }
      const chain = this.current as NonNullable<typeof this.current>;
      chain.events.push(event);
      chain.lines.push(number);
      this.events += 1;
      const broken = this.checkEvent(chain, event);
      if (broken) return broken;
    } else if (parsed.type === 'digest') {
      this.digests.push({ line: number, day: parsed.day, digest: parsed.digest });
      if (!this.days.some((d) => d.day === parsed.day)) {
        return this.fail(number, `the digest of ${String(parsed.day)} was not announced to the verifier`);
      }
    } else {
      return this.fail(number, 'unknown line type');
    }
    return null;
  }

  /** Ends the file: the last chain, the header, and every digest. */
  finish(): ExportVerification {
    if (this.failure) return this.failure;
    if (!this.sawHeader) return this.fail(1, `not a ${EXPORT_FORMAT} export (no header line)`);
    const ended = this.endChain();
    if (ended) return ended;
    const reproduced = new Map(this.days.map((d) => [d.day, d.hash.digest('hex')]));
    for (const { line, day, digest } of this.digests) {
      if (reproduced.get(day) !== digest) {
        return this.fail(
          line,
          `the events do not reproduce the digest of ${day}: events of that day or before were changed, removed or added`,
        );
      }
    }
    return { valid: true, complaints: this.seen.size, events: this.events, digests: this.digests.length };
  }

  /** One more event of the current chain, checked as verifyChain checks it. */
  private checkEvent(chain: NonNullable<typeof this.current>, event: ChainedEvent): Failure | null {
    const index = chain.events.length - 1;
    let reason: string | null = null;
    try {
      if (event.seq !== index + 1) reason = `expected seq ${index + 1}, found ${event.seq}`;
      else if (event.prevHash !== chain.prevHash) reason = 'prev_hash does not match the previous event';
      else if (chainHash(chain.prevHash, event) !== event.hash)
        reason = 'hash does not match the event content';
    } catch {
      return this.fail(chain.lines[0], 'an event is missing fields', { complaintId: chain.complaintId });
    }
    if (reason) {
      const seq = event.seq ?? index + 1;
      const at = chain.events.findIndex((e) => e.seq === seq);
      return this.fail(chain.lines[at >= 0 ? at : 0], reason, { complaintId: chain.complaintId, seq });
    }
    chain.prevHash = event.hash;
    return null;
  }

  /** Adds the finished chain's head as of each digest day to that day's running hash (ids come in order). */
  private endChain(): Failure | null {
    const chain = this.current;
    if (!chain) return null;
    this.current = null;
    // The head on a day is the last event, in seq order, stamped before the day's end.
    const byTime = chain.events
      .map((e, i) => ({ at: Date.parse(e.at), i }))
      .sort((a, b) => a.at - b.at || a.i - b.i);
    let next = 0;
    let head = -1;
    for (const day of this.days) {
      while (next < byTime.length && byTime[next].at < day.end) {
        head = Math.max(head, byTime[next].i);
        next += 1;
      }
      if (head >= 0) {
        const e = chain.events[head];
        day.hash.update(`${chain.complaintId}:${e.seq}:${e.hash}\n`);
      }
    }
    return null;
  }

  private fail(line: number, reason: string, event?: { complaintId?: string; seq?: number }): Failure {
    this.failure = {
      valid: false,
      line,
      complaintId: event?.complaintId ?? null,
      seq: event?.seq ?? null,
      reason,
    };
    return this.failure;
  }
}

/**
 * Checks an export held in memory (see ExportVerifier): every line parses; events come grouped by complaint
 * in seq order; each chain verifies; and every daily digest is reproduced. Names the first line that fails.
 */
export function verifyExport(lines: Iterable<string>): ExportVerification {
  const all = [...lines];
  const verifier = new ExportVerifier(all.map(digestDayOf).filter((d): d is string => d !== null));
  for (const line of all) {
    const failure = verifier.push(line);
    if (failure) return failure;
  }
  return verifier.finish();
}
