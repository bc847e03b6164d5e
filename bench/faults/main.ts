/**
 * npm run bench:faults — the delivery fault scenarios of issue H at volume (BENCH_MESSAGES, default 500
 * messages each) on both queue backends, with the harness the fault test uses (bench/support/faults.ts).
 * Prints one line per scenario and backend:
 *   <scenario> [<backend>]: expected E, received R, lost L, doubled D, recovered in S s
 * Target: lost 0 and doubled 0 in every row; recovery after the queue store returns < 30 s.
 * Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres) and redis-server on
 * the PATH (the harness starts its own, on a spare port).
 */
import { resolve } from 'node:path';
import { FaultHarness, SCENARIOS, formatResult } from '../support/faults';
import type { Backend } from '../support/faults';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 500);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'redis,postgres').split(',') as Backend[];
/** BENCH_SCENARIOS: a comma-separated list of words; a scenario runs when its name contains one of them. */
const ONLY = (process.env.BENCH_SCENARIOS ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter(Boolean);
const RUN = SCENARIOS.filter((s) => ONLY.length === 0 || ONLY.some((w) => s.toLowerCase().includes(w)));

async function main(): Promise<void> {
  console.log(`Delivery faults: ${MESSAGES} messages per scenario, backends ${BACKENDS.join(', ')}`);
  let bad = 0;
  for (const backend of BACKENDS) {
    const harness = await new FaultHarness({
      backend,
      serverUrl: SERVER_URL,
      database: `suivi_bench_faults_${backend}`,
      workerMain: resolve(__dirname, '../../apps/worker/src/main.js'),
      smsPerSecond: 100,
      verbose: process.env.BENCH_VERBOSE === 'true',
    }).start();
    try {
      for (const scenario of RUN) {
        const result = await harness.run(scenario, MESSAGES, 120_000);
        const extra = [
          result.exitSeconds !== undefined ? `worker exited in ${result.exitSeconds.toFixed(1)} s` : '',
          result.sweepsScheduled ? '' : 'SWEEP SCHEDULE MISSING',
          result.unsettled ? `${result.unsettled} rows unsettled: ${result.unsettledStates}` : '',
        ].filter(Boolean);
        console.log(formatResult(result) + (extra.length ? ` (${extra.join('; ')})` : ''));
        if (result.lost || result.doubled || !result.sweepsScheduled) bad += 1;
      }
    } finally {
      await harness.stop();
    }
  }
  console.log(
    bad === 0 ? 'Every row: lost 0, doubled 0, sweeps scheduled.' : `${bad} row(s) missed the target.`,
  );
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
