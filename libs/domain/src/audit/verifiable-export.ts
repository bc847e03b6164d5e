import { sha256Hex, verifyChain } from '../chain/hash-chain';
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
 * Checks an export offline: every line parses; events come grouped by complaint in seq order; each chain
 * verifies (seq from 1 without gaps, prev_hash links, hashes recompute); and every daily digest is
 * reproduced by the exported events. Names the first line that fails.
 */
export function verifyExport(lines: Iterable<string>): ExportVerification {
  const chains = new Map<string, { events: ChainedEvent[]; lines: number[] }>();
  const digests: { line: number; day: string; digest: string }[] = [];
  let current: string | null = null;
  let number = 0;
  let events = 0;
  let sawHeader = false;
  const fail = (line: number, reason: string, event?: { complaintId?: string; seq?: number }) =>
    ({
      valid: false,
      line,
      complaintId: event?.complaintId ?? null,
      seq: event?.seq ?? null,
      reason,
    }) as const;

  for (const raw of lines) {
    number += 1;
    if (raw.trim() === '') continue;
    let parsed: ExportLine;
    try {
      parsed = JSON.parse(raw) as ExportLine;
    } catch {
      return fail(number, 'not valid JSON');
    }
    if (parsed.type === 'export') {
      if (parsed.format !== EXPORT_FORMAT) return fail(number, `unknown format ${String(parsed.format)}`);
      sawHeader = true;
    } else if (parsed.type === 'event') {
      const { type: _type, ...event } = parsed;
      if (event.complaintId !== current) {
        if (chains.has(event.complaintId)) {
          return fail(number, 'events of this complaint are out of order (not grouped)', event);
        }
        if (current !== null && event.complaintId < current) {
          return fail(number, 'complaints are out of order', event);
        }
        current = event.complaintId;
        chains.set(current, { events: [], lines: [] });
      }
      const chain = chains.get(current) as { events: ChainedEvent[]; lines: number[] };
      chain.events.push(event);
      chain.lines.push(number);
      events += 1;
    } else if (parsed.type === 'digest') {
      digests.push({ line: number, day: parsed.day, digest: parsed.digest });
    } else {
      return fail(number, 'unknown line type');
    }
  }
  if (!sawHeader) return fail(1, `not a ${EXPORT_FORMAT} export (no header line)`);

  for (const [complaintId, chain] of chains) {
    let result: ReturnType<typeof verifyChain>;
    try {
      result = verifyChain(chain.events);
    } catch {
      return fail(chain.lines[0], 'an event is missing fields', { complaintId });
    }
    if (!result.valid) {
      const index = chain.events.findIndex((e) => e.seq === result.firstInvalidSeq);
      const line = chain.lines[index >= 0 ? index : 0];
      return fail(line, result.reason, { complaintId, seq: result.firstInvalidSeq });
    }
  }
  for (const { line, day, digest } of digests) {
    const end = dayEnd(day);
    const heads: ChainHead[] = [];
    for (const [complaintId, chain] of chains) {
      const upTo = chain.events.filter((e) => Date.parse(e.at) < end);
      const head = upTo[upTo.length - 1];
      if (head) heads.push({ complaintId, seq: head.seq, hash: head.hash });
    }
    if (dailyDigest(heads) !== digest) {
      return fail(
        line,
        `the events do not reproduce the digest of ${day}: events of that day or before were changed, removed or added`,
      );
    }
  }
  return { valid: true, complaints: chains.size, events, digests: digests.length };
}
