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
    const scope = { kind: 'complaint' as const, complaintId: complaint.id };
    return {
      ...f,
      reference: filed.reference.replace(/-/g, ''),
      scope,
      useCase: new ResendNotification(f.records),
    };
  }

  it('puts a failed message back in the outbox', async () => {
    const { useCase, reference, scope, records } = await setup();
    expect(await useCase.execute(reference, 'n-failed', scope)).toEqual({
      id: 'n-failed',
      status: 'pending',
    });
    expect(records.notifications.get('n-failed')?.status).toBe('pending');
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
