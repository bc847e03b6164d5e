import {
  findReference,
  formatReference,
  newReference,
  parseReference,
  readReference,
  REFERENCE_LENGTH,
  referenceSearchOf,
} from './reference';

describe('references', () => {
  it('are 13 Crockford symbols and parse back to themselves', () => {
    for (let i = 0; i < 2000; i++) {
      const ref = newReference();
      expect(ref).toHaveLength(REFERENCE_LENGTH);
      expect(ref.slice(0, 12)).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(parseReference(ref)).toBe(ref);
      expect(parseReference(formatReference(ref))).toBe(ref);
    }
  });

  it('encode 60 random bits (all-zero and all-one inputs)', () => {
    expect(newReference(() => new Uint8Array(8))).toBe('0000000000000');
    expect(newReference(() => new Uint8Array(8).fill(255)).slice(0, 12)).toBe('ZZZZZZZZZZZZ');
  });

  it('end in one of the 32 letters and digits, never a check symbol people cannot type', () => {
    for (let i = 0; i < 5000; i++) expect(newReference()).toMatch(/^[0-9A-HJKMNP-TV-Z]{13}$/);
  });

  it('keep references issued with the old mod-37 check symbol valid', () => {
    // Issued before: 60 bits, check = Crockford's mod-37 symbol.
    for (const old of ['0000000000000', 'ZZZZZZZZZZZZ$', '0G4212J44108X', '7K3M9QXAB2C4~']) {
      const data = old.slice(0, 12);
      let value = 0n;
      for (const c of data) value = value * 32n + BigInt('0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c));
      const legacy = data + '0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U'[Number(value % 37n)];
      expect(parseReference(legacy)).toBe(legacy);
      expect(parseReference(formatReference(legacy).toLowerCase())).toBe(legacy);
    }
  });

  it('accept every typographic variant a person or a phone keyboard produces', () => {
    const ref = newReference(() => Uint8Array.from([0, 0x10, 0x42, 0x08, 0x21, 0x84, 0x10, 0x01]));
    const [a, b, c] = [ref.slice(0, 4), ref.slice(4, 8), ref.slice(8)];
    const fullWidth = (s: string) =>
      [...s].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    for (const sep of [
      '‐',
      '‑',
      '‒',
      '–',
      '—',
      '―',
      '−',
      '\u00a0',
      '\u2009',
      '\u202f',
      '\u3000',
      ' - ',
      '.',
      '_',
    ]) {
      expect({ sep, ref: parseReference(`${a}${sep}${b}${sep}${c}`) }).toEqual({ sep, ref });
    }
    expect(parseReference(fullWidth(ref))).toBe(ref);
    expect(parseReference(`${fullWidth(a)}\uff0d${fullWidth(b)}\u3000${c.toLowerCase()}`)).toBe(ref);
    expect(parseReference(formatReference(ref, true))).toBe(ref);
  });

  it('tell a wrong or missing check symbol apart from junk (re-check, not a miss)', () => {
    const ref = newReference(() => Uint8Array.from([9, 8, 7, 6, 5, 4, 3, 2]));
    const wrong = ref.slice(0, 12) + (ref[12] === 'A' ? 'B' : 'A');
    // The wrong symbol could, 1 time in 37, pass the old scheme; pick one that does not.
    if (parseReference(wrong) === null) expect(readReference(wrong)).toEqual({ ok: false, reason: 'check' });
    expect(readReference(ref.slice(0, 12))).toEqual({ ok: false, reason: 'check' });
    expect(readReference(formatReference(ref).slice(0, 14))).toEqual({ ok: false, reason: 'check' });
    expect(readReference('hello')).toEqual({ ok: false, reason: 'malformed' });
    expect(readReference(ref)).toEqual({ ok: true, reference: ref });
  });

  it('show non-breaking hyphens for headings', () => {
    expect(formatReference('7K3M9QXAB2C4D', true)).toBe('7K3M\u20119QXA\u2011B2C4D');
  });

  it('are not sequential', () => {
    const refs = new Set(Array.from({ length: 5000 }, () => newReference()));
    expect(refs.size).toBe(5000);
  });

  it('tolerate case, hyphens, spaces, I/L for 1 and O for 0', () => {
    const ref = newReference(() => Uint8Array.from([0, 0x10, 0x42, 0x08, 0x21, 0x84, 0x10, 0x01]));
    const typed = formatReference(ref).toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o');
    expect(parseReference(typed)).toBe(ref);
    expect(parseReference(` ${ref.slice(0, 4)} ${ref.slice(4, 8)} ${ref.slice(8)} `)).toBe(ref);
    expect(parseReference(ref.replace(/1/g, 'I'))).toBe(ref);
  });

  it('reject a wrong check symbol, a changed symbol, swaps, bad lengths and junk', () => {
    // The new check symbol catches every single substitution and every adjacent swap; the old mod-37 one,
    // still accepted, lets about 1 in 37 of them through (they are then unknown references, counted as such).
    let passed = 0;
    let tried = 0;
    for (const bytes of [
      [1, 2, 3, 4, 5, 6, 7, 8],
      [255, 0, 31, 64, 2, 250, 9, 77],
      [0, 0, 0, 0, 0, 0, 0, 1],
    ]) {
      const ref = newReference(() => Uint8Array.from(bytes));
      const mutations = new Set<string>();
      const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
      for (let i = 0; i < 13; i++) {
        for (const c of alphabet) if (c !== ref[i]) mutations.add(ref.slice(0, i) + c + ref.slice(i + 1));
      }
      for (let i = 0; i < 12; i++) {
        if (ref[i] !== ref[i + 1]) mutations.add(ref.slice(0, i) + ref[i + 1] + ref[i] + ref.slice(i + 2));
      }
      for (const m of mutations) {
        tried += 1;
        if (parseReference(m) !== null) passed += 1;
      }
    }
    expect(passed / tried).toBeLessThan(1 / 30);
    const ref = newReference(() => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    for (const junk of [
      '',
      'ABC',
      ref + '0',
      ref.slice(0, 12),
      'UUUUUUUUUUUUU',
      '!!!!!!!!!!!!!',
      null,
      42,
      'x'.repeat(100),
    ]) {
      expect(parseReference(junk)).toBeNull();
    }
  });
});

describe('new check symbol (Damm over GF(32))', () => {
  it('catches every single substitution and every adjacent swap of a new reference', () => {
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let n = 0; n < 30; n++) {
      const ref = newReference();
      const data = ref.slice(0, 12);
      const checkOf = (d: string) => newReferenceFromData(d)[12];
      for (let i = 0; i < 12; i++) {
        for (const c of alphabet) {
          if (c === data[i]) continue;
          expect(checkOf(data.slice(0, i) + c + data.slice(i + 1))).not.toBe(ref[12]);
        }
        if (i < 11 && data[i] !== data[i + 1]) {
          const swapped = data.slice(0, i) + data[i + 1] + data[i] + data.slice(i + 2);
          expect(checkOf(swapped)).not.toBe(ref[12]);
        }
      }
      // The check symbol swapped with the last data symbol is caught too.
      if (ref[11] !== ref[12]) {
        const swapped = ref.slice(0, 11) + ref[12] + ref[11];
        expect(checkOf(swapped.slice(0, 12))).not.toBe(swapped[12]);
      }
    }
  });
});

describe('findReference: a reference anywhere in a text message', () => {
  const ref = newReference(() => Uint8Array.from([3, 1, 4, 1, 5, 9, 2, 6]));
  const shown = formatReference(ref);
  it.each([
    ref,
    `STATUT ${shown}`,
    `Statut : ${shown}`,
    `statut: ${shown.toLowerCase()}`,
    `STATUT${ref}`,
    `${shown} 🙂`,
    `${shown}👍🏽`,
    `Bonjour, où en est mon dossier ${shown} ? Merci`,
    `status ${ref.slice(0, 4)} ${ref.slice(4, 8)} ${ref.slice(8)}`,
    `Statut\u00a0:\u00a0${shown.replace(/-/g, '\u2013')}`,
    `ＳＴＡＴＵＴ\u3000${ref}`,
  ])('finds it in %j', (text) => {
    expect(findReference(text)).toBe(ref);
  });
  it.each(['STATUT', 'Bonjour, ma chaudière fuit depuis hier soir merci', '', 'STATUT 1234'])(
    'finds none in %j',
    (text) => {
      expect(findReference(text)).toBeNull();
    },
  );
});

/** The reference newReference gives for these 12 data symbols (its bytes rebuilt from the symbols). */
function newReferenceFromData(data: string): string {
  let value = 0n;
  for (const c of data) value = value * 32n + BigInt('0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c));
  const bytes = new Uint8Array(8);
  for (let i = 7; i >= 0; i--) {
    bytes[i] = Number(value & 255n);
    value >>= 8n;
  }
  return newReference(() => bytes);
}

describe('referenceSearchOf: a reference or a piece of one typed in the queue search', () => {
  const reference = newReference(() => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
  const shown = formatReference(reference);
  it.each([
    [shown, reference, true],
    [shown.toLowerCase(), reference, true],
    [shown.replace(/-/g, ' '), reference, true],
    [reference.toLowerCase(), reference, true],
    [`Réf. ${shown}`, reference, true],
    [`dossier n° ${shown}`, reference, true],
    [`#${reference}`, reference, true],
    [reference.slice(0, 12), reference.slice(0, 12), false],
    [shown.slice(5), reference.slice(4), false],
    [shown.slice(-5).toLowerCase(), reference.slice(-5), false],
  ])('%s → %s', (input, symbols, whole) => {
    expect(referenceSearchOf(input)).toEqual({ symbols, whole });
  });
  it('reads a wrong check symbol as the 12 data symbols', () => {
    const wrong = reference.slice(0, 12) + (reference[12] === '0' ? '1' : '0');
    expect(referenceSearchOf(wrong)).toEqual({ symbols: reference.slice(0, 12), whole: false });
  });
  it.each(['', 'abc', 'rue de l’église', 'Hélène', '+33 6 12 34 56 78 90 12', 'x'.repeat(61)])(
    'is not a reference: %s',
    (input) => {
      expect(referenceSearchOf(input)).toBeNull();
    },
  );
});
