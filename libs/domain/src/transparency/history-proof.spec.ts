import fc from 'fast-check';
import { StreamingHistoryCheck, checkHistory } from './history-proof';
import type { HistoryVerdict, SavedCheckpoint } from './history-proof';
import { MerkleLog, leafHash, verifyConsistency } from './merkle';

/** n distinct leaves (each event is unique: its chain hash differs). */
const leavesOf = (n: number, salt: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(`event ${i} of run ${salt}`));

function checkpointsOf(hashes: readonly Buffer[], sizes: readonly number[]): SavedCheckpoint[] {
  const log = MerkleLog.fromLeafHashes(hashes);
  return sizes.map((size) => ({ size, rootHash: log.rootAt(size), label: `#${size}` }));
}

function streamed(hashes: readonly Buffer[], checkpoints: readonly SavedCheckpoint[]): HistoryVerdict {
  const check = new StreamingHistoryCheck(checkpoints);
  hashes.forEach((h) => check.appendLeafHash(h));
  return check.finish();
}

type Tamper = { kind: string; apply: (leaves: Buffer[]) => Buffer[]; firstDifference: number };

/** A tampering of a history of n leaves, with the index of the first leaf it changes. */
function tamperings(n: number): fc.Arbitrary<Tamper> {
  const index = fc.integer({ min: 0, max: n - 1 });
  return fc.oneof(
    index.map((p) => ({
      kind: `leaf ${p} changed`,
      apply: (l: Buffer[]) => l.map((h, i) => (i === p ? leafHash(`forged ${p}`) : h)),
      firstDifference: p,
    })),
    fc.integer({ min: 0, max: n - 1 }).map((size) => ({
      kind: `truncated to ${size}`,
      apply: (l: Buffer[]) => l.slice(0, size),
      firstDifference: size,
    })),
    index.map((p) => ({
      kind: `leaf ${p} removed`,
      apply: (l: Buffer[]) => [...l.slice(0, p), ...l.slice(p + 1)],
      firstDifference: p,
    })),
    fc
      .tuple(index, index)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => {
        const [p, q] = a < b ? [a, b] : [b, a];
        return {
          kind: `leaves ${p} and ${q} swapped`,
          apply: (l: Buffer[]) => l.map((h, i) => (i === p ? l[q] : i === q ? l[p] : h)),
          firstDifference: p,
        };
      }),
    fc
      .integer({ min: 1, max: n - 1 })
      .chain((p) => fc.tuple(fc.constant(p), fc.integer({ min: 0, max: p - 1 })))
      .map(([p, j]) => ({
        kind: `leaf ${j} duplicated at ${p}`,
        apply: (l: Buffer[]) => [...l.slice(0, p), l[j], ...l.slice(p)],
        firstDifference: p,
      })),
  );
}

describe('history against saved checkpoints', () => {
  it('passes an untouched history and reports the leaves after the newest checkpoint', () => {
    const hashes = leavesOf(100, 0);
    const verdict = checkHistory(MerkleLog.fromLeafHashes(hashes), checkpointsOf(hashes, [40, 0, 7, 64]));
    expect(verdict).toMatchObject({ consistent: true, treeSize: 100, firstFailure: null });
    expect(verdict.checkpoints.map((c) => c.checkpoint.size)).toEqual([0, 7, 40, 64]);
    expect(verdict.notYetAnchored).toEqual({ fromLeaf: 64, toLeaf: 100 });
    expect(streamed(hashes, checkpointsOf(hashes, [40, 0, 7, 64]))).toEqual(verdict);
  });

  it('reports everything as not yet anchored without a checkpoint, and nothing when the newest covers all', () => {
    const hashes = leavesOf(10, 1);
    const log = MerkleLog.fromLeafHashes(hashes);
    expect(checkHistory(log, []).notYetAnchored).toEqual({ fromLeaf: 0, toLeaf: 10 });
    expect(checkHistory(log, checkpointsOf(hashes, [10])).notYetAnchored).toBeNull();
  });

  it('names the leaf when two checkpoints pin it down', () => {
    const hashes = leavesOf(50, 2);
    const checkpoints = checkpointsOf(hashes, [20, 21, 30]);
    const forged = hashes.map((h, i) => (i === 20 ? leafHash('rewritten close') : h));
    const verdict = checkHistory(MerkleLog.fromLeafHashes(forged), checkpoints);
    expect(verdict.consistent).toBe(false);
    expect(verdict.firstFailure).toMatchObject({
      status: 'rewritten',
      divergence: { fromLeaf: 20, toLeaf: 21 },
      firstDifferingLeaf: 20,
    });
    expect(verdict.firstFailure?.message).toBe(
      'checkpoint #21 (21 leaves) is not consistent with the tree: its first 21 leaves hash to another root, ' +
        'so a leaf was changed, removed, reordered or inserted at leaf 20',
    );
    expect(verdict.checkpoints.map((c) => c.status)).toEqual(['consistent', 'rewritten', 'rewritten']);
  });

  it('explains a truncation, naming the first missing leaf when a checkpoint covers the rest', () => {
    const hashes = leavesOf(30, 3);
    const verdict = checkHistory(
      MerkleLog.fromLeafHashes(hashes.slice(0, 25)),
      checkpointsOf(hashes, [25, 30]),
    );
    expect(verdict.firstFailure).toMatchObject({
      status: 'truncated',
      divergence: { fromLeaf: 25, toLeaf: 26 },
      firstDifferingLeaf: 25,
    });
    expect(verdict.firstFailure?.message).toMatch(
      /has only 25 leaves, so leaves were removed from leaf 25 on/,
    );
    // The last event alone deleted, with only the latest checkpoint saved: still refused.
    const lastGone = checkHistory(MerkleLog.fromLeafHashes(hashes.slice(0, 29)), checkpointsOf(hashes, [30]));
    expect(lastGone.firstFailure).toMatchObject({
      status: 'truncated',
      divergence: { fromLeaf: 0, toLeaf: 30 },
    });
  });

  it('refuses malformed checkpoints', () => {
    const log = MerkleLog.fromLeafHashes(leavesOf(3, 4));
    expect(() => checkHistory(log, [{ size: -1, rootHash: Buffer.alloc(32) }])).toThrow(RangeError);
    expect(() => checkHistory(log, [{ size: 1, rootHash: Buffer.alloc(31) }])).toThrow(RangeError);
  });

  it('passes every untouched random history, in memory and streamed alike', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 150 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 0, max: n }), { maxLength: 6 }), fc.nat()),
          ),
        ([n, sizes, salt]) => {
          const hashes = leavesOf(n, salt);
          const checkpoints = checkpointsOf(hashes, sizes);
          const verdict = checkHistory(MerkleLog.fromLeafHashes(hashes), checkpoints);
          expect(verdict.consistent).toBe(true);
          expect(streamed(hashes, checkpoints)).toEqual(verdict);
          const newest = Math.max(0, ...sizes);
          expect(verdict.notYetAnchored).toEqual(newest < n ? { fromLeaf: newest, toLeaf: n } : null);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('fails every checkpoint past a change, removal, reorder, duplicate or truncation — and only those', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 120 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.integer({ min: 1, max: n }), { minLength: 1, maxLength: 6 }),
              tamperings(n),
              fc.nat(),
            ),
          ),
        ([n, sizes, tamper, salt]) => {
          const original = leavesOf(n, salt);
          const checkpoints = checkpointsOf(original, sizes);
          const forged = tamper.apply(original);
          const log = MerkleLog.fromLeafHashes(forged);
          const verdict = checkHistory(log, checkpoints);
          expect(streamed(forged, checkpoints)).toEqual(verdict);

          for (const v of verdict.checkpoints) {
            const m = v.checkpoint.size;
            // A checkpoint sees the tampering exactly when it covers the first changed leaf.
            expect(v.status === 'consistent').toBe(m <= tamper.firstDifference);
            if (v.status !== 'consistent') {
              expect(v.status).toBe(m > forged.length ? 'truncated' : 'rewritten');
            }
            // The RFC consistency proof from the forged tree does not verify against the checkpoint either.
            if (m > tamper.firstDifference && m <= forged.length && m > 0) {
              const proof = log.consistencyProof(m, forged.length);
              expect(verifyConsistency(m, forged.length, v.checkpoint.rootHash, log.rootAt(), proof)).toBe(
                false,
              );
            }
          }
          const covered = sizes.some((m) => m > tamper.firstDifference);
          expect(verdict.consistent).toBe(!covered);
          if (verdict.firstFailure) {
            const { fromLeaf, toLeaf } = verdict.firstFailure.divergence;
            expect(fromLeaf).toBeLessThanOrEqual(tamper.firstDifference);
            expect(tamper.firstDifference).toBeLessThan(toLeaf);
            if (verdict.firstFailure.firstDifferingLeaf !== null) {
              expect(verdict.firstFailure.firstDifferingLeaf).toBe(tamper.firstDifference);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
