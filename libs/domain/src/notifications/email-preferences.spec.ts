import { randomUUID } from 'node:crypto';
import { deriveToken, readUnsubscribeToken, unsubscribeToken } from '../tokens';
import { ESSENTIAL_TENANT_MESSAGES, isEssentialForTenant, tenantChannels, tenantWantsEmail } from './policy';
import { TEMPLATES_BY_AUDIENCE, escapeHtml, renderMessage } from './templates';
import type { Locale, MessageFacts } from './templates';

const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  template: 'acknowledge',
  reference: '7KQ2-M9XD-4HTPC',
  landlordName: 'Habitat <b>"Sud"</b> & Fils',
  nextStep: 'assign_contractor',
  dueBy: new Date('2026-12-24T22:59:59Z'),
  appointment: null,
  stage: null,
  link: 'https://suivi.example.fr/t/AbCdEfGhIjKlMnOpQrStUv?a=1&b="2"',
  timeZone: 'Europe/Paris',
  ...over,
});

describe('tenant e-mails in HTML (issue 16, item 5)', () => {
  it.each(['fr', 'en'] as Locale[])('are a light, accessible document in %s', (locale) => {
    const { html } = renderMessage('tenant', 'email', locale, facts());
    expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}">`));
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>\[7KQ2-M9XD-4HTPC\] [^<]+<\/title>/);
    expect(html).toMatch(/<h1[^>]*>7KQ2-M9XD-4HTPC/);
    // A visible link text that says where it goes, not a bare address.
    expect(html).toMatch(locale === 'fr' ? />Suivre le dossier<\/a>/ : />Follow the case<\/a>/);
    expect(html).not.toMatch(/<img|<link|<script|<style|<table/i);
  });

  it('escapes every fact it carries', () => {
    const { html } = renderMessage(
      'tenant',
      'email',
      'fr',
      facts({ reference: '<i>REF</i>', preferencesLink: 'https://suivi.example.fr/u/x"y' }),
    );
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>REF');
    expect(html).toContain('Habitat &lt;b&gt;&quot;Sud&quot;&lt;/b&gt; &amp; Fils');
    expect(html).toContain('&lt;i&gt;REF&lt;/i&gt;');
    expect(html).toContain(
      'href="https://suivi.example.fr/t/AbCdEfGhIjKlMnOpQrStUv?a=1&amp;b=&quot;2&quot;"',
    );
    expect(html).toContain('href="https://suivi.example.fr/u/x&quot;y"');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('keeps the plain-text alternative as it was', () => {
    const { text } = renderMessage('tenant', 'email', 'en', facts({ landlordName: 'Habitat Sud' }));
    expect(text).toBe(
      [
        '7KQ2-M9XD-4HTPC: taken on by your landlord. Next: visit by 24/12.',
        '',
        'Follow the case: https://suivi.example.fr/t/AbCdEfGhIjKlMnOpQrStUv?a=1&b="2"',
        '',
        '--',
        'You receive this message because you reported a problem to Habitat Sud. To stop text messages, reply STOP.',
      ].join('\n'),
    );
  });

  it.each(['fr', 'en'] as Locale[])(
    'says in its footer how to stop e-mails as well as SMS (%s), in text and HTML',
    (locale) => {
      const link = 'https://suivi.example.fr/u/AAAAAAAAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBBBBBBB';
      const message = renderMessage('tenant', 'email', locale, facts({ preferencesLink: link }));
      const [, footer] = message.text.split('\n--\n');
      expect(footer).toContain('STOP');
      expect(footer).toContain(link);
      expect(footer).toMatch(locale === 'fr' ? /aucun\) : https/ : /or none\): https/);
      expect(message.html).toContain(`href="${link}"`);
      expect(message.html).toMatch(locale === 'fr' ? /STOP/ : /STOP/);
    },
  );

  it('gives no preferences link to staff', () => {
    const { text, html } = renderMessage(
      'agent',
      'email',
      'fr',
      facts({ template: 'deadline_approaching', preferencesLink: 'https://x/u/y' }),
    );
    expect(text).not.toContain('https://x/u/y');
    expect(html).not.toContain('https://x/u/y');
  });

  it('has an HTML alternative for e-mails only', () => {
    for (const audience of Object.keys(TEMPLATES_BY_AUDIENCE) as (keyof typeof TEMPLATES_BY_AUDIENCE)[]) {
      const template = TEMPLATES_BY_AUDIENCE[audience][0];
      expect(renderMessage(audience, 'sms', 'fr', facts({ template })).html).toBeUndefined();
      expect(renderMessage(audience, 'email', 'fr', facts({ template })).html).toContain('<html lang="fr">');
    }
  });
});

describe('essential messages and the e-mail preference', () => {
  it('defines the essential set: acknowledgement, appointment, works to confirm, closing', () => {
    expect([...ESSENTIAL_TENANT_MESSAGES].sort()).toEqual(
      [
        'acknowledge',
        'answer_review',
        'close',
        'close_without_works',
        'file',
        'report_done',
        'schedule',
        'tracking_link',
      ].sort(),
    );
    expect(isEssentialForTenant('assign')).toBe(false);
    expect(isEssentialForTenant('assign', true)).toBe(true);
    expect(isEssentialForTenant('note')).toBe(false);
    expect(isEssentialForTenant('check_works')).toBe(false);
  });

  it.each([
    ['all', 'note', true],
    ['all', 'close', true],
    ['essential', 'note', false],
    ['essential', 'reopen', false],
    ['essential', 'close', true],
    ['essential', 'report_done', true],
    ['none', 'close', false],
    ['none', 'note', false],
  ] as const)('%s: %s → %s', (preference, template, wanted) => {
    expect(tenantWantsEmail(preference, template)).toBe(wanted);
  });

  it('drops e-mail without SMS standing in for it', () => {
    const has = { phone: true, email: true, smsOptOut: false };
    expect(tenantChannels('both', { ...has, emailOptOut: true })).toEqual(['sms']);
    expect(tenantChannels('email', { ...has, emailOptOut: true })).toEqual([]);
    expect(tenantChannels('email', { ...has, emailOptOut: false })).toEqual(['email']);
    expect(tenantChannels('sms', { ...has, smsOptOut: true, emailOptOut: true })).toEqual([]);
  });
});

describe('unsubscribe tokens', () => {
  const secret = 'a-secret-for-the-unit-tests-only-0123456789';

  it('open the complaint they were made for, and nothing else', () => {
    const id = randomUUID();
    const token = unsubscribeToken(secret, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(readUnsubscribeToken(secret, token)).toBe(id);
    expect(readUnsubscribeToken('another-secret-another-secret-0123456789', token)).toBeNull();
    const other = randomUUID();
    const forged = unsubscribeToken(secret, other).slice(0, 22) + token.slice(22);
    expect(readUnsubscribeToken(secret, forged)).toBeNull();
    expect(readUnsubscribeToken(secret, token.slice(1))).toBeNull();
    expect(readUnsubscribeToken(secret, 42)).toBeNull();
  });

  it('is never the tracking token', () => {
    const id = randomUUID();
    expect(unsubscribeToken(secret, id)).not.toContain(deriveToken(secret, 'track', id));
  });
});
