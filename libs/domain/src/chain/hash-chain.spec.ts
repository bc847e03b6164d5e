import { canonicalJson } from './canonical-json';
import { GENESIS_HASH, chainEvent, newTextSalt, textDigest, verifyChain, verifyText } from './hash-chain';
import type { ChainedEvent, HashedEvent } from './hash-chain';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { d: 1.5, c: -0 } }, '{"z":{"c":0,"d":1.5}}'],
    ['é\u2028"', '"é\u2028\\""'],
    [{ '\u00e9': 1, e: 2, E: 3 }, '{"E":3,"e":2,"é":1}'],
    [1e21, '1e+21'],
    [[], '[]'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value as never)).toBe(expected);
  });
  it('refuses non-finite numbers', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
  });
  it('is independent of key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });
});

function buildChain(): ChainedEvent[] {
  const base: Omit<HashedEvent, 'seq' | 'action' | 'fromState' | 'toState'> = {
    complaintId: '0b8f9f8e-2c1a-4a57-9d0e-1f2a3b4c5d6e',
    at: '2026-03-10T10:00:00.000Z',
    actorRole: 'agent',
    actorId: 'a-1',
    payload: { category: 'heating' },
    textDigests: { public: textDigest('s', 'hello'), internal: null },
  };
  const steps: [string, string | null, string][] = [
    ['file', null, 'received'],
    ['acknowledge', 'received', 'acknowledged'],
    ['assign', 'acknowledged', 'assigned'],
    ['check_works', 'assigned', 'works_checked'],
    ['close', 'works_checked', 'closed'],
  ];
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  steps.forEach(([action, fromState, toState], i) => {
    const e = chainEvent(prev, { ...base, seq: i + 1, action, fromState, toState });
    events.push(e);
    prev = e.hash;
  });
  return events;
}

describe('verifyChain', () => {
  it('accepts an intact chain and returns its head', () => {
    const events = buildChain();
    expect(verifyChain(events)).toEqual({ valid: true, count: 5, headHash: events[4].hash });
    expect(verifyChain([])).toEqual({ valid: true, count: 0, headHash: GENESIS_HASH });
  });

  const tamperings: [string, (e: ChainedEvent) => void][] = [
    ['complaintId', (e) => (e.complaintId = 'other')],
    ['at', (e) => (e.at = '2026-03-10T10:00:00.001Z')],
    ['actorRole', (e) => (e.actorRole = 'supervisor')],
    ['actorId', (e) => (e.actorId = 'a-2')],
    ['action', (e) => (e.action = 'note')],
    ['fromState', (e) => (e.fromState = 'closed')],
    ['toState', (e) => (e.toState = e.toState === 'closed' ? 'received' : 'closed')],
    ['payload value', (e) => (e.payload = { category: 'gas' })],
    ['payload key added', (e) => (e.payload = { ...e.payload, extra: 1 })],
    ['public text digest', (e) => (e.textDigests = { ...e.textDigests, public: textDigest('s', 'bye') })],
    ['internal text digest', (e) => (e.textDigests = { ...e.textDigests, internal: 'x' })],
    ['prevHash', (e) => (e.prevHash = GENESIS_HASH.replace(/^0/, '1'))],
    ['hash', (e) => (e.hash = e.hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))],
  ];
  for (let index = 0; index < 5; index++) {
    it.each(tamperings)(`detects a change of %s in event ${index + 1}`, (_field, tamper) => {
      const events = buildChain();
      tamper(events[index]);
      const result = verifyChain(events);
      expect(result.valid).toBe(false);
      if (!result.valid) expect(result.firstInvalidSeq).toBe(index + 1);
    });
  }

  it('detects a change of seq, a removed event and reordered events', () => {
    const renumbered = buildChain();
    renumbered[2].seq = 7;
    expect(verifyChain(renumbered)).toMatchObject({ valid: false, firstInvalidSeq: 7 });
    const removed = buildChain();
    removed.splice(1, 1);
    expect(verifyChain(removed)).toMatchObject({ valid: false });
    const reordered = buildChain();
    [reordered[1], reordered[2]] = [reordered[2], reordered[1]];
    expect(verifyChain(reordered)).toMatchObject({ valid: false });
    const truncatedHead = buildChain().slice(1);
    expect(verifyChain(truncatedHead)).toMatchObject({ valid: false, firstInvalidSeq: 2 });
  });
});

describe('text digests', () => {
  it('commit to the text through a random salt', () => {
    const salt = newTextSalt();
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(newTextSalt()).not.toBe(salt);
    const digest = textDigest(salt, 'Mme Dupont, 06 12 34 56 78');
    expect(verifyText(salt, 'Mme Dupont, 06 12 34 56 78', digest)).toBe(true);
    expect(verifyText(salt, 'Mme Dupond, 06 12 34 56 78', digest)).toBe(false);
    expect(verifyText(salt, 'x', null)).toBe(false);
  });
});
