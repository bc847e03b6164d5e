#!/usr/bin/env node
/**
 * suivi-verify <export.ndjson | ->: checks a landlord's event export offline — every complaint's hash chain
 * and every daily digest — and names the first line that does not verify. Reads the file as a stream, line
 * by line: memory holds one complaint's chain and one running hash per digest day, whatever the size.
 * Exit 0 when intact, 1 when not, 2 on a usage or reading error. Needs nothing but this package: no
 * database, no network.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { ExportVerifier, digestDayOf } from '@suivi/domain';
import type { ExportVerification } from '@suivi/domain';

/** The file's lines, one at a time, never the whole file in memory. */
const linesOf = (file: string) => createInterface({ input: createReadStream(file), crlfDelay: Infinity });

/**
 * Two readings of the file: the first collects the days of the digests (a few lines), the second streams
 * the events through the verifier, which holds one chain and one running hash per digest day.
 */
async function verifyFile(file: string): Promise<ExportVerification> {
  const days: string[] = [];
  for await (const line of linesOf(file)) {
    const day = digestDayOf(line);
    if (day) days.push(day);
  }
  const verifier = new ExportVerifier(days);
  for await (const line of linesOf(file)) {
    const failure = verifier.push(line);
    if (failure) return failure;
  }
  return verifier.finish();
}

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file === '--help' || file === '-h') {
    process.stderr.write('usage: suivi-verify <export.ndjson>   (or - to read standard input)\n');
    return 2;
  }
  // Standard input is read twice too: it is first copied to a temporary file.
  let path = file;
  let spool: string | null = null;
  let result: ExportVerification;
  try {
    if (file === '-') {
      spool = mkdtempSync(join(tmpdir(), 'suivi-verify-'));
      path = join(spool, 'export.ndjson');
      await pipeline(process.stdin, createWriteStream(path));
    }
    result = await verifyFile(path);
  } catch (e) {
    process.stderr.write(`suivi-verify: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  } finally {
    if (spool) rmSync(spool, { recursive: true, force: true });
  }
  if (result.valid) {
    process.stdout.write(
      `OK: ${result.events} events of ${result.complaints} complaints verify; ${result.digests} daily digests reproduced.\n`,
    );
    return 0;
  }
  const where = result.complaintId
    ? ` (complaint ${result.complaintId}${result.seq ? `, event ${result.seq}` : ''})`
    : '';
  process.stdout.write(`NOT VERIFIED: line ${result.line}${where}: ${result.reason}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`suivi-verify: ${e.message}\n`);
    process.exit(2);
  },
);
