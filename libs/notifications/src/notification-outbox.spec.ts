import type { EntityManager } from 'typeorm';
import type { ComplaintFacts, RecipientFacts } from './complaint-facts';
import type { EventSnapshot, MessageFacts } from './message-facts';
import { NotificationOutbox, daytime } from './notification-outbox';
import type { NewNotification, NotificationRepository } from './notification.repository';

describe('daytime: when a non-urgent SMS may go', () => {
  it.each([
    ['2026-11-23T12:00:00Z', 'Europe/Paris', '2026-11-23T12:00:00.000Z'], // 13:00 in Paris: now
    ['2026-11-23T06:59:00Z', 'Europe/Paris', '2026-11-23T07:00:00.000Z'], // 07:59 → 08:00 the same day
    ['2026-11-23T20:00:00Z', 'Europe/Paris', '2026-11-24T07:00:00.000Z'], // 21:00 → 08:00 tomorrow
    ['2026-11-23T23:30:00Z', 'Europe/Paris', '2026-11-24T07:00:00.000Z'], // 00:30 → 08:00 that morning
    ['2026-03-28T21:00:00Z', 'Europe/Paris', '2026-03-29T06:00:00.000Z'], // over the spring DST change
    ['2026-06-30T21:30:00Z', 'Europe/London', '2026-07-01T07:00:00.000Z'], // 22:30 BST → 08:00 BST
    ['2026-11-23T10:00:00Z', 'America/Martinique', '2026-11-23T12:00:00.000Z'], // 06:00 → 08:00
  ])('%s in %s → %s', (at, zone, expected) => {
    expect(daytime(new Date(at), zone).toISOString()).toBe(expected);
  });
});

describe('daytime with a landlord’s own quiet hours (issue 16)', () => {
  it.each([
    ['2026-11-23T06:30:00Z', { start: '07:30', end: '20:00' }, '2026-11-23T06:30:00.000Z'], // 07:30: opens
    ['2026-11-23T06:29:00Z', { start: '07:30', end: '20:00' }, '2026-11-23T06:30:00.000Z'], // 07:29 → 07:30
    ['2026-11-23T19:00:00Z', { start: '07:30', end: '20:00' }, '2026-11-24T06:30:00.000Z'], // 20:00: closed
    ['2026-11-23T18:59:00Z', { start: '07:30', end: '20:00' }, '2026-11-23T18:59:00.000Z'], // 19:59: open
    ['2026-11-23T21:30:00Z', { start: '09:00', end: '22:45' }, '2026-11-23T21:30:00.000Z'], // 22:30: open
  ])('%s with %j in Paris → %s', (at, window, expected) => {
    expect(daytime(new Date(at), 'Europe/Paris', window).toISOString()).toBe(expected);
  });
});

describe('NotificationOutbox.record: the rows of an event, on fakes', () => {
  const snapshot: EventSnapshot = {
    reference: 'ABC123',
    state: 'received',
    landlordName: 'Habitat Sud',
    timeZone: 'Europe/Paris',
    nextDueAt: null,
    appointment: null,
    payload: {},
    actions: ['file'],
    workOrderId: null,
  };
  const recipients = (over: Partial<RecipientFacts> = {}): RecipientFacts => ({
    landlordId: 'landlord-1',
    partnerOrganisationId: null,
    country: 'FR',
    timezone: 'Europe/Paris',
    urgencyRank: 2,
    tenant: {
      phone: '+33612345678',
      email: 't@example.org',
      preferredChannel: 'both',
      language: 'en',
      smsOptedOut: false,
    },
    contractor: null,
    ...over,
  });

  function outbox(found: RecipientFacts | null, staff: { id: string; email: string }[] = []) {
    const written: { rows: NewNotification[]; facts: MessageFacts }[] = [];
    const complaints = {
      forEvent: jest.fn(async () => (found ? { recipients: found, snapshot } : null)),
      staff: jest.fn(async () => staff),
    } as unknown as ComplaintFacts;
    const notifications = {
      insertForEvent: jest.fn(
        async (_em: unknown, _event: unknown, rows: NewNotification[], facts: MessageFacts) => {
          written.push({ rows, facts });
          return rows.length;
        },
      ),
    } as unknown as NotificationRepository;
    return { outbox: new NotificationOutbox(complaints, notifications), written, complaints };
  }
  const em = {} as EntityManager;
  // 23:30 in Paris: a non-urgent SMS waits for 08:00.
  const at = new Date('2026-11-23T22:30:00Z');
  const filed = {
    complaintId: 'c1',
    seq: 1,
    action: 'file' as const,
    actorRole: 'agent' as const,
    payload: {},
    at,
  };

  it("writes the tenant's e-mail now and SMS in the morning, in their language, with the event's facts", async () => {
    const { outbox: o, written } = outbox(recipients());
    await expect(o.record(em, filed)).resolves.toBe(2);
    expect(written[0].rows).toEqual([
      {
        audience: 'tenant',
        recipientId: '',
        channel: 'email',
        address: 't@example.org',
        locale: 'en',
        notBefore: at,
        held: false,
      },
      {
        audience: 'tenant',
        recipientId: '',
        channel: 'sms',
        address: '+33612345678',
        locale: 'en',
        notBefore: new Date('2026-11-24T07:00:00.000Z'),
        held: true,
      },
    ]);
    expect(written[0].facts).toMatchObject({
      reference: 'ABC123',
      state: 'received',
      landlordName: 'Habitat Sud',
    });
  });

  it('sends the SMS of the most urgent level at once, and none to a tenant who texted STOP', async () => {
    const urgent = outbox(recipients({ urgencyRank: 0 }));
    await urgent.outbox.record(em, filed);
    expect(urgent.written[0].rows.find((r) => r.channel === 'sms')?.notBefore).toEqual(at);
    const stopped = outbox(recipients({ tenant: { ...recipients().tenant, smsOptedOut: true } }));
    await stopped.outbox.record(em, filed);
    expect(stopped.written[0].rows.map((r) => r.channel)).toEqual(['email']);
  });

  it("writes the partner's staff by e-mail, in the landlord's language", async () => {
    const { outbox: o, written } = outbox(
      recipients({
        partnerOrganisationId: 'p1',
        tenant: { ...recipients().tenant, preferredChannel: 'none' },
      }),
      [{ id: 'u1', email: 'partner@example.org' }],
    );
    await o.record(em, filed);
    expect(written[0].rows).toEqual([
      {
        audience: 'partner',
        recipientId: 'u1',
        channel: 'email',
        address: 'partner@example.org',
        locale: 'fr',
        notBefore: at,
        held: false,
      },
    ]);
  });

  it('writes to the contractor by e-mail, else by SMS', async () => {
    const assign = { ...filed, seq: 3, action: 'assign' as const };
    const byEmail = outbox(
      recipients({ contractor: { id: 'k1', email: 'k@example.org', phone: '+33698765432' } }),
    );
    await byEmail.outbox.record(em, assign);
    expect(byEmail.written[0].rows.filter((r) => r.audience === 'contractor').map((r) => r.channel)).toEqual([
      'email',
    ]);
    const bySms = outbox(recipients({ contractor: { id: 'k1', email: null, phone: '+33698765432' } }));
    await bySms.outbox.record(em, assign);
    expect(bySms.written[0].rows.filter((r) => r.audience === 'contractor')).toEqual([
      expect.objectContaining({ recipientId: 'k1', channel: 'sms', address: '+33698765432' }),
    ]);
  });

  it('reads nothing for an event nobody hears of, and writes nothing for a complaint that is gone', async () => {
    const silent = outbox(recipients());
    await expect(
      silent.outbox.record(em, { ...filed, action: 'note', payload: { visibility: 'internal' } }),
    ).resolves.toBe(0);
    expect(silent.complaints.forEvent).not.toHaveBeenCalled();
    const gone = outbox(null);
    await expect(gone.outbox.record(em, filed)).resolves.toBe(0);
    expect(gone.written).toEqual([]);
  });
});
