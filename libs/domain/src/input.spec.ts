import { hasVisibleText, isMailbox, parseIsoDateTime, visibleText } from './input';

describe('hasVisibleText / visibleText', () => {
  it.each([
    '',
    '   ',
    '\u200b',
    '\u200b\u200c\u200d\u2060\ufeff',
    '\u00a0\u3000',
    '\u3164\u115f',
    '\u2800',
    '\n\t',
    '\u0301\u0301',
    '\u20dd',
    '\u0007\u001b',
  ])('finds nothing to show in %j', (blank) => {
    expect(hasVisibleText(blank)).toBe(false);
    expect(visibleText(blank)).toBeUndefined();
  });

  it('keeps real text, trimmed, including accents and emoji', () => {
    expect(visibleText('  Élodie Martin ')).toBe('Élodie Martin');
    expect(visibleText('\u200bA')).toBe('\u200bA');
    expect(hasVisibleText('🔥')).toBe(true);
    expect(hasVisibleText('e\u0301')).toBe(true);
  });
});

describe('isMailbox', () => {
  it.each(['amina@example.org', 'marie.dupont+suivi@bailleur.example', "o'neil@x.co.uk"])(
    'accepts %s',
    (a) => {
      expect(isMailbox(a)).toBe(true);
    },
  );

  it.each([
    '"a b"@example.org',
    '"a\nBcc: x@evil.example"@example.org',
    'a@example.org\n',
    'a\r\n@example.org',
    'a b@example.org',
    'a..b@example.org',
    '.a@example.org',
    'a@example',
    'a@-x.org',
    '(comment)a@example.org',
    'a@[127.0.0.1]',
  ])('refuses %j', (a) => {
    expect(isMailbox(a)).toBe(false);
  });
});

describe('parseIsoDateTime', () => {
  it.each([
    ['2026-12-01T08:00:00+01:00', '2026-12-01T07:00:00.000Z'],
    ['2026-12-01T07:00Z', '2026-12-01T07:00:00.000Z'],
    ['2028-02-29T10:00:00.5-05:30', '2028-02-29T15:30:00.500Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseIsoDateTime(text)?.toISOString()).toBe(iso);
  });

  it.each([
    true,
    0,
    null,
    {},
    '2026-02-30T08:00:00Z',
    '2027-02-29T08:00:00Z',
    '2026-12-01T24:00:00Z',
    '2026-12-01T08:60:00Z',
    '2026-12-01T08:00:00',
    '2026-12-01',
    '+275760-09-13T00:00:00Z',
    '275760-09-13T00:00:00Z',
    '2026-12-01T08:00:00+25:00',
    '2026-12-01 08:00:00Z',
  ])('refuses %j', (value) => {
    expect(parseIsoDateTime(value)).toBeNull();
  });
});
