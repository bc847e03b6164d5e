/**
 * npm run bench:transparency — the landlord transparency log (issue 17) at 1,000,000 events, in memory.
 *
 * Builds a MerkleLog of BENCH_LEAVES (default 1,000,000) event leaves (canonical JSON of the public facts,
 * as eventLeaf writes them), then measures: a signed checkpoint of the whole tree; appending 1,000 events
 * and signing the next checkpoint; inclusion proofs (p50/p99 over 1,000 random leaves, with their size);
 * consistency proofs between random earlier sizes and the full tree; and the verifier's work on a
 * 1,000,000-event export — leaves rebuilt from the facts, hashed and streamed against 24 saved checkpoints
 * with O(log n) memory, their signatures checked first. No database: the figures are the cryptography's.
 * Targets (issue 17): checkpoint < 1 s, inclusion proof < 10 ms, verifying 1,000,000 events < 30 s.
 * Never fails on timing.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  MerkleLog,
  StreamingHistoryCheck,
  checkpointOrigin,
  eventLeaf,
  generateNoteKey,
  leafHash,
  parseSignerKey,
  signCheckpoint,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@suivi/domain';
import type { EventLeafFacts } from '@suivi/domain';
import { fmt, percentile } from '../support/stats';

const LEAVES = Number(process.env.BENCH_LEAVES ?? 1_000_000);
const APPEND = 1_000;
const PROOFS = 1_000;
const CONSISTENCY_PROOFS = 200;
const SAVED_CHECKPOINTS = 24;
const ORIGIN = checkpointOrigin('HLM-NORD');
const ACTIONS = ['submit', 'acknowledge', 'assign', 'schedule', 'report_done', 'close'] as const;
const STATES = ['submitted', 'acknowledged', 'assigned', 'scheduled', 'works_done', 'closed'] as const;
const EPOCH = Date.parse('2026-01-01T00:00:00Z');

/** The i-th event of the synthetic history: six events per complaint, a fake chain hash. */
function facts(i: number): EventLeafFacts {
  const step = i % 6;
  const complaint = Math.floor(i / 6);
  return {
    landlordCode: 'HLM-NORD',
    complaintPublicId: `00000000-0000-4000-8000-${complaint.toString(16).padStart(12, '0')}`,
    seq: step + 1,
    action: ACTIONS[step],
    fromState: step === 0 ? null : STATES[step - 1],
    toState: STATES[step],
    actorRole: step === 0 ? 'tenant' : 'agent',
    at: new Date(EPOCH + i * 30_000).toISOString(),
    chainHash: leafHash(`chain ${i}`).toString('hex'),
  };
}

const ms = (start: number): number => performance.now() - start;
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

function main(): void {
  const signer = parseSignerKey(generateNoteKey('suivi.example/checkpoints').signerKey);
  const time = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  console.log(
    `transparency log bench — ${LEAVES.toLocaleString('en')} event leaves, node ${process.version}`,
  );

  // Build the tree (what the server holds in memory or rebuilds at start-up).
  let start = performance.now();
  const log = new MerkleLog();
  for (let i = 0; i < LEAVES; i++) log.append(eventLeaf(facts(i)));
  const buildMs = ms(start);
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  const rssMb = process.memoryUsage().rss / 1e6;
  console.log(
    `  build: ${fmt(buildMs / 1000, 2)} s (${fmt((buildMs * 1000) / LEAVES, 2)} µs/leaf, leaf bytes + hashing), ` +
      `heap ${fmt(heapMb, 0)} MB, rss ${fmt(rssMb, 0)} MB`,
  );

  // A cold start: the tree rebuilt from stored leaf hashes (as a server would after a restart).
  const stored = Array.from({ length: LEAVES }, (_, i) => log.leafHashAt(i));
  start = performance.now();
  const rebuilt = MerkleLog.fromLeafHashes(stored);
  const rebuildMs = ms(start);
  if (!rebuilt.rootAt().equals(log.rootAt())) throw new Error('the rebuilt tree has another root');
  console.log(`  rebuild from ${LEAVES.toLocaleString('en')} stored leaf hashes: ${fmt(rebuildMs, 0)} ms`);
  stored.length = 0;

  // A checkpoint of the full tree: its root, formatted and signed.
  start = performance.now();
  const full = signCheckpoint(
    { origin: ORIGIN, size: log.size, rootHash: log.rootAt(), time: time(), extensions: [] },
    signer,
  );
  const checkpointMs = ms(start);
  console.log(
    `  checkpoint of ${log.size.toLocaleString('en')} leaves: ${fmt(checkpointMs, 3)} ms  [target < 1 s: ${verdict(checkpointMs < 1000)}]`,
  );

  // Incremental: 1,000 more events, then the next checkpoint.
  const before = log.size;
  start = performance.now();
  for (let i = before; i < before + APPEND; i++) log.append(eventLeaf(facts(i)));
  const next = signCheckpoint(
    { origin: ORIGIN, size: log.size, rootHash: log.rootAt(), time: time(), extensions: [] },
    signer,
  );
  const appendMs = ms(start);
  console.log(
    `  append ${APPEND.toLocaleString('en')} events + checkpoint: ${fmt(appendMs, 2)} ms  [target < 1 s: ${verdict(appendMs < 1000)}]`,
  );
  const n = log.size;
  const root = log.rootAt();

  // Inclusion proofs of random leaves.
  const proofTimes: number[] = [];
  const verifyTimes: number[] = [];
  let proofBytes = 0;
  let maxProofBytes = 0;
  for (let k = 0; k < PROOFS; k++) {
    const index = randomInt(0, n);
    start = performance.now();
    const proof = log.inclusionProof(index, n);
    proofTimes.push(ms(start));
    start = performance.now();
    const ok = verifyInclusion(index, n, log.leafHashAt(index), proof, root);
    verifyTimes.push(ms(start));
    if (!ok) throw new Error(`inclusion proof of leaf ${index} did not verify`);
    proofBytes += proof.length * 32;
    maxProofBytes = Math.max(maxProofBytes, proof.length * 32);
  }
  proofTimes.sort((a, b) => a - b);
  verifyTimes.sort((a, b) => a - b);
  const inclusionP50 = percentile(proofTimes, 50);
  console.log(
    `  inclusion proof (${PROOFS} random leaves): p50 ${fmt(inclusionP50, 3)} ms, p99 ${fmt(percentile(proofTimes, 99), 3)} ms, ` +
      `mean ${fmt(proofBytes / PROOFS, 0)} B, max ${maxProofBytes} B; verify p50 ${fmt(percentile(verifyTimes, 50), 3)} ms  ` +
      `[target < 10 ms: ${verdict(percentile(proofTimes, 99) < 10)}]`,
  );

  // Consistency proofs from random earlier sizes to the full tree.
  const consistencyTimes: number[] = [];
  let consistencyBytes = 0;
  let maxConsistencyBytes = 0;
  for (let k = 0; k < CONSISTENCY_PROOFS; k++) {
    const m = randomInt(1, n);
    start = performance.now();
    const proof = log.consistencyProof(m, n);
    consistencyTimes.push(ms(start));
    if (!verifyConsistency(m, n, log.rootAt(m), root, proof))
      throw new Error(`consistency ${m} → ${n} failed`);
    consistencyBytes += proof.length * 32;
    maxConsistencyBytes = Math.max(maxConsistencyBytes, proof.length * 32);
  }
  consistencyTimes.sort((a, b) => a - b);
  console.log(
    `  consistency proof (${CONSISTENCY_PROOFS} random m → ${n.toLocaleString('en')}): p50 ${fmt(percentile(consistencyTimes, 50), 3)} ms, ` +
      `p99 ${fmt(percentile(consistencyTimes, 99), 3)} ms, mean ${fmt(consistencyBytes / CONSISTENCY_PROOFS, 0)} B, max ${maxConsistencyBytes} B`,
  );

  // The verifier: 24 saved checkpoints (signature checked), then every event's leaf rebuilt and streamed.
  const saved = Array.from({ length: SAVED_CHECKPOINTS }, (_, k) => {
    const size = Math.floor(((k + 1) * LEAVES) / SAVED_CHECKPOINTS);
    return signCheckpoint(
      { origin: ORIGIN, size, rootHash: log.rootAt(size), time: time(), extensions: [] },
      signer,
    );
  });
  start = performance.now();
  const checkpoints = [...saved, full, next].map((note, k) => {
    const c = verifyCheckpoint(note, { trustedKeys: [signer.verifierKey], origin: ORIGIN });
    return { size: c.size, rootHash: c.rootHash, label: `#${k + 1}` };
  });
  const check = new StreamingHistoryCheck(checkpoints);
  for (let i = 0; i < LEAVES; i++) check.appendLeafHash(leafHash(eventLeaf(facts(i))));
  const history = check.finish();
  const verifyMs = ms(start);
  const expectedFailures = 1; // the checkpoint after the 1,000 appended events: the export stops short of it
  const failures = history.checkpoints.filter((c) => c.status !== 'consistent').length;
  console.log(
    `  verify ${LEAVES.toLocaleString('en')}-event export against ${checkpoints.length} checkpoints (streamed): ` +
      `${fmt(verifyMs / 1000, 2)} s — ${checkpoints.length - failures} consistent, ${failures} beyond the export ` +
      `(expected ${expectedFailures})  [target < 30 s: ${verdict(verifyMs < 30_000)}]`,
  );
  if (failures !== expectedFailures) throw new Error('the history check did not give the expected verdict');

  const lastLeaf = log.leafHashAt(n - 1);
  const lastProof = log.inclusionProof(n - 1, n);
  console.log(
    `  sizes: checkpoint note ${Buffer.byteLength(next)} B; inclusion proof of the newest leaf ${lastProof.length} hashes; ` +
      `leaf hash ${lastLeaf.length} B`,
  );
  console.log('  run: npm run bench:transparency (or npm run build && node dist/bench/transparency/main.js)');
}

main();
