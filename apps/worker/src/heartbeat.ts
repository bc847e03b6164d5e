import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How often the worker touches its heartbeat file, in ms; docker-compose.yml calls it dead after 60 s. */
export const HEARTBEAT_EVERY_MS = 10_000;

/**
 * The worker's liveness for a container healthcheck (it has no HTTP port): writes the time to
 * `<dataDir>/worker-heartbeat` now and every HEARTBEAT_EVERY_MS while its event loop runs. A blocked or dead
 * worker stops touching it. The timer does not keep the process alive; the returned function stops it.
 */
export function startHeartbeat(dataDir: string, everyMs = HEARTBEAT_EVERY_MS): () => void {
  const file = join(dataDir, 'worker-heartbeat');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const beat = () => {
    try {
      writeFileSync(file, `${new Date().toISOString()}\n`);
    } catch {
      // A full or read-only disk shows as an unhealthy worker, which is what the operator should see.
    }
  };
  beat();
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
