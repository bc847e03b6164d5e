import { AUDIENCES } from './policy';
import { NEXT_STEPS, TEMPLATES_BY_AUDIENCE, renderMessage } from './templates';
import type { Locale, MessageFacts } from './templates';
import { smsEncoding } from './gsm7';
import { audiencesFor, tenantChannels } from './policy';

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
