import { DomainErrorCode, hashToken } from '@suivi/domain';
import type { Actor, TransitionCommand } from '@suivi/domain';
import { FileComplaint } from './file-complaint';
import { TransitionComplaint } from './transition-complaint';
import { LANDLORD, fakes } from './spec-support.fake';

const AGENT: Actor = { role: 'agent', id: 'u-1' };
const STAFF_SCOPE = {
  kind: 'landlords' as const,
  memberships: [{ landlordId: LANDLORD.id, agencyId: null }],
};

async function setup() {
  const f = fakes();
  const metrics = { transitions: { inc: jest.fn() } };
  const filing = new FileComplaint(f.records, f.urgency, f.events, f.outbox, f.config);
  const transition = new TransitionComplaint(
    f.records,
    f.urgency,
    f.events,
    f.outbox,
    f.config,
    metrics as never,
  );
  const filed = await filing.execute(
    {
      landlordCode: LANDLORD.code,
      category: 'heating',
      description: 'Radiators cold',
      channel: 'phone',
      tenant: { name: 'Ada', email: 'ada@example.org' },
      flags: [],
    },
    AGENT,
  );
  const reference = filed.reference.replace(/-/g, '');
  const complaint = () => [...f.records.complaints.values()][0];
  f.outbox.recorded.length = 0;
  const act = (command: TransitionCommand, version?: number, scope: object = STAFF_SCOPE) =>
    transition.execute(reference, command, version, AGENT, scope as never);
  return { ...f, metrics, reference, complaint, act };
}

describe('TransitionComplaint (fake repository)', () => {
  it('appends the next chained event with the row update, the notifications and the metric', async () => {
    const { act, complaint, records, outbox, metrics } = await setup();
    const headBefore = complaint().headHash;
    const result = await act({ action: 'acknowledge' }, 1);

    expect(result).toMatchObject({
      status: 'acknowledged',
      version: 2,
      event: { seq: 2, action: 'acknowledge' },
    });
    const appended = records.events[1].event;
    expect(appended).toMatchObject({ seq: 2, prevHash: headBefore, fromState: 'received' });
    const [update] = complaint().updates;
    expect(update).toMatchObject({ status: 'acknowledged', version: 2, headHash: appended.hash });
    // The rollup before and after the event: the acknowledgement is recorded.
    expect(update.rollup?.after.acknowledgedAt).toEqual(update.updatedAt);
    expect(update.nextDue?.stage).not.toBe('acknowledge');
    expect(outbox.recorded).toEqual([
      expect.objectContaining({ seq: 2, action: 'acknowledge', actorRole: 'agent' }),
    ]);
    expect(metrics.transitions.inc).toHaveBeenCalledWith({ action: 'acknowledge' });
  });

  it.each([
    ['a stale version', { action: 'acknowledge' }, 7, undefined, DomainErrorCode.StaleVersion],
    [
      'an unknown reference outside the scope',
      { action: 'acknowledge' },
      undefined,
      { kind: 'complaint', complaintId: 'x' },
      DomainErrorCode.NotFound,
    ],
    [
      'an action the state does not allow',
      { action: 'close' },
      undefined,
      undefined,
      DomainErrorCode.InvalidTransition,
    ],
  ] as const)('refuses %s and writes nothing', async (_, command, version, scope, code) => {
    const { act, records, outbox } = await setup();
    await expect(act(command as TransitionCommand, version, scope)).rejects.toMatchObject({ code });
    expect(records.events).toHaveLength(1);
    expect(outbox.recorded).toEqual([]);
  });

  it('assigns only an active contractor of the landlord, with a new work-order link', async () => {
    const { act, records } = await setup();
    await act({ action: 'acknowledge' });
    records.contractors.push({ id: 'k-off', landlordId: LANDLORD.id, active: false });
    await expect(act({ action: 'assign', contractorId: 'k-off' })).rejects.toMatchObject({
      code: DomainErrorCode.InvalidInput,
    });
    expect(records.workOrders).toHaveLength(0);

    records.contractors.push({ id: 'k-1', landlordId: LANDLORD.id, active: true });
    const assigned = await act({ action: 'assign', contractorId: 'k-1' });
    expect(assigned.workOrderToken).toBeDefined();
    expect(records.workOrders).toEqual([
      expect.objectContaining({
        contractorId: 'k-1',
        tokenHash: hashToken(assigned.workOrderToken!),
        revoked: false,
      }),
    ]);
  });

  it('commits the event to a re-decided urgency without editing the draft applyAction built', async () => {
    const { act, complaint, records } = await setup();
    const levelBefore = complaint().urgencyLevel;
    await act({ action: 'reclassify', flags: ['gas_smell'], reason: 'Smell of gas reported' });
    const event = records.events[1].event;
    expect(event.payload).toMatchObject({ flags: ['gas_smell'], urgency: { flags: ['gas_smell'] } });
    const [update] = complaint().updates;
    expect(update.urgency?.level).toBe((event.payload.urgency as { level: string }).level);
    expect(update.urgency?.level).not.toBe(levelBefore);
  });
});
