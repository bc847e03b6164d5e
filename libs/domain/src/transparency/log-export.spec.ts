import { EXPORT_FORMAT_V2, LogExportVerifier } from './log-export';
import { eventLeaf, ratingLeaf } from './leaves';
import { MerkleLog } from './merkle';

const LANDLORD = 'HLM-NORD';
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const hex = (n: number) => n.toString(16).padStart(64, '0');

/** A small log: two complaints of two events each, interleaved, and a rating. */
function exportLines(): string[] {
  const event = (complaint: string, seq: number, hash: number, prev: number) => ({
    type: 'event',
    complaint,
    seq,
    at: `2026-03-0${seq}T10:00:00.000Z`,
    actorRole: 'agent',
    action: seq === 1 ? 'file' : 'acknowledge',
    fromState: seq === 1 ? null : 'received',
    toState: seq === 1 ? 'received' : 'acknowledged',
    prevHash: prev === 0 ? '0'.repeat(64) : hex(prev),
    hash: hex(hash),
  });
  return [
    JSON.stringify({
      type: 'export',
      format: EXPORT_FORMAT_V2,
      landlord: LANDLORD,
      origin: `x/landlord/${LANDLORD}`,
    }),
    JSON.stringify(event(A, 1, 1, 0)),
    JSON.stringify(event(B, 1, 2, 0)),
    JSON.stringify(event(A, 2, 3, 1)),
    JSON.stringify(event(B, 2, 4, 2)),
    JSON.stringify({ type: 'rating', complaint: A, rating: 5, at: '2026-03-05T10:00:00.000Z' }),
  ];
}

/** The log the server would have built from the same facts. */
function serverLog(lines: string[]): MerkleLog {
  const log = new MerkleLog();
  for (const raw of lines.slice(1)) {
    const l = JSON.parse(raw);
    log.append(
      l.type === 'rating'
        ? ratingLeaf({ landlordCode: LANDLORD, complaintPublicId: l.complaint, rating: l.rating, at: l.at })
        : eventLeaf({
            landlordCode: LANDLORD,
            complaintPublicId: l.complaint,
            seq: l.seq,
            action: l.action,
            fromState: l.fromState,
            toState: l.toState,
            actorRole: l.actorRole,
            at: l.at,
            chainHash: l.hash,
          }),
    );
  }
  return log;
}

function run(lines: string[], sizes: number[], watch?: Set<number>) {
  const log = serverLog(exportLines());
  const verifier = new LogExportVerifier(
    sizes.map((size) => ({ size, rootHash: log.rootAt(size), label: `c${size}` })),
    watch,
  );
  for (const line of lines) verifier.push(line);
  return verifier.finish();
}

describe('LogExportVerifier', () => {
  it('rebuilds the server’s tree from an untampered export, and reports what no checkpoint anchors', () => {
    const report = run(exportLines(), [3]);
    expect(report).toMatchObject({
      landlord: LANDLORD,
      leaves: 5,
      events: 4,
      ratings: 1,
      complaints: 2,
      problem: null,
    });
    expect(report.history.consistent).toBe(true);
    expect(report.history.notYetAnchored).toEqual({ fromLeaf: 3, toLeaf: 5 });
    expect(run(exportLines(), [5]).history.notYetAnchored).toBeNull();
  });

  it.each([
    ['the last event of a chain removed', (l: string[]) => l.filter((_, i) => i !== 4)],
    ['a rating changed', (l: string[]) => l.map((x) => x.replace('"rating":5', '"rating":4'))],
    ['the header’s landlord changed', (l: string[]) => [l[0].replace(LANDLORD, 'HLM-SUD'), ...l.slice(1)]],
    ['two complaints’ events swapped', (l: string[]) => [l[0], l[2], l[1], ...l.slice(3)]],
    ['a line made unreadable', (l: string[]) => [l[0], l[1].slice(0, -1), ...l.slice(2)]],
  ])('fails the covering checkpoint when %s', (_what, tamper) => {
    const report = run(tamper(exportLines()), [5]);
    expect(report.history.consistent).toBe(false);
    expect(report.history.firstFailure?.message).toMatch(/checkpoint c5 \(5 leaves\) is not consistent/);
  });

  it('names the leaf a pinned difference is at, and checks the chain links', () => {
    const lines = exportLines();
    lines[3] = lines[3].replace('"at":"2026-03-02', '"at":"2026-03-09');
    const report = run(lines, [2, 3], new Set([2]));
    expect(report.history.firstFailure).toMatchObject({ firstDifferingLeaf: 2 });
    expect(report.watched.get(2)).toMatchObject({ line: 4, complaint: A, seq: 2, kind: 'event' });

    const unlinked = exportLines();
    unlinked[3] = unlinked[3].replace(`"prevHash":"${hex(1)}"`, `"prevHash":"${hex(9)}"`);
    expect(run(unlinked, []).problem).toMatchObject({
      line: 4,
      complaint: A,
      seq: 2,
      reason: expect.stringMatching(/prevHash/),
    });
    expect(run([exportLines()[1]], []).problem).toMatchObject({ reason: expect.stringMatching(/no header/) });
  });
});
