import { eventLeaf, ratingLeaf } from './leaves';
import type { EventLeafFacts } from './leaves';

const EVENT: EventLeafFacts = {
  landlordCode: 'HLM-NORD',
  complaintPublicId: '3f1c2a9e-6b7d-4e21-9a0f-5c8d7e6b4a31',
  seq: 2,
  action: 'acknowledge',
  fromState: 'submitted',
  toState: 'acknowledged',
  actorRole: 'agent',
  at: '2026-11-30T08:15:00.000Z',
  chainHash: 'a'.repeat(64),
};

describe('transparency leaves', () => {
  it('writes an event as canonical JSON of its public facts only', () => {
    expect(eventLeaf(EVENT).toString('utf8')).toBe(
      '{"action":"acknowledge","actorRole":"agent","at":"2026-11-30T08:15:00.000Z",' +
        `"chainHash":"${'a'.repeat(64)}","complaint":"3f1c2a9e-6b7d-4e21-9a0f-5c8d7e6b4a31",` +
        '"from":"submitted","kind":"event","landlord":"HLM-NORD","seq":2,"to":"acknowledged","v":1}',
    );
  });

  it('ignores fields it does not list, so personal data passed by mistake never enters a leaf', () => {
    const withExtras = {
      ...EVENT,
      actorId: 'u-123',
      tenantName: 'Jeanne Martin',
      complaintId: 'internal-uuid',
    };
    expect(eventLeaf(withExtras)).toEqual(eventLeaf(EVENT));
  });

  it('writes a first event with a null from-state', () => {
    expect(eventLeaf({ ...EVENT, seq: 1, fromState: null }).toString()).toContain('"from":null');
  });

  it.each([
    ['seq 0', { seq: 0 }],
    ['a fractional seq', { seq: 1.5 }],
    ['an upper-case chain hash', { chainHash: 'A'.repeat(64) }],
    ['a short chain hash', { chainHash: 'a'.repeat(63) }],
    ['a local time', { at: '2026-11-30T09:15:00+01:00' }],
    ['an empty action', { action: '' }],
    ['an empty public id', { complaintPublicId: '' }],
  ])('refuses an event with %s', (_why, change) => {
    expect(() => eventLeaf({ ...EVENT, ...change })).toThrow(TypeError);
  });

  it('writes a rating, distinct from any event', () => {
    const leaf = ratingLeaf({
      landlordCode: 'HLM-NORD',
      complaintPublicId: EVENT.complaintPublicId,
      rating: 4,
      at: EVENT.at,
    });
    expect(leaf.toString()).toBe(
      `{"at":"2026-11-30T08:15:00.000Z","complaint":"${EVENT.complaintPublicId}","kind":"rating","landlord":"HLM-NORD","rating":4,"v":1}`,
    );
  });

  it.each([0, 6, 3.5, Number.NaN])('refuses a rating of %p', (rating) => {
    expect(() =>
      ratingLeaf({
        landlordCode: 'HLM-NORD',
        complaintPublicId: EVENT.complaintPublicId,
        rating,
        at: EVENT.at,
      }),
    ).toThrow(TypeError);
  });
});
