import { generateNoteKey } from '@suivi/domain';

/**
 * The benchmarks' checkpoint signing key (they run with NODE_ENV=production, where CHECKPOINT_SIGNING_KEY is
 * required): made once per run and handed to every process the run starts, so they sign alike.
 */
export const BENCH_CHECKPOINT_KEY: string =
  process.env.CHECKPOINT_SIGNING_KEY ?? generateNoteKey('bench.suivi.local/checkpoints').signerKey;
