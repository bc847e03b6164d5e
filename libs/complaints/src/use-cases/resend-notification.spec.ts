import { DomainErrorCode } from '@suivi/domain';
import { FileComplaint } from './file-complaint';
import { ResendNotification } from './resend-notification';
import { LANDLORD, fakes } from './spec-support.fake';

describe('ResendNotification (fake repository)', () => {
  async function setup() {
    const f = fakes();
    const filed = await new FileComplaint(f.records, f.urgency, f.events, f.outbox, f.config).execute(
      {
        landlordCode: LANDLORD.code,
        category: 'heating',
        description: 'Cold',
        channel: 'web',
        tenant: { name: 'Ada', email: 'ada@example.org' },
      },
      { role: 'tenant', id: null },
    );
    const [complaint] = f.records.complaints.values();
    f.records.notifications.set('n-failed', { complaintId: complaint.id, status: 'failed' });
    f.records.notifications.set('n-sent', { complaintId: complaint.id, status: 'sent' });
    f.records.notifications.set('n-undelivered', { complaintId: complaint.id, status: 'undelivered' });
    const scope = { kind: 'complaint' as const, complaintId: complaint.id };
    return {
      ...f,
      reference: filed.reference.replace(/-/g, ''),
      scope,
      // The notifications' resender, on the fake's rows: unknown, failed and undelivered go back (issue 16).
      useCase: new ResendNotification(f.records, {
        preview: async () => 'x',
        resend: async (id: string) => {
          const n = f.records.notifications.get(id);
          if (!n) return null;
          if (!['unknown', 'failed', 'undelivered'].includes(n.status)) return { refused: n.status };
          n.status = 'pending';
          return {
            id,
            status: 'pending' as const,
            channel: 'sms' as const,
            sendAt: '2026-11-30T07:00:00.000Z',
            heldForQuietHours: true,
            text: 'x',
          };
        },
      }),
    };
  }

  it('puts a failed message back in the outbox', async () => {
    const { useCase, reference, scope, records } = await setup();
    expect(await useCase.execute(reference, 'n-failed', scope)).toMatchObject({
      id: 'n-failed',
      status: 'pending',
    });
    expect(records.notifications.get('n-failed')?.status).toBe('pending');
  });

  it('puts an undelivered message back too, and says when and what it sends', async () => {
    const { useCase, reference, scope, records } = await setup();
    expect(await useCase.execute(reference, 'n-undelivered', scope)).toEqual({
      id: 'n-undelivered',
      status: 'pending',
      channel: 'sms',
      sendAt: '2026-11-30T07:00:00.000Z',
      heldForQuietHours: true,
      text: 'x',
    });
    expect(records.notifications.get('n-undelivered')?.status).toBe('pending');
  });

  it('answers 409 for a message in another status and 404 for one outside the scope', async () => {
    const { useCase, reference, scope } = await setup();
    await expect(useCase.execute(reference, 'n-sent', scope)).rejects.toMatchObject({
      code: DomainErrorCode.InvalidTransition,
      details: { current: { status: 'sent' } },
    });
    await expect(
      useCase.execute(reference, 'n-failed', { kind: 'complaint', complaintId: 'other' }),
    ).rejects.toMatchObject({ code: DomainErrorCode.NotFound });
    await expect(useCase.execute(reference, 'n-none', scope)).rejects.toMatchObject({
      code: DomainErrorCode.NotFound,
    });
  });
});
