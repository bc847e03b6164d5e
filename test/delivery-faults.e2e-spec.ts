import { resolve } from 'node:path';
import { FaultHarness, SCENARIOS, formatResult } from '../bench/support/faults';
import type { FaultResult, Scenario } from '../bench/support/faults';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * Issue H: every message delivered once through crashes, deploys and outages. Real servers throughout: a
 * Redis of the suite's own (restarted empty), local SMTP and Twilio-speaking servers that fail on demand,
 * and the compiled worker as child processes (dist/, built by `npm test`). Small batches; the same
 * scenarios run at volume on both backends in `npm run bench:faults`.
 */
const MESSAGES = 30;
/** Scenarios where the queue keeps every job (provider faults, two workers). */
const NOTHING_LOST: Scenario[] = [
  'SMTP drops after DATA',
  'SMTP slow past the socket timeout',
  'Twilio drops before answering',
  'two workers and two relays',
];
let harness: FaultHarness;

beforeAll(async () => {
  harness = await new FaultHarness({
    backend: 'redis',
    serverUrl: TEST_DATABASE_URL,
    database: `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_faults`,
    workerMain: resolve(__dirname, '../dist/apps/worker/src/main.js'),
    smsPerSecond: 10,
    verbose: process.env.FAULTS_VERBOSE === 'true',
  }).start();
}, 60_000);

afterAll(async () => {
  await harness?.stop();
}, 30_000);

describe('delivery under faults (Redis backend)', () => {
  it.each(SCENARIOS.map((s) => [s]))(
    '%s: each (complaint, step, channel) delivered exactly once, sweeps still scheduled',
    async (scenario: Scenario) => {
      const result: FaultResult = await harness.run(scenario, MESSAGES, 40_000);
      const line = formatResult(result);
      expect({ line, lost: result.lost, doubled: result.doubled, unsettled: result.unsettled }).toEqual({
        line,
        lost: 0,
        doubled: 0,
        unsettled: 0,
      });
      expect(result.received).toBe(result.expected);
      expect(result.sweepsScheduled).toBe(true);
      if (scenario === 'SIGTERM a worker mid-batch') expect(result.exitSeconds).toBeLessThan(10);
      // No job is lost in these: the re-feed must not take jobs that finished while it looked for re-feeds.
      if (NOTHING_LOST.includes(scenario)) expect({ line, refed: result.refed }).toEqual({ line, refed: 0 });
    },
    60_000,
  );
});
