import { EMPTY_TREE_ROOT, StreamingRoot, hashesEqual } from './merkle';

/**
 * Does a tree (rebuilt from an export) extend every checkpoint a federation saved earlier?
 *
 * A checkpoint (size m, root r) signed by the log and kept by an outside party pins the first m leaves:
 * the export's tree must have at least m leaves and the head of its first m leaves must be r. Anything
 * else — a leaf changed, removed, reordered, duplicated or inserted before m, an event re-chained, a
 * truncation — changes that head. From heads alone the first differing leaf is bounded, not named: it lies
 * after the largest checkpoint that still matches and before the one that fails, so the more checkpoints
 * were saved (hourly ones, say), the closer the verifier can point to the complaint.
 */

/** A checkpoint as the history check needs it; `label` names it in messages (file name, time…). */
export interface SavedCheckpoint {
  size: number;
  rootHash: Uint8Array;
  label?: string;
}

/** The verdict on one saved checkpoint. */
export type CheckpointVerdict =
  | { status: 'consistent'; checkpoint: SavedCheckpoint }
  | {
      /** truncated: the tree has fewer leaves than the checkpoint; rewritten: its first m leaves differ. */
      status: 'truncated' | 'rewritten';
      checkpoint: SavedCheckpoint;
      /** The first leaf that differs from what the checkpoint signed is in [fromLeaf, toLeaf). */
      divergence: { fromLeaf: number; toLeaf: number };
      /** That leaf's 0-based index when the bounds pin it down, else null. */
      firstDifferingLeaf: number | null;
      /** One sentence for the verifier's report. */
      message: string;
    };

/** The verdict on a whole tree against every saved checkpoint. */
export interface HistoryVerdict {
  /** True when every checkpoint is consistent with the tree. */
  consistent: boolean;
  treeSize: number;
  /** One verdict per checkpoint, by increasing size (input order among equal sizes). */
  checkpoints: CheckpointVerdict[];
  /** The failing checkpoint of smallest size, or null. */
  firstFailure: Exclude<CheckpointVerdict, { status: 'consistent' }> | null;
  /** Leaves after the newest checkpoint (all leaves when there is none): not yet anchored; null if none. */
  notYetAnchored: { fromLeaf: number; toLeaf: number } | null;
}

/** What the check needs from a tree: its size and the head of any prefix (MerkleLog provides both). */
export interface PrefixHeads {
  readonly size: number;
  rootAt(size: number): Uint8Array;
}

function describe(checkpoint: SavedCheckpoint): string {
  return checkpoint.label
    ? `checkpoint ${checkpoint.label} (${checkpoint.size} leaves)`
    : `checkpoint of ${checkpoint.size} leaves`;
}

function assertCheckpoint(c: SavedCheckpoint): void {
  if (!Number.isSafeInteger(c.size) || c.size < 0)
    throw new RangeError(`checkpoint size ${c.size} is not a size`);
  if (!(c.rootHash instanceof Uint8Array) || c.rootHash.length !== 32) {
    throw new RangeError(`${describe(c)}: its root hash is not 32 bytes`);
  }
}

/**
 * Decides from the heads of the tree's prefixes at the checkpoints' sizes (`headAt` returns null for a size
 * beyond the tree).
 */
function decide(
  checkpoints: readonly SavedCheckpoint[],
  treeSize: number,
  headAt: (size: number) => Uint8Array | null,
): HistoryVerdict {
  const sorted = checkpoints
    .map((checkpoint, order) => ({ checkpoint, order }))
    .sort((a, b) => a.checkpoint.size - b.checkpoint.size || a.order - b.order)
    .map((x) => x.checkpoint);
  const verdicts: CheckpointVerdict[] = [];
  let lastGood = 0; // leaves [0, lastGood) are pinned by a consistent checkpoint
  for (const checkpoint of sorted) {
    const m = checkpoint.size;
    const head = headAt(m);
    if (head !== null && hashesEqual(head, checkpoint.rootHash)) {
      verdicts.push({ status: 'consistent', checkpoint });
      lastGood = Math.max(lastGood, m);
      continue;
    }
    if (head === null) {
      // A missing leaf counts as differing: the first difference is at most the tree's end.
      const toLeaf = Math.min(m, treeSize + 1);
      const firstDifferingLeaf = toLeaf - lastGood === 1 ? lastGood : null;
      verdicts.push({
        status: 'truncated',
        checkpoint,
        divergence: { fromLeaf: lastGood, toLeaf },
        firstDifferingLeaf,
        message:
          `${describe(checkpoint)} is not consistent with the tree: the tree has only ${treeSize} leaves, ` +
          `so leaves were removed` +
          (firstDifferingLeaf !== null
            ? ` from leaf ${firstDifferingLeaf} on`
            : `; the first difference is between leaf ${lastGood} and leaf ${toLeaf - 1}`),
      });
      continue;
    }
    const firstDifferingLeaf = m - lastGood === 1 ? lastGood : null;
    verdicts.push({
      status: 'rewritten',
      checkpoint,
      divergence: { fromLeaf: lastGood, toLeaf: m },
      firstDifferingLeaf,
      message:
        `${describe(checkpoint)} is not consistent with the tree: its first ${m} leaves hash to another root, ` +
        `so a leaf was changed, removed, reordered or inserted` +
        (firstDifferingLeaf !== null
          ? ` at leaf ${firstDifferingLeaf}`
          : ` between leaf ${lastGood} and leaf ${m - 1}`),
    });
  }
  const failures = verdicts.filter(
    (v): v is Exclude<CheckpointVerdict, { status: 'consistent' }> => v.status !== 'consistent',
  );
  const newest = sorted.length === 0 ? 0 : sorted[sorted.length - 1].size;
  return {
    consistent: failures.length === 0,
    treeSize,
    checkpoints: verdicts,
    firstFailure: failures[0] ?? null,
    notYetAnchored: treeSize > newest ? { fromLeaf: newest, toLeaf: treeSize } : null,
  };
}

/**
 * Checks a tree held in memory (a MerkleLog, or anything giving prefix heads) against saved checkpoints.
 * Throws a RangeError on a checkpoint with a negative size or a root that is not 32 bytes.
 */
export function checkHistory(tree: PrefixHeads, checkpoints: readonly SavedCheckpoint[]): HistoryVerdict {
  checkpoints.forEach(assertCheckpoint);
  return decide(checkpoints, tree.size, (size) => (size <= tree.size ? tree.rootAt(size) : null));
}

/**
 * The same check in one pass over the leaf hashes and O(log n + checkpoints) memory, for a verifier
 * reading a large export: feed every leaf hash in order, then call {@link finish}.
 */
export class StreamingHistoryCheck {
  private readonly stream = new StreamingRoot();
  private readonly wanted: number[];
  private next = 0;
  private readonly heads = new Map<number, Buffer>();

  /** Throws a RangeError on a checkpoint with a negative size or a root that is not 32 bytes. */
  constructor(private readonly checkpoints: readonly SavedCheckpoint[]) {
    checkpoints.forEach(assertCheckpoint);
    this.wanted = [...new Set(checkpoints.map((c) => c.size))].sort((a, b) => a - b);
    if (this.wanted[0] === 0) {
      this.heads.set(0, Buffer.from(EMPTY_TREE_ROOT));
      this.next = 1;
    }
  }

  /** Feeds the next leaf hash (32 bytes). */
  appendLeafHash(hash: Uint8Array): void {
    this.stream.appendLeafHash(hash);
    if (this.next < this.wanted.length && this.wanted[this.next] === this.stream.size) {
      this.heads.set(this.stream.size, this.stream.root());
      this.next++;
    }
  }

  /** The verdict for the leaves fed so far. */
  finish(): HistoryVerdict {
    return decide(this.checkpoints, this.stream.size, (size) => this.heads.get(size) ?? null);
  }
}
