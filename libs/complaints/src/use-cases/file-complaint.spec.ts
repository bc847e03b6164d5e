import { DomainErrorCode, GENESIS_HASH, hashToken, parseReference } from '@suivi/domain';
import type { DomainError } from '@suivi/domain';
import { FileComplaint } from './file-complaint';
import type { FileComplaintCommand } from './file-complaint';
import { LANDLORD, fakes } from './spec-support.fake';

const COMMAND: FileComplaintCommand = {
  landlordCode: LANDLORD.code,
  category: 'heating',
  description: 'No heating since yesterday',
  channel: 'web',
  tenant: { name: ' Ada Lovelace ', phone: '06 12 34 56 78', email: 'Ada@Example.org' },
  flags: ['no_heating'],
};

function setup() {
  const f = fakes();
  const useCase = new FileComplaint(f.records, f.urgency, f.events, f.outbox, f.config);
  return { ...f, useCase };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('FileComplaint (fake repository)', () => {
  it('writes the complete complaint, its first event and its notifications in one transaction', async () => {
    const { useCase, records, outbox, config } = setup();
    const filed = await useCase.execute(
      COMMAND,
      { role: 'tenant', id: null },
      {
        partnerOrganisationId: 'p-1',
        caseReference: 'CASE-9',
      },
    );

    expect(records.transactions).toBe(1);
    expect(records.complaints.size).toBe(1);
    const [stored] = [...records.complaints.values()];
    expect(stored.reference).toBe(parseReference(filed.reference));
    // One insert holds what filing used to add with a second UPDATE.
    expect(stored.filed).toMatchObject({
      landlordId: LANDLORD.id,
      category: 'heating',
      flags: ['no_heating'],
      tenant: {
        name: 'Ada Lovelace',
        phone: '+33612345678',
        email: 'ada@example.org',
        preferredChannel: 'both',
      },
      trackingTokenHash: hashToken(filed.trackingToken),
      partner: { organisationId: 'p-1', caseReference: 'CASE-9' },
      urgency: { level: filed.urgency?.level },
      nextDue: { stage: 'acknowledge' },
    });
    expect(filed.trackingToken).not.toBe(config.linkSecret);
    expect(filed).toMatchObject({ status: 'received', version: 1 });

    const [first] = records.events;
    expect(first.event).toMatchObject({
      seq: 1,
      action: 'file',
      prevHash: GENESIS_HASH,
      toState: 'received',
    });
    expect(stored.headHash).toBe(first.event.hash);
    expect(outbox.recorded).toEqual([
      {
        complaintId: stored.id,
        seq: 1,
        action: 'file',
        actorRole: 'tenant',
        payload: first.event.payload,
        at: first.at,
      },
    ]);
  });

  it.each([
    ['an unknown landlord', { ...COMMAND, landlordCode: 'NOPE' }, () => true, 'landlordCode'],
    ['a landlord outside the staff scope', COMMAND, () => false, 'landlordCode'],
    [
      'a phone that is not a number',
      { ...COMMAND, tenant: { name: 'A', phone: '12' } },
      () => true,
      'tenant.phone',
    ],
    ['an unknown agency', { ...COMMAND, agencyCode: 'X' }, () => true, 'agencyCode'],
  ])('refuses %s naming the field, and writes nothing', async (_, command, inScope, field) => {
    const { useCase, records, outbox } = setup();
    const error = await refusal(useCase.execute(command, { role: 'agent', id: 'u-1' }, undefined, inScope));
    expect(error.code).toBe(DomainErrorCode.InvalidInput);
    expect(error.details.fields?.map((f) => f.field)).toContain(field);
    expect(records.complaints.size).toBe(0);
    expect(outbox.recorded).toEqual([]);
  });

  it('draws another reference when the first one clashes, and gives up after five', async () => {
    const { useCase, records } = setup();
    const clash = () => Object.assign(new Error('duplicate key'), { code: '23505' });
    records.insertFailures.push(clash());
    await useCase.execute(COMMAND, { role: 'tenant', id: null });
    expect(records.transactions).toBe(2);
    expect(records.complaints.size).toBe(1);

    records.insertFailures.push(clash(), clash(), clash(), clash(), clash());
    await expect(useCase.execute(COMMAND, { role: 'tenant', id: null })).rejects.toMatchObject({
      code: '23505',
    });
    expect(records.complaints.size).toBe(1);
  });

  it('checks a contact before filing: a landline cannot take SMS', async () => {
    const { useCase } = setup();
    const fields = await useCase.checkContact(LANDLORD.code, {
      name: 'A',
      phone: '01 23 45 67 89',
      preferredChannel: 'sms',
    });
    expect(fields.map((f) => f.field)).toEqual(['tenant.phone']);
    expect(await useCase.checkContact('NOPE', { name: 'A', phone: '12' })).toEqual([]);
  });
});
