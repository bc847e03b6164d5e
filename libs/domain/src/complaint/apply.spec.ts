import { DomainErrorCode } from '../errors';
import { applyAction, fileComplaint, offeredActions, reopenableUntil } from './apply';
import type { ComplaintSnapshot, TransitionCommand } from './apply';
import { availableActions } from './transitions';
import { eventLabel } from './labels';
import { ACTIONS, COMPLAINT_STATES, ROLES } from './vocabulary';
import type { Action, ComplaintState, Role } from './vocabulary';

/**
 * The lifecycle table of DESIGN.md restated independently of the code under test, so the test fails if
 * the code's table drifts from the design: [from states, to state (or 'same'), roles].
 */
const STAFF = ['agent', 'supervisor'];
const OPEN = ['received', 'acknowledged', 'assigned', 'works_checked'];
const DESIGN: Record<Action, [string[], string, string[]]> = {
  acknowledge: [['received'], 'acknowledged', STAFF],
  assign: [['acknowledged'], 'assigned', STAFF],
  reassign: [['assigned'], 'assigned', STAFF],
  schedule: [['assigned'], 'same', [...STAFF, 'contractor']],
  report_done: [['assigned'], 'same', ['contractor']],
  check_works: [['assigned'], 'works_checked', [...STAFF, 'tenant']],
  reject_works: [['assigned'], 'same', [...STAFF, 'tenant']],
  close: [['works_checked'], 'closed', STAFF],
  close_without_works: [['received', 'acknowledged'], 'closed', STAFF],
  reopen: [['closed'], 'acknowledged', ['tenant', 'partner', ...STAFF]],
  escalate: [[...OPEN, 'closed'], 'same', ['tenant', 'partner']],
  hold: [OPEN, 'same', STAFF],
  release: [OPEN, 'same', STAFF],
  note: [[...OPEN, 'closed'], 'same', ['tenant', 'partner', 'contractor', ...STAFF]],
  override_urgency: [OPEN, 'same', STAFF],
  reclassify: [OPEN, 'same', STAFF],
  acknowledge_review: [[...OPEN, 'closed'], 'same', STAFF],
  answer_review: [[...OPEN, 'closed'], 'same', STAFF],
};

/**
 * The guard beside the table: works are confirmed or contested only once the contractor reported them done,
 * or by staff recording a visit on site.
 */
const NEEDS_REPORT: readonly Action[] = ['check_works', 'reject_works'];
/** And the guard after it: works reported done are neither booked nor reported again until contested. */
const NEEDS_NO_REPORT: readonly Action[] = ['schedule', 'report_done'];

const NOW = new Date('2026-03-10T10:00:00.000Z');
const policy = { now: NOW, reopenWindowDays: 30 };

/** A command carrying every field the action needs, so only state and role decide the outcome. */
function completeCommand(action: Action, role: Role): TransitionCommand {
  const appointment = { start: new Date('2026-03-12T08:00:00Z'), end: new Date('2026-03-12T10:00:00Z') };
  switch (action) {
    case 'assign':
      return { action, contractorId: 'c-2', appointment };
    case 'reassign':
      return { action, contractorId: 'c-2', reason: 'contractor unavailable' };
    case 'schedule':
      return { action, appointment };
    case 'close':
      return { action, resolution: 'valve replaced' };
    case 'close_without_works':
      return { action, closeReason: 'duplicate', reason: 'same as an earlier report' };
    case 'hold':
      return { action, holdReason: 'parts' };
    case 'note':
      // Each side writes the notes it may: the tenant side in public, a contractor to the landlord only.
      return { action, visibility: role === 'contractor' ? 'internal' : 'public', text: 'hello' };
    case 'override_urgency':
      return { action, urgencyLevel: 'urgent', reason: 'elderly tenant alone' };
    case 'reclassify':
      return { action, flags: ['water_leak'] };
    case 'answer_review':
      return { action, text: 'Stage 2 answer: the boiler will be replaced' };
    case 'reject_works':
    case 'reopen':
    case 'escalate':
      return { action, reason: 'still leaking' };
    default:
      return { action };
  }
}

function snapshot(state: ComplaintState, action: Action, worksReported = true): ComplaintSnapshot {
  return {
    worksReported,
    state,
    category: 'plumbing_leak',
    holdReason: action === 'release' ? 'tenant_no_access' : null,
    contractorId: state === 'assigned' ? 'c-1' : null,
    closedAt: state === 'closed' ? new Date('2026-03-01T10:00:00Z') : null,
    urgencyLevel: 'routine',
  };
}

const cases = COMPLAINT_STATES.flatMap((state) =>
  ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) =>
      [true, false].map(
        (reported) => [state, action, role, reported] as [ComplaintState, Action, Role, boolean],
      ),
    ),
  ),
);

describe('applyAction: every state × action × role × works reported or not', () => {
  it('covers the full product of states, actions, roles and the works-reported fact', () => {
    expect(cases).toHaveLength(COMPLAINT_STATES.length * ACTIONS.length * ROLES.length * 2);
  });

  it.each(cases)('%s · %s · %s · reported %s', (state, action, role, reported) => {
    const [from, to, roles] = DESIGN[action];
    const result = applyAction(
      snapshot(state, action, reported),
      completeCommand(action, role),
      { role, id: 'u-1' },
      policy,
    );
    if (!roles.includes(role)) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(DomainErrorCode.NotAllowed);
    } else if (!from.includes(state)) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(DomainErrorCode.InvalidTransition);
    } else if (!reported && NEEDS_REPORT.includes(action)) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(DomainErrorCode.InvalidTransition);
        expect(result.error.details.worksReported).toBe(false);
      }
    } else if (reported && NEEDS_NO_REPORT.includes(action)) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(DomainErrorCode.InvalidTransition);
        expect(result.error.details.worksReported).toBe(true);
      }
    } else {
      expect(result).toMatchObject({ ok: true });
      if (!result.ok) return;
      const expected = to === 'same' ? state : to;
      expect(result.value.state).toBe(expected);
      expect(result.value.event).toMatchObject({ action, fromState: state, toState: expected, at: NOW });
    }
  });

  it('offeredActions is the table filtered by its guards: before a report, confirm/contest only as a staff visit', () => {
    for (const state of COMPLAINT_STATES) {
      for (const role of ROLES) {
        for (const reported of [true, false]) {
          const inTable = ACTIONS.filter((a) => DESIGN[a][0].includes(state) && DESIGN[a][2].includes(role));
          const complaint = { ...snapshot(state, 'note', reported) };
          const offered = offeredActions(complaint, role, policy);
          const needsVisit = !reported && STAFF.includes(role);
          const expected = inTable
            .filter((a) => reported || needsVisit || !NEEDS_REPORT.includes(a))
            .filter((a) => !reported || !NEEDS_NO_REPORT.includes(a));
          // release is offered only on hold, which this snapshot is not.
          expect(offered.actions).toEqual(expected.filter((a) => a !== 'release'));
          expect(offered.visitOnly).toEqual(
            needsVisit ? expected.filter((a) => NEEDS_REPORT.includes(a)) : [],
          );
        }
      }
    }
  });

  it('availableActions agrees with the design table', () => {
    for (const state of COMPLAINT_STATES) {
      for (const role of ROLES) {
        const expected = ACTIONS.filter((a) => DESIGN[a][0].includes(state) && DESIGN[a][2].includes(role));
        expect(availableActions(state, role)).toEqual(expected);
      }
    }
  });
});

describe('applyAction: preconditions and inputs', () => {
  const agent = { role: 'agent' as const, id: 'a-1' };
  const base: ComplaintSnapshot = {
    state: 'acknowledged',
    category: 'heating',
    holdReason: null,
    contractorId: null,
    closedAt: null,
  };

  it('refuses a second hold and a release without hold', () => {
    const onHold = { ...base, holdReason: 'parts' as const };
    const hold = applyAction(onHold, { action: 'hold', holdReason: 'tenant_request' }, agent, policy);
    expect(!hold.ok && hold.error.code).toBe(DomainErrorCode.InvalidTransition);
    const release = applyAction(base, { action: 'release' }, agent, policy);
    expect(!release.ok && release.error.code).toBe(DomainErrorCode.InvalidTransition);
  });

  it('hold then release records the reason and clears it', () => {
    const hold = applyAction(base, { action: 'hold', holdReason: 'tenant_no_access' }, agent, policy);
    expect(hold.ok && hold.value.changes).toEqual({ holdReason: 'tenant_no_access' });
    const release = applyAction(
      { ...base, holdReason: 'tenant_no_access' },
      { action: 'release' },
      agent,
      policy,
    );
    expect(release.ok && release.value.event.payload).toEqual({ holdReason: 'tenant_no_access' });
    expect(release.ok && release.value.changes).toEqual({ holdReason: null });
  });

  it('allows reopening inside the window only', () => {
    const closed = { ...base, state: 'closed' as const, closedAt: new Date('2026-02-01T10:00:00Z') };
    const inside = applyAction(
      closed,
      { action: 'reopen', reason: 'leak is back' },
      { role: 'tenant', id: null },
      {
        now: new Date('2026-02-20T10:00:00Z'),
        reopenWindowDays: 30,
      },
    );
    expect(inside.ok && inside.value.state).toBe('acknowledged');
    expect(inside.ok && inside.value.changes).toEqual({ closedAt: null, worksReported: false });
    const outside = applyAction(
      closed,
      { action: 'reopen', reason: 'leak is back' },
      { role: 'tenant', id: null },
      {
        now: new Date('2026-03-05T10:00:00Z'),
        reopenWindowDays: 30,
      },
    );
    expect(!outside.ok && outside.error.code).toBe(DomainErrorCode.ReopenWindowExpired);
  });

  it.each<[TransitionCommand, ComplaintSnapshot, string[]]>([
    [{ action: 'assign' }, base, ['contractorId']],
    [{ action: 'reassign' }, { ...base, state: 'assigned', contractorId: 'c-1' }, ['contractorId', 'reason']],
    [
      { action: 'reassign', contractorId: 'c-1', reason: 'x' },
      { ...base, state: 'assigned', contractorId: 'c-1' },
      ['contractorId'],
    ],
    [{ action: 'schedule' }, { ...base, state: 'assigned' }, ['appointment']],
    [
      {
        action: 'schedule',
        appointment: { start: new Date('2026-03-12T10:00Z'), end: new Date('2026-03-12T09:00Z') },
      },
      { ...base, state: 'assigned' },
      ['appointment.end'],
    ],
    [{ action: 'close', resolution: '   ' }, { ...base, state: 'works_checked' }, ['resolution']],
    [{ action: 'close_without_works', closeReason: 'bored', reason: 'x' }, base, ['closeReason']],
    [{ action: 'close_without_works', closeReason: 'withdrawn' }, base, ['reason']],
    [{ action: 'hold', holdReason: 'coffee' }, base, ['holdReason']],
    [{ action: 'note', visibility: 'secret', text: 'x' }, base, ['visibility']],
    [{ action: 'note', visibility: 'public' }, base, ['text']],
    [{ action: 'acknowledge', category: 'unicorns' }, { ...base, state: 'received' }, ['category']],
    [{ action: 'acknowledge', publicText: 'x'.repeat(5001) }, { ...base, state: 'received' }, ['publicText']],
  ])('rejects %j with the failing fields', (command, complaint, fields) => {
    const result = applyAction(complaint, command, agent, policy);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(DomainErrorCode.InvalidInput);
    expect(result.error.details.fields?.map((f) => f.field)).toEqual(fields);
  });

  it('keeps tenants and partners out of internal text', () => {
    const tenant = { role: 'tenant' as const, id: null };
    const note = applyAction(base, { action: 'note', visibility: 'internal', text: 'x' }, tenant, policy);
    expect(!note.ok && note.error.details.fields?.[0].field).toBe('visibility');
    const escalate = applyAction(
      base,
      { action: 'escalate', reason: 'slow', internalText: 'x' },
      tenant,
      policy,
    );
    expect(!escalate.ok && escalate.error.details.fields?.[0].field).toBe('internalText');
  });

  it('keeps contractors to internal text: no public note, no publicText (the link page offers neither)', () => {
    const contractor = { role: 'contractor' as const, id: 'c-1' };
    const assigned = { ...base, state: 'assigned' as const, contractorId: 'c-1' };
    const note = applyAction(
      assigned,
      { action: 'note', visibility: 'public', text: 'x' },
      contractor,
      policy,
    );
    expect(!note.ok && note.error.details.fields?.[0].field).toBe('visibility');
    const done = applyAction(assigned, { action: 'report_done', publicText: 'x' }, contractor, policy);
    expect(!done.ok && done.error.details.fields?.[0].field).toBe('publicText');
    const internal = applyAction(
      assigned,
      { action: 'note', visibility: 'internal', text: 'x' },
      contractor,
      policy,
    );
    expect(internal.ok && internal.value.event.texts).toEqual({ internal: 'x' });
  });

  it.each(['   ', '\u200b\u200b', ' \u200d\u2060\ufeff ', '\u3164', '\t\n'])(
    'refuses a text that shows nothing (%j) as missing',
    (blank) => {
      const cases: [TransitionCommand, string][] = [
        [{ action: 'note', visibility: 'public', text: blank }, 'text'],
        [{ action: 'close_without_works', closeReason: 'duplicate', reason: blank }, 'reason'],
        [{ action: 'override_urgency', urgencyLevel: 'urgent', reason: blank }, 'reason'],
      ];
      for (const [command, field] of cases) {
        const result = applyAction(base, command, agent, policy);
        expect(!result.ok && result.error.details.fields).toEqual([
          { field, code: 'required', message: 'is required', params: {} },
        ]);
      }
      const closing = applyAction(
        { ...base, state: 'works_checked' },
        { action: 'close', resolution: blank },
        agent,
        policy,
      );
      expect(!closing.ok && closing.error.details.fields?.[0].field).toBe('resolution');
    },
  );

  it.each([
    ['starts more than 12 h ago', '2026-03-09T21:00:00Z', '2026-03-09T23:00:00Z', 'appointment.start'],
    ['starts more than a year ahead', '2027-03-12T08:00:00Z', '2027-03-12T10:00:00Z', 'appointment.start'],
    ['year 275760', '+275760-09-12T00:00:00Z', '+275760-09-12T02:00:00Z', 'appointment.start'],
    ['ends before it starts', '2026-03-12T10:00:00Z', '2026-03-12T08:00:00Z', 'appointment.end'],
    ['lasts more than a week', '2026-03-12T08:00:00Z', '2026-03-19T08:00:01Z', 'appointment.end'],
    [
      'is the epoch (true read as a date)',
      '1970-01-01T00:00:00.001Z',
      '1970-01-01T02:00:00Z',
      'appointment.start',
    ],
  ])('refuses an appointment that %s', (_, start, end, field) => {
    const appointment = { start: new Date(start), end: new Date(end) };
    for (const [state, action] of [
      ['assigned', 'schedule'],
      ['acknowledged', 'assign'],
    ] as const) {
      const result = applyAction(
        { ...base, state, contractorId: 'c-1' },
        { action, appointment, contractorId: 'c-2' },
        agent,
        policy,
      );
      expect(!result.ok && result.error.details.fields?.map((f) => f.field)).toEqual([field]);
    }
  });

  it('accepts an appointment that began a few hours ago, or a week-long one a year ahead', () => {
    for (const [start, end] of [
      ['2026-03-10T00:00:00Z', '2026-03-10T12:00:00Z'],
      ['2027-03-10T09:00:00Z', '2027-03-17T09:00:00Z'],
    ]) {
      const appointment = { start: new Date(start), end: new Date(end) };
      const result = applyAction(
        { ...base, state: 'assigned', contractorId: 'c-1' },
        { action: 'schedule', appointment },
        agent,
        policy,
      );
      expect(result.ok).toBe(true);
    }
  });

  it('puts free text in texts, never in the hashed payload', () => {
    const result = applyAction(
      { ...base, state: 'assigned', contractorId: 'c-1' },
      {
        action: 'reassign',
        contractorId: 'c-2',
        reason: 'Mme Dupont refused access',
        publicText: 'New firm',
      },
      agent,
      policy,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.stringify(result.value.event.payload)).not.toContain('Dupont');
    expect(result.value.event.texts).toEqual({ internal: 'Mme Dupont refused access', public: 'New firm' });
    expect(result.value.event.payload).toEqual({ contractorId: 'c-2', previousContractorId: 'c-1' });
  });

  it('acknowledge may correct the category', () => {
    const result = applyAction(
      { ...base, state: 'received' },
      { action: 'acknowledge', category: 'gas' },
      agent,
      policy,
    );
    expect(result.ok && result.value.changes).toEqual({ category: 'gas' });
    expect(result.ok && result.value.event.payload).toEqual({ category: 'gas', previousCategory: 'heating' });
  });
});

describe('works confirmed or contested only once reported (or on a staff visit)', () => {
  const assigned: ComplaintSnapshot = {
    state: 'assigned',
    category: 'locks_security',
    holdReason: null,
    contractorId: 'c-1',
    closedAt: null,
  };
  const tenant = { role: 'tenant' as const, id: null };
  const agent = { role: 'agent' as const, id: 'a-1' };
  const contractor = { role: 'contractor' as const, id: 'c-1' };

  it('refuses the tenant before the report, allows after it', () => {
    const before = applyAction(assigned, { action: 'check_works' }, tenant, policy);
    expect(!before.ok && before.error.code).toBe(DomainErrorCode.InvalidTransition);
    const report = applyAction(assigned, { action: 'report_done' }, contractor, policy);
    expect(report.ok && report.value.changes).toEqual({ worksReported: true });
    const after = applyAction(
      { ...assigned, worksReported: true },
      { action: 'check_works' },
      tenant,
      policy,
    );
    expect(after.ok && after.value.state).toBe('works_checked');
    expect(after.ok && after.value.event.payload).toEqual({ checkedBy: 'tenant' });
  });

  it('lets staff record a visit before any report, and marks it in the payload', () => {
    const noVisit = applyAction(assigned, { action: 'check_works' }, agent, policy);
    expect(!noVisit.ok && noVisit.error.code).toBe(DomainErrorCode.InvalidTransition);
    const visit = applyAction(assigned, { action: 'check_works', visit: true }, agent, policy);
    expect(visit.ok && visit.value.event.payload).toEqual({ checkedBy: 'agent', visit: true });
    const contest = applyAction(
      assigned,
      { action: 'reject_works', visit: true, reason: 'lock still broken' },
      agent,
      policy,
    );
    expect(contest.ok && contest.value.event.payload).toEqual({ rejectedBy: 'agent', visit: true });
  });

  it('never lets the tenant claim a visit', () => {
    const result = applyAction(assigned, { action: 'check_works', visit: true }, tenant, policy);
    expect(!result.ok && result.error.code).toBe(DomainErrorCode.InvalidInput);
    expect(!result.ok && result.error.details.fields?.[0].field).toBe('visit');
  });

  it.each<[TransitionCommand, typeof agent | typeof tenant]>([
    [
      { action: 'reject_works', reason: 'still leaking' },
      { role: 'tenant', id: null },
    ],
    [
      { action: 'reassign', contractorId: 'c-2', reason: 'unavailable' },
      { role: 'agent', id: 'a-1' },
    ],
  ])('%j asks for a new report', (command, actor) => {
    const result = applyAction({ ...assigned, worksReported: true }, command, actor, policy);
    expect(result.ok && result.value.changes.worksReported).toBe(false);
  });

  it('a new assignment starts unreported', () => {
    const result = applyAction(
      { ...assigned, state: 'acknowledged', contractorId: null, worksReported: true },
      { action: 'assign', contractorId: 'c-3' },
      agent,
      policy,
    );
    expect(result.ok && result.value.changes.worksReported).toBe(false);
  });
});

describe('reopen window', () => {
  const closed: ComplaintSnapshot = {
    state: 'closed',
    category: 'heating',
    holdReason: null,
    contractorId: null,
    closedAt: new Date('2026-02-01T10:00:00Z'),
  };
  it('says until when, and stops offering reopen after it', () => {
    expect(reopenableUntil(closed, 30)?.toISOString()).toBe('2026-03-03T10:00:00.000Z');
    const inside = offeredActions(closed, 'tenant', {
      now: new Date('2026-03-03T10:00:00Z'),
      reopenWindowDays: 30,
    });
    expect(inside.actions).toContain('reopen');
    const after = offeredActions(closed, 'tenant', {
      now: new Date('2026-03-03T10:00:01Z'),
      reopenWindowDays: 30,
    });
    expect(after.actions).not.toContain('reopen');
    expect(after.actions).toContain('escalate');
    expect(reopenableUntil({ closedAt: null }, 30)).toBeNull();
  });
});

describe('fileComplaint', () => {
  const input = {
    category: 'heating',
    channel: 'web',
    landlordCode: 'L1',
    agencyCode: null,
    residenceCode: 'R1',
  };
  it('opens a received complaint with a non-personal payload', () => {
    const result = fileComplaint(input, { role: 'tenant', id: null }, NOW);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ action: 'file', fromState: null, toState: 'received' }),
    });
  });
  it('names bad category and channel', () => {
    const result = fileComplaint(
      { ...input, category: 'x', channel: 'pigeon' },
      { role: 'agent', id: 'a' },
      NOW,
    );
    expect(!result.ok && result.error.details.fields?.map((f) => f.field)).toEqual(['category', 'channel']);
  });
  it.each(['contractor', 'federation_auditor', 'landlord_admin', 'platform_admin'] as Role[])(
    'refuses intake by a %s',
    (role) => {
      const result = fileComplaint(input, { role, id: 'x' }, NOW);
      expect(!result.ok && result.error.code).toBe(DomainErrorCode.NotAllowed);
    },
  );
});

describe('override_urgency', () => {
  const base: ComplaintSnapshot = {
    state: 'acknowledged',
    category: 'plumbing_leak',
    holdReason: null,
    contractorId: null,
    closedAt: null,
    urgencyLevel: 'priority',
  };
  const agent = { role: 'agent' as const, id: 'u-1' };

  it('records the new and previous level and keeps the reason as internal text', () => {
    const result = applyAction(
      base,
      { action: 'override_urgency', urgencyLevel: 'urgent', reason: 'asthma' },
      agent,
      policy,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.changes).toEqual({ urgencyLevel: 'urgent' });
    expect(result.value.event.payload).toEqual({
      level: 'urgent',
      previousLevel: 'priority',
      override: true,
    });
    expect(result.value.event.texts).toEqual({ internal: 'asthma' });
  });

  it.each<[Partial<TransitionCommand>, string]>([
    [{ urgencyLevel: 'urgent' }, 'reason'],
    [{ reason: 'x' }, 'urgencyLevel'],
    [{ urgencyLevel: 'priority', reason: 'x' }, 'urgencyLevel'],
    [{ urgencyLevel: 'Not A Level', reason: 'x' }, 'urgencyLevel'],
  ])('refuses %j naming %s', (command, field) => {
    const result = applyAction(base, { action: 'override_urgency', ...command }, agent, policy);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(DomainErrorCode.InvalidInput);
    expect(result.error.details.fields?.map((f) => f.field)).toContain(field);
  });
});

describe('a visit finding (a note written on a home visit)', () => {
  const partner = { role: 'partner' as const, id: 'p-1' };
  const received: ComplaintSnapshot = {
    state: 'received',
    category: 'damp_mould',
    holdReason: null,
    contractorId: null,
    closedAt: null,
  };
  const now = { now: new Date('2026-03-02T10:00:00Z'), reopenWindowDays: 30 };

  it('is a public note marked visit: true in the hashed payload, changing no state', () => {
    const result = applyAction(
      received,
      { action: 'note', visibility: 'public', visit: true, text: 'Moisissures au plafond de la chambre.' },
      partner,
      now,
    );
    expect(result.ok && result.value.state).toBe('received');
    expect(result.ok && result.value.event.payload).toEqual({ visibility: 'public', visit: true });
    expect(result.ok && result.value.event.texts).toEqual({
      public: 'Moisissures au plafond de la chambre.',
    });
  });

  it('a plain note carries no visit mark', () => {
    const result = applyAction(received, { action: 'note', visibility: 'public', text: 'x' }, partner, now);
    expect(result.ok && result.value.event.payload).toEqual({ visibility: 'public' });
  });
});

describe('eventLabel', () => {
  it('names a note marked as a visit a visit finding, and other events as before', () => {
    expect(eventLabel('note', 'fr', { visibility: 'public', visit: true })).toBe(
      'constat de visite au domicile',
    );
    expect(eventLabel('note', 'en', { visibility: 'public' })).toBe('new message');
    expect(eventLabel('note', 'en')).toBe('new message');
    expect(eventLabel('escalate', 'fr', { visit: true })).toBe('réexamen demandé');
  });
});
