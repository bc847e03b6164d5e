import { AUDIENCES } from './policy';
import { NEXT_STEPS, TEMPLATES_BY_AUDIENCE, renderMessage } from './templates';
import type { Locale, MessageFacts } from './templates';
import { smsEncoding } from './gsm7';
import { INTERNAL_EVENTS, audiencesFor, tenantChannels } from './policy';
import { nextStepAfter } from '../complaint/next-step';

/** Realistic values at their longest: a real reference, a long landlord domain, a 128-bit link token. */
const facts = (template: string, nextStep: string | null): MessageFacts => ({
  template,
  reference: '7KQ2-M9XD-4HTPC',
  landlordName: 'Office Public de l’Habitat de la Métropole Européenne',
  nextStep,
  dueBy: new Date('2026-12-24T22:59:59Z'),
  appointment: { start: new Date('2026-12-01T07:00:00Z'), end: new Date('2026-12-01T11:30:00Z') },
  stage: 'review_acknowledge',
  link: 'https://suivi.habitat-metropole-exemple.fr/t/AbCdEfGhIjKlMnOpQrStUv',
  timeZone: 'Europe/Paris',
});

const cases = AUDIENCES.flatMap((audience) =>
  TEMPLATES_BY_AUDIENCE[audience].flatMap((template) =>
    (['fr', 'en'] as Locale[]).flatMap((locale) =>
      [...NEXT_STEPS, null].map((step) => [audience, template, locale, step] as const),
    ),
  ),
);

describe('SMS templates', () => {
  it.each(cases)('%s %s (%s, next step %s) fits one GSM-7 segment', (audience, template, locale, step) => {
    const { text } = renderMessage(audience, 'sms', locale, facts(template, step));
    const encoding = smsEncoding(text);
    expect({ text, encoding: encoding.encoding, segments: encoding.segments }).toEqual({
      text,
      encoding: 'GSM-7',
      segments: 1,
    });
    expect(text).toContain('7KQ2-M9XD-4HTPC');
    expect(text).toContain('https://suivi.habitat-metropole-exemple.fr/t/');
  });
});

describe('email templates', () => {
  it.each(AUDIENCES.flatMap((a) => (['fr', 'en'] as Locale[]).map((l) => [a, l] as const)))(
    '%s in %s carries the reference, what happened, the next step with its date, and the link',
    (audience, locale) => {
      const template = TEMPLATES_BY_AUDIENCE[audience][0];
      const message = renderMessage(audience, 'email', locale, facts(template, 'carry_out_works'));
      expect(message.subject).toMatch(/^\[7KQ2-M9XD-4HTPC\] /);
      expect(message.text).toContain('https://suivi.habitat-metropole-exemple.fr/t/');
      expect(message.text).toContain('24/12');
    },
  );

  it('speaks the tenant’s language', () => {
    expect(renderMessage('tenant', 'email', 'fr', facts('acknowledge', 'assign_contractor')).text).toContain(
      'pris en charge. Suite : intervention avant le 24/12.',
    );
    expect(renderMessage('tenant', 'email', 'en', facts('acknowledge', 'assign_contractor')).text).toContain(
      'taken on by your landlord. Next: visit by 24/12.',
    );
    expect(renderMessage('tenant', 'sms', 'fr', facts('schedule', null)).text).toContain(
      'RDV le 01/12 de 08:00 à 12:30.',
    );
  });
});

describe('smsEncoding', () => {
  it.each([
    ['Bonjour', 'GSM-7', 7, 1],
    ['é è à ù', 'GSM-7', 7, 1],
    ['€', 'GSM-7', 2, 1],
    ['fenêtre', 'UCS-2', 7, 1],
    ['x'.repeat(161), 'GSM-7', 161, 2],
    ['ç'.repeat(71), 'UCS-2', 71, 2],
  ])('%s → %s, %i units, %i segment(s)', (text, encoding, units, segments) => {
    expect(smsEncoding(text)).toEqual({ encoding, units, segments });
  });
});

describe('who hears about what', () => {
  it.each([
    ['file', 'agent', {}, ['tenant', 'partner']],
    ['file', 'tenant', {}, ['tenant', 'partner']],
    ['acknowledge', 'agent', {}, ['tenant', 'partner']],
    ['assign', 'agent', {}, ['tenant', 'partner', 'contractor']],
    ['schedule', 'contractor', {}, ['tenant', 'partner']],
    ['report_done', 'contractor', {}, ['tenant', 'partner']],
    ['check_works', 'tenant', {}, []],
    ['reject_works', 'tenant', {}, ['agent']],
    ['note', 'agent', { visibility: 'internal' }, []],
    ['note', 'agent', { visibility: 'public' }, ['tenant', 'partner']],
    ['note', 'tenant', { visibility: 'public' }, ['agent']],
    ['escalate', 'tenant', {}, ['tenant', 'partner', 'supervisor']],
    ['override_urgency', 'agent', {}, []],
    ['deadline_approaching', 'system', {}, ['agent']],
    ['deadline_missed', 'system', {}, ['supervisor']],
    ['contractor_chased', 'system', {}, ['contractor']],
  ] as const)('%s by %s %j → %j', (action, actorRole, payload, expected) => {
    expect(audiencesFor({ action, actorRole, payload })).toEqual(expected);
  });

  it.each([
    ['sms', true, true, false, ['sms']],
    ['sms', false, true, false, ['email']],
    ['sms', true, true, true, ['email']],
    ['email', true, false, false, ['sms']],
    ['both', true, true, false, ['email', 'sms']],
    ['both', true, true, true, ['email']],
    ['none', true, true, false, []],
    ['sms', true, false, true, []],
  ] as const)(
    'prefers %s with phone=%s email=%s opted out=%s → %j',
    (pref, phone, email, smsOptOut, expected) => {
      expect(tenantChannels(pref, { phone, email, smsOptOut })).toEqual(expected);
    },
  );
});

describe('issue 14 J3: every template × state × language × deadline kind says the date a person should read', () => {
  const DEADLINES = [
    // [kind, the instant, what French says, what English says]
    ['end of day (23:59:59 local)', '2026-12-24T22:59:59Z', '24/12', '24/12'],
    ['local midnight closing the day', '2026-12-24T23:00:00Z', '24/12', '24/12'],
    ['hour-based, 07:15 local', '2026-11-30T06:15:00Z', '30/11 à 07:15', '30/11 at 07:15'],
  ] as const;
  const STATES = ['received', 'acknowledged', 'assigned', 'works_checked', 'closed'] as const;
  const rows = AUDIENCES.flatMap((audience) =>
    TEMPLATES_BY_AUDIENCE[audience].flatMap((template) =>
      STATES.flatMap((state) =>
        (['fr', 'en'] as Locale[]).flatMap((locale) =>
          DEADLINES.map((deadline) => [audience, template, state, locale, ...deadline] as const),
        ),
      ),
    ),
  );

  it.each(rows)('%s %s in %s (%s), deadline %s', (audience, template, state, locale, _kind, at, fr, en) => {
    // The next step as the delivery derives it: the tracking page's function, as of this event.
    const step = nextStepAfter(state, null, ['file', 'acknowledge', template]);
    const message = {
      ...facts(template, step?.step ?? null),
      dueBy: new Date(at),
      appointment: null,
    };
    for (const channel of ['sms', 'email'] as const) {
      const { text } = renderMessage(audience, channel, locale, message);
      const expected = locale === 'fr' ? fr : en;
      const shownDate = /(\d\d\/\d\d)( (à|at) \d\d:\d\d)?/.exec(text);
      if (shownDate) expect(shownDate[0]).toBe(expected);
      // Never the day after a deadline that closes a day, never a bare day for a time-bound one.
      expect(text).not.toContain('25/12');
      if (audience === 'tenant' && template === 'report_done' && state === 'assigned') {
        expect(text).toContain(locale === 'fr' ? 'confirmer les travaux' : 'confirm the works');
        expect(text).not.toMatch(/Suite : travaux|Next: works/);
        // The landlord's deadline is not the tenant's: no "by" date on their own step.
        expect(shownDate).toBeNull();
      }
    }
  });

  it.each(['assign', 'reassign', 'schedule'])(
    'an appointment booked with %s is in the tenant’s SMS, whoever booked it',
    (template) => {
      const { text } = renderMessage('tenant', 'sms', 'fr', facts(template, 'carry_out_works'));
      expect(text).toContain('RDV le 01/12 de 08:00 à 12:30');
    },
  );

  it('staff alerts are internal: never a tenant event', () => {
    for (const action of INTERNAL_EVENTS) {
      expect(audiencesFor({ action, actorRole: 'system', payload: {} })).not.toContain('tenant');
    }
  });
});

describe('closing and merged messages (issue 16)', () => {
  /** The reopen limit at its longest: an instant that is not a day's end, so it carries a time. */
  const closing = (template: string, nextStep: string | null, summarises = 0): MessageFacts => ({
    ...facts(template, nextStep),
    reopenableUntil: new Date('2026-12-24T14:04:00Z'),
    summarises,
  });
  const tenantCases = ['tenant', 'partner'].flatMap((audience) =>
    TEMPLATES_BY_AUDIENCE[audience as 'tenant'].flatMap((template) =>
      (['fr', 'en'] as Locale[]).flatMap((locale) =>
        [...NEXT_STEPS, null].flatMap((step) =>
          [0, 4].map((n) => [audience as 'tenant', template, locale, step, n] as const),
        ),
      ),
    ),
  );

  it.each(tenantCases)(
    '%s %s (%s, next step %s, summing up %i) fits one GSM-7 segment',
    (audience, template, locale, step, n) => {
      const { text } = renderMessage(audience, 'sms', locale, closing(template, step, n));
      const encoding = smsEncoding(text);
      expect({ text, encoding: encoding.encoding, segments: encoding.segments }).toEqual({
        text,
        encoding: 'GSM-7',
        segments: 1,
      });
    },
  );

  it.each([
    ['close', 'fr', "7KQ2-M9XD-4HTPC : dossier clos. Notez ou rouvrez jusqu'au 24/12 à 15:04 :"],
    ['close', 'en', '7KQ2-M9XD-4HTPC: case closed. Rate it, or reopen it until 24/12 at 15:04:'],
    [
      'close_without_works',
      'fr',
      "7KQ2-M9XD-4HTPC : clos sans travaux. Notez ou rouvrez jusqu'au 24/12 à 15:04 :",
    ],
    [
      'close_without_works',
      'en',
      '7KQ2-M9XD-4HTPC: case closed without works. Rate it, or reopen it until 24/12 at 15:04:',
    ],
  ] as const)('%s in %s asks for the rating and says until when the case can be reopened', (t, l, line) => {
    const sms = renderMessage('tenant', 'sms', l, closing(t, null)).text;
    expect(sms).toBe(`${line} https://suivi.habitat-metropole-exemple.fr/t/AbCdEfGhIjKlMnOpQrStUv`);
    const email = renderMessage('tenant', 'email', l, closing(t, null));
    expect(email.text.split('\n')[0]).toBe(line);
  });

  it('a reopen limit at a day’s end reads as that day alone', () => {
    const text = renderMessage('tenant', 'sms', 'fr', {
      ...closing('close', null),
      reopenableUntil: new Date('2026-12-24T23:00:00Z'),
    }).text;
    expect(text).toContain("rouvrez jusqu'au 24/12 :");
  });

  it('a merged message says where the case stands now, and the e-mail how many it stands for', () => {
    expect(renderMessage('tenant', 'sms', 'fr', closing('acknowledge', 'assign_contractor', 3)).text).toMatch(
      /^7KQ2-M9XD-4HTPC à ce jour : pris en charge\. Intervention avant le 24\/12\. https:/,
    );
    expect(renderMessage('tenant', 'sms', 'en', closing('close', null, 3)).text).toMatch(
      /^7KQ2-M9XD-4HTPC now: case closed\. Rate it, or reopen it until 24\/12 at 15:04: https:/,
    );
    expect(renderMessage('tenant', 'email', 'fr', closing('close', null, 3)).text).toContain(
      'Ce message en remplace 4 : il dit où en est le dossier',
    );
  });

  it('after the works are reported done, the tenant is asked to confirm, with no landlord date', () => {
    const step = nextStepAfter('assigned', null, ['file', 'acknowledge', 'assign', 'report_done']);
    expect(step).toEqual({ by: 'tenant', step: 'confirm_works' });
    const text = renderMessage('tenant', 'sms', 'en', facts('report_done', step?.step ?? null)).text;
    expect(text).toContain('works done, please confirm. Next: your turn, confirm the works.');
    expect(text).not.toContain('24/12');
  });
});
