#!/usr/bin/env node
/**
 * suivi-verify <export.ndjson | ->: checks a landlord's event export offline — every complaint's hash chain
 * and every daily digest — and names the first line that does not verify. Exit 0 when intact, 1 when not,
 * 2 on a usage or reading error. Needs nothing but this package: no database, no network.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyExport } from '@suivi/domain';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file === '--help' || file === '-h') {
    process.stderr.write('usage: suivi-verify <export.ndjson>   (or - to read standard input)\n');
    return 2;
  }
  const input = file === '-' ? process.stdin : createReadStream(file);
  const lines: string[] = [];
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) lines.push(line);
  } catch (e) {
    process.stderr.write(`suivi-verify: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const result = verifyExport(lines);
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
