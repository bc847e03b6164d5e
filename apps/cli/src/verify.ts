#!/usr/bin/env node
/**
 * suivi-verify: checks a landlord's event export offline, against checkpoints a federation saved earlier.
 *
 *   suivi-verify <export.ndjson | -> [--checkpoints <dir>] [--key <vkey file or text>]...
 *   suivi-verify fetch-checkpoint <base URL> <landlord code> --out <dir> [--key <vkey file or text>]
 *
 * A `suivi-events/2` export is the landlord's transparency log: the verifier rebuilds every leaf, checks
 * each saved checkpoint's signature (the keys given with --key, else the `*.vkey` files of the folder) and
 * that the export's tree extends it, checks the complaints' hash-chain links, and reports the leaves newer
 * than the newest checkpoint as not yet anchored. A failure names the checkpoint (size, time) and, when the
 * checkpoints pin it, the complaint's public id and event. A `suivi-events/1` export (before issue 17) is
 * still checked as before: its chains and daily digests.
 *
 * Reads the file as a stream (twice, or three times to name a complaint): memory holds the tree's frontier
 * and one chain link per complaint. Exit 0 when verified, 1 when not, 2 on a usage or reading error.
 * Needs no database; the network only for fetch-checkpoint.
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import {
  EXPORT_FORMAT_V2,
  ExportVerifier,
  LogExportVerifier,
  digestDayOf,
  openNote,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  verifyCheckpoint,
} from '@suivi/domain';
import type { ExportVerification, NoteVerifier, SavedCheckpoint } from '@suivi/domain';

class UsageError extends Error {}

/** The file's lines, one at a time, never the whole file in memory. */
const linesOf = (file: string) => createInterface({ input: createReadStream(file), crlfDelay: Infinity });

async function firstLine(file: string): Promise<string> {
  for await (const line of linesOf(file)) return line;
  return '';
}

/** A suivi-events/1 export: chains and daily digests (two readings). */
async function verifyV1(file: string): Promise<number> {
  const days: string[] = [];
  for await (const line of linesOf(file)) {
    const day = digestDayOf(line);
    if (day) days.push(day);
  }
  const verifier = new ExportVerifier(days);
  let result: ExportVerification | null = null;
  for await (const line of linesOf(file)) {
    const failure = verifier.push(line);
    if (failure) {
      result = failure;
      break;
    }
  }
  result ??= verifier.finish();
  if (result.valid) {
    out(
      `OK: ${result.events} events of ${result.complaints} complaints verify; ${result.digests} daily digests reproduced.`,
    );
    return 0;
  }
  const where = result.complaintId
    ? ` (complaint ${result.complaintId}${result.seq ? `, event ${result.seq}` : ''})`
    : '';
  out(`NOT VERIFIED: line ${result.line}${where}: ${result.reason}`);
  return 1;
}

/** Trusted keys: each --key (a file holding a vkey, or the vkey text), else the folder's *.vkey files. */
function trustedKeys(keys: string[], dir: string | null): NoteVerifier[] {
  const texts = keys.map((k) => (existsSync(k) && statSync(k).isFile() ? readFileSync(k, 'utf8') : k));
  if (texts.length === 0 && dir) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.vkey')) texts.push(readFileSync(join(dir, name), 'utf8'));
    }
  }
  return texts
    .flatMap((t) => t.split('\n'))
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      try {
        return parseVerifierKey(t);
      } catch (e) {
        throw new UsageError(`not a verifier key: ${JSON.stringify(t)} (${(e as Error).message})`);
      }
    });
}

/** The name, size and time a checkpoint file is known by in messages (read without trusting it). */
function describeFile(name: string, note: string): string {
  try {
    const c = parseCheckpoint(parseNote(note).text);
    return `checkpoint ${name} (size ${c.size}${c.time ? `, signed ${c.time}` : ''})`;
  } catch {
    return `checkpoint ${name}`;
  }
}

interface Checkpoints {
  saved: (SavedCheckpoint & { time: string | null })[];
  failures: string[];
}

/** Reads and verifies every `*.checkpoint` file of the folder against the keys and the log's origin. */
function loadCheckpoints(dir: string, keys: NoteVerifier[], origin: string): Checkpoints {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.checkpoint'))
    .sort();
  const result: Checkpoints = { saved: [], failures: [] };
  // A folder given and empty is a mistake (the wrong folder), not "nothing anchored".
  if (names.length === 0) throw new UsageError(`no *.checkpoint file in ${dir}`);
  if (keys.length === 0) {
    throw new UsageError(`no trusted key: give --key <vkey> or keep the deployment's .vkey file in ${dir}`);
  }
  for (const name of names) {
    const note = readFileSync(join(dir, name), 'utf8');
    try {
      const c = verifyCheckpoint(note, { trustedKeys: keys, origin });
      result.saved.push({
        size: c.size,
        rootHash: c.rootHash,
        time: c.time,
        label: `${name} (signed ${c.time ?? 'at an unknown time'})`,
      });
    } catch (e) {
      result.failures.push(`${describeFile(name, note)}: ${(e as Error).message}`);
    }
  }
  return result;
}

async function readV2(file: string, checkpoints: SavedCheckpoint[], watch: Set<number> = new Set()) {
  const verifier = new LogExportVerifier(checkpoints, watch);
  for await (const line of linesOf(file)) verifier.push(line);
  return verifier.finish();
}

/** A suivi-events/2 export against the saved checkpoints. */
async function verifyV2(file: string, header: Record<string, unknown>, dir: string | null, keys: string[]) {
  const landlord = typeof header.landlord === 'string' ? header.landlord : '';
  const origin = typeof header.origin === 'string' ? header.origin : '';
  if (!origin.endsWith(`/landlord/${landlord}`)) {
    out(`NOT VERIFIED: line 1: the header's origin ${JSON.stringify(origin)} is not the log of ${landlord}`);
    return 1;
  }
  const loaded: Checkpoints = dir
    ? loadCheckpoints(dir, trustedKeys(keys, dir), origin)
    : { saved: [], failures: [] };
  const report = await readV2(file, loaded.saved);
  const sentences: string[] = loaded.failures.map((f) => `NOT VERIFIED: ${f}`);
  const failure = report.history.firstFailure;
  if (failure) {
    // The checkpoints pin the first changed leaf only when the last consistent one and the failing one are
    // one leaf apart; otherwise it lies between them, and the export's lines of that range are named.
    const pinned = failure.firstDifferingLeaf;
    const { fromLeaf, toLeaf } = failure.divergence;
    const last = Math.min(toLeaf, report.leaves) - 1;
    const watched = (await readV2(file, [], new Set([fromLeaf, last]))).watched;
    const first = watched.get(fromLeaf);
    let what = '';
    if (pinned !== null && first?.complaint) {
      const item = first.seq ? `, event ${first.seq}` : first.kind === 'rating' ? ', its rating' : '';
      what = `; the first changed leaf is leaf ${pinned}, line ${first.line}: complaint ${first.complaint}${item}`;
    } else if (first && watched.get(last)) {
      what = ` (lines ${first.line} to ${watched.get(last)?.line} of the export; the more checkpoints kept, the narrower the range)`;
    }
    sentences.push(`NOT VERIFIED: ${failure.message}${what}.`);
    for (const other of report.history.checkpoints.slice(1)) {
      if (other.status !== 'consistent' && other !== failure) sentences.push(`  also: ${other.message}.`);
    }
  }
  if (report.problem) {
    const p = report.problem;
    const where = p.complaint ? ` (complaint ${p.complaint}${p.seq ? `, event ${p.seq}` : ''})` : '';
    sentences.push(`NOT VERIFIED: line ${p.line}${where}: ${p.reason}`);
  }
  if (sentences.length > 0) {
    out(sentences.join('\n'));
    return 1;
  }
  const newest = [...loaded.saved].sort((a, b) => b.size - a.size)[0];
  out(
    `OK: ${report.events} events and ${report.ratings} ratings of ${report.complaints} complaints of ${landlord}; ` +
      (newest
        ? `consistent with ${loaded.saved.length} saved checkpoint(s), the newest of ${newest.size} leaves signed ${newest.time ?? 'at an unknown time'}.`
        : 'no saved checkpoint: nothing is anchored (give --checkpoints <dir>).'),
  );
  const open = report.history.notYetAnchored;
  if (open) {
    out(
      `Not yet anchored: ${open.toLeaf - open.fromLeaf} leaves (leaves ${open.fromLeaf} to ${open.toLeaf - 1}) are newer than the newest saved checkpoint; save a newer checkpoint to anchor them.`,
    );
  }
  return 0;
}

async function verifyCommand(args: string[]): Promise<number> {
  const file = args[0];
  let dir: string | null = null;
  const keys: string[] = [];
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--checkpoints' && args[i + 1]) dir = args[++i];
    else if (args[i] === '--key' && args[i + 1]) keys.push(args[++i]);
    else throw new UsageError(`unknown argument ${args[i]}`);
  }
  if (dir && !(existsSync(dir) && statSync(dir).isDirectory()))
    throw new UsageError(`${dir} is not a folder`);
  // Standard input is read several times: it is first copied to a temporary file.
  let path = file;
  let spool: string | null = null;
  try {
    if (file === '-') {
      spool = mkdtempSync(join(tmpdir(), 'suivi-verify-'));
      path = join(spool, 'export.ndjson');
      await pipeline(process.stdin, createWriteStream(path));
    }
    let header: Record<string, unknown> | null = null;
    try {
      header = JSON.parse(await firstLine(path)) as Record<string, unknown>;
    } catch {
      header = null;
    }
    if (header?.type === 'export' && header.format === EXPORT_FORMAT_V2)
      return await verifyV2(path, header, dir, keys);
    if (dir) {
      // An old-format export carries no log, and its chains can be recomputed by anyone: checked against
      // saved checkpoints it would let any rewrite pass by changing its format line. Refused.
      out(
        'NOT VERIFIED: this export is not a transparency log (format suivi-events/2), so it cannot be checked against the saved checkpoints: ask the landlord for a current export.',
      );
      return 1;
    }
    return await verifyV1(path);
  } finally {
    if (spool) rmSync(spool, { recursive: true, force: true });
  }
}

/** Fetches the landlord's current checkpoint, checks its signature and saves it in the folder. */
async function fetchCommand(args: string[]): Promise<number> {
  const [base, code] = args;
  let dir: string | null = null;
  const keys: string[] = [];
  for (let i = 2; i < args.length; i++) {
    if (args[i] === '--out' && args[i + 1]) dir = args[++i];
    else if (args[i] === '--key' && args[i + 1]) keys.push(args[++i]);
    else throw new UsageError(`unknown argument ${args[i]}`);
  }
  if (!base || !code || !dir || !/^https?:\/\//.test(base)) {
    throw new UsageError('fetch-checkpoint needs <base URL> <landlord code> --out <dir>');
  }
  const root = base.replace(/\/$/, '');
  mkdirSync(dir, { recursive: true });
  const get = async (path: string): Promise<string> => {
    const res = await fetch(`${root}${path}`);
    if (!res.ok) throw new Error(`GET ${root}${path} answered ${res.status}`);
    return res.text();
  };
  let trusted = trustedKeys(keys, dir);
  if (trusted.length === 0) {
    // Trust on first use: the key is saved beside the checkpoints; compare it with the criteria page.
    const vkey = (await get('/transparency/key')).trim();
    writeFileSync(join(dir, 'suivi.vkey'), `${vkey}\n`);
    out(
      `Saved the deployment's key ${vkey} in ${join(dir, 'suivi.vkey')}: check it against the one the federation trusts.`,
    );
    trusted = trustedKeys([], dir);
  }
  const note = await get(`/transparency/${encodeURIComponent(code)}/checkpoint`);
  let size: number;
  let time: string | null;
  try {
    const { text } = openNote(note, trusted);
    const c = parseCheckpoint(text);
    if (!c.origin.endsWith(`/landlord/${code}`)) throw new Error(`it is the checkpoint of ${c.origin}`);
    size = c.size;
    time = c.time;
  } catch (e) {
    out(`NOT VERIFIED: the checkpoint fetched for ${code} was not saved: ${(e as Error).message}`);
    return 1;
  }
  const file = join(
    dir,
    `${code}-${String(size).padStart(12, '0')}-${(time ?? 'untimed').replace(/[:]/g, '')}.checkpoint`,
  );
  writeFileSync(file, note);
  out(`Saved the checkpoint of ${code} (size ${size}${time ? `, signed ${time}` : ''}) as ${file}.`);
  return 0;
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

const USAGE = [
  'usage: suivi-verify <export.ndjson | -> [--checkpoints <dir>] [--key <vkey file or text>]...',
  '       suivi-verify fetch-checkpoint <base URL> <landlord code> --out <dir> [--key <vkey file or text>]',
].join('\n');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    return args[0] === 'fetch-checkpoint' ? await fetchCommand(args.slice(1)) : await verifyCommand(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`suivi-verify: ${e.message}\n${USAGE}\n`);
    } else {
      process.stderr.write(`suivi-verify: cannot read ${args[0]}: ${(e as Error).message}\n`);
    }
    return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`suivi-verify: ${e.message}\n`);
    process.exit(2);
  },
);
