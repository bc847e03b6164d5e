import { GENESIS_HASH, chainEvent } from '../chain/hash-chain';
import type { ChainedEvent } from '../chain/hash-chain';
import { EXPORT_FORMAT, dailyDigest, verifyExport } from './verifiable-export';

function chain(complaintId: string, day: string): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  const steps = [
    ['file', null, 'received'],
    ['acknowledge', 'received', 'acknowledged'],
    ['assign', 'acknowledged', 'assigned'],
  ] as const;
  let prev = GENESIS_HASH;
  steps.forEach(([action, from, to], i) => {
    const event = chainEvent(prev, {
      complaintId,
      seq: i + 1,
      at: `${day}T${String(8 + i).padStart(2, '0')}:15:00.000Z`,
      actorRole: i === 0 ? 'tenant' : 'agent',
      actorId: i === 0 ? null : 'a1b2c3',
      action,
      fromState: from,
      toState: to,
      payload: i === 2 ? { contractorId: 'k-1', appointment: null } : { category: 'heating' },
      textDigests: { public: null, internal: null },
    });
    events.push(event);
    prev = event.hash;
  });
  return events;
}

function exportOf(): string[] {
  const a = chain('1f0c0000-0000-4000-8000-000000000001', '2026-11-20');
  const b = chain('2e0c0000-0000-4000-8000-000000000002', '2026-11-21');
  const heads = [a, b].map((events) => events[events.length - 1]);
  return [
    JSON.stringify({
      type: 'export',
      format: EXPORT_FORMAT,
      landlord: 'HLM',
      exportedAt: '2026-11-23T00:00:00Z',
    }),
    ...[...a, ...b].map((e) => JSON.stringify({ type: 'event', ...e })),
    JSON.stringify({
      type: 'digest',
      day: '2026-11-20',
      digest: dailyDigest([{ complaintId: a[2].complaintId, seq: 3, hash: a[2].hash }]),
      complaints: 1,
    }),
    JSON.stringify({
      type: 'digest',
      day: '2026-11-22',
      digest: dailyDigest(heads.map((h) => ({ complaintId: h.complaintId, seq: h.seq, hash: h.hash }))),
      complaints: 2,
    }),
  ];
}

describe('verifyExport', () => {
  it('accepts an intact export', () => {
    expect(verifyExport(exportOf())).toEqual({ valid: true, complaints: 2, events: 6, digests: 2 });
  });

  it('rejects an export with any byte of any event changed', () => {
    const lines = exportOf();
    let cases = 0;
    for (let line = 1; line <= 6; line++) {
      for (let i = 0; i < lines[line].length; i++) {
        const changed = [...lines];
        const char = lines[line][i];
        changed[line] = lines[line].slice(0, i) + (char === 'a' ? 'b' : 'a') + lines[line].slice(i + 1);
        const result = verifyExport(changed);
        if (result.valid) throw new Error(`a change at line ${line + 1}, byte ${i} went unnoticed`);
        cases += 1;
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it.each([1, 2, 3, 4, 5, 6])('rejects an export with event line %i removed, naming where', (index) => {
    const lines = exportOf();
    lines.splice(index, 1);
    expect(verifyExport(lines)).toMatchObject({
      valid: false,
      line: expect.any(Number),
      reason: expect.any(String),
    });
  });

  it('names the first event that does not verify', () => {
    const lines = exportOf();
    const event = JSON.parse(lines[2]);
    event.toState = 'closed';
    lines[2] = JSON.stringify(event);
    expect(verifyExport(lines)).toMatchObject({
      valid: false,
      line: 3,
      seq: 2,
      complaintId: '1f0c0000-0000-4000-8000-000000000001',
      reason: 'hash does not match the event content',
    });
  });

  it.each([
    [1, 2],
    [2, 3],
    [3, 4],
    [4, 6],
  ])('rejects events reordered (lines %i and %i swapped)', (x, y) => {
    const lines = exportOf();
    [lines[x], lines[y]] = [lines[y], lines[x]];
    expect(verifyExport(lines).valid).toBe(false);
  });

  it('rejects a file that is not an export', () => {
    expect(verifyExport(['{"hello":1}'])).toMatchObject({ valid: false, line: 1 });
    expect(verifyExport(['not json'])).toMatchObject({ valid: false, line: 1, reason: 'not valid JSON' });
  });
});
