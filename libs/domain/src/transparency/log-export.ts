import { eventLeaf, ratingLeaf } from './leaves';
import { leafHash } from './merkle';
import { StreamingHistoryCheck } from './history-proof';
import type { HistoryVerdict, SavedCheckpoint } from './history-proof';

/**
 * The federation export of a landlord's log (format `suivi-events/2`), checked one line at a time.
 *
 * Line 1 is the header `{type:"export", format, landlord, origin, size, exportedAt}`; then one line per leaf
 * of the log, in log order: `{type:"event", complaint, seq, at, actorRole, action, fromState, toState,
 * prevHash, hash}` or `{type:"rating", complaint, rating, at}`, complaints named by their random public id.
 * The verifier rebuilds each leaf (eventLeaf / ratingLeaf with the header's landlord code), feeds its hash
 * to a StreamingHistoryCheck against the checkpoints a federation saved, and checks each complaint's hash
 * chain links (seq from 1 without gaps, prevHash = the previous event's hash). A line that does not parse
 * still takes its place in the tree (its raw bytes are hashed), so the checkpoints covering it fail too.
 * Memory: the frontier of the tree and one (seq, hash) per complaint.
 */

/** The format of the log export. */
export const EXPORT_FORMAT_V2 = 'suivi-events/2';

/** The leaf a line of the export gives: its index, kind, complaint public id and seq. */
export interface ExportLeafRef {
  index: number;
  line: number;
  kind: 'event' | 'rating' | 'unreadable';
  complaint: string | null;
  seq: number | null;
}

/** A line of the export that is not what the format says (first one only). */
export interface ExportProblem {
  line: number;
  complaint: string | null;
  seq: number | null;
  reason: string;
}

/** The outcome of reading a whole export. */
export interface LogExportReport {
  landlord: string | null;
  origin: string | null;
  /** Leaves read (events + ratings + unreadable lines). */
  leaves: number;
  events: number;
  ratings: number;
  complaints: number;
  /** The first structural problem (bad header, unreadable line, broken chain link), or null. */
  problem: ExportProblem | null;
  /** The verdict of the saved checkpoints on the rebuilt tree. */
  history: HistoryVerdict;
  /** The leaves asked for with `watch`, by index. */
  watched: Map<number, ExportLeafRef>;
}

interface HeaderLine {
  type: 'export';
  format: string;
  landlord: string;
  origin?: string;
  size?: number;
}

/**
 * Reads a suivi-events/2 export line by line (see the file's comment). `watch` lists leaf indices whose
 * line, complaint and seq the report should name (a second pass uses it to name the first differing leaf).
 * Throws a RangeError on a malformed saved checkpoint (see StreamingHistoryCheck).
 */
export class LogExportVerifier {
  private number = 0;
  private landlord: string | null = null;
  private origin: string | null = null;
  private leaves = 0;
  private events = 0;
  private ratings = 0;
  private readonly chains = new Map<string, { seq: number; hash: string }>();
  private readonly ratedComplaints = new Set<string>();
  private problem: ExportProblem | null = null;
  private readonly check: StreamingHistoryCheck;
  private readonly watched = new Map<number, ExportLeafRef>();

  constructor(
    checkpoints: readonly SavedCheckpoint[],
    private readonly watch: ReadonlySet<number> = new Set(),
  ) {
    this.check = new StreamingHistoryCheck(checkpoints);
  }

  /** Reads the next line of the file. */
  push(raw: string): void {
    this.number += 1;
    const line = this.number;
    if (raw.trim() === '') return;
    let parsed: Record<string, unknown> | null = null;
    try {
      const value: unknown = JSON.parse(raw);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        parsed = value as Record<string, unknown>;
    } catch {
      parsed = null;
    }
    if (parsed?.type === 'export' && this.landlord === null && this.leaves === 0) {
      const header = parsed as unknown as HeaderLine;
      if (header.format !== EXPORT_FORMAT_V2 || typeof header.landlord !== 'string' || !header.landlord) {
        this.note({ line, complaint: null, seq: null, reason: `not a ${EXPORT_FORMAT_V2} export header` });
      } else {
        this.landlord = header.landlord;
        this.origin = typeof header.origin === 'string' ? header.origin : null;
      }
      return;
    }
    if (this.landlord === null) {
      this.note({
        line,
        complaint: null,
        seq: null,
        reason: `not a ${EXPORT_FORMAT_V2} export (no header line)`,
      });
    }
    const index = this.leaves;
    this.leaves += 1;
    let leaf: Buffer | null = null;
    let ref: ExportLeafRef = { index, line, kind: 'unreadable', complaint: null, seq: null };
    if (parsed && (parsed.type === 'event' || parsed.type === 'rating')) {
      const complaint = typeof parsed.complaint === 'string' ? parsed.complaint : null;
      const seq = typeof parsed.seq === 'number' ? parsed.seq : null;
      ref = { index, line, kind: parsed.type, complaint, seq };
      try {
        leaf = parsed.type === 'event' ? this.event(parsed, line) : this.rating(parsed, line);
      } catch (e) {
        this.note({ line, complaint, seq, reason: (e as Error).message });
        leaf = null;
      }
    } else {
      this.note({
        line,
        complaint: null,
        seq: null,
        reason: parsed ? 'unknown line type' : 'not valid JSON',
      });
    }
    if (this.watch.has(index)) this.watched.set(index, ref);
    // An unreadable line still takes its leaf's place: its raw bytes, which no real leaf has.
    this.check.appendLeafHash(leafHash(leaf ?? Buffer.from(raw, 'utf8')));
  }

  /** The report on everything read. */
  finish(): LogExportReport {
    if (this.landlord === null && this.problem === null) {
      this.note({
        line: 1,
        complaint: null,
        seq: null,
        reason: `not a ${EXPORT_FORMAT_V2} export (no header line)`,
      });
    }
    const complaints = new Set([...this.chains.keys(), ...this.ratedComplaints]).size;
    return {
      landlord: this.landlord,
      origin: this.origin,
      leaves: this.leaves,
      events: this.events,
      ratings: this.ratings,
      complaints,
      problem: this.problem,
      history: this.check.finish(),
      watched: this.watched,
    };
  }

  private event(line: Record<string, unknown>, number: number): Buffer {
    const complaint = String(line.complaint);
    const seq = line.seq as number;
    const leaf = eventLeaf({
      landlordCode: this.landlord ?? '?',
      complaintPublicId: line.complaint as string,
      seq,
      action: line.action as string,
      fromState: (line.fromState ?? null) as string | null,
      toState: line.toState as string,
      actorRole: line.actorRole as string,
      at: line.at as string,
      chainHash: line.hash as string,
    });
    this.events += 1;
    const previous = this.chains.get(complaint) ?? { seq: 0, hash: '0'.repeat(64) };
    if (seq !== previous.seq + 1) {
      this.note({
        line: number,
        complaint,
        seq,
        reason: `expected event ${previous.seq + 1} of this complaint, found ${seq}`,
      });
    } else if (line.prevHash !== previous.hash) {
      this.note({
        line: number,
        complaint,
        seq,
        reason: 'prevHash does not match the previous event’s hash',
      });
    }
    this.chains.set(complaint, { seq, hash: line.hash as string });
    return leaf;
  }

  private rating(line: Record<string, unknown>, number: number): Buffer {
    const complaint = String(line.complaint);
    const leaf = ratingLeaf({
      landlordCode: this.landlord ?? '?',
      complaintPublicId: line.complaint as string,
      rating: line.rating as number,
      at: line.at as string,
    });
    this.ratings += 1;
    if (this.ratedComplaints.has(complaint)) {
      this.note({ line: number, complaint, seq: null, reason: 'a second rating of this complaint' });
    }
    this.ratedComplaints.add(complaint);
    return leaf;
  }

  private note(problem: ExportProblem): void {
    if (this.problem === null) this.problem = problem;
  }
}
