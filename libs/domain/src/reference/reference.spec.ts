import { formatReference, newReference, parseReference, REFERENCE_LENGTH } from './reference';

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
    expect(newReference(() => new Uint8Array(8).fill(255))).toBe(
      `ZZZZZZZZZZZZ${'0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U'[Number(((1n << 60n) - 1n) % 37n)]}`,
    );
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
    const ref = newReference(() => Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
    const mutations = new Set<string>();
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (let i = 0; i < 12; i++) {
      for (const c of alphabet) if (c !== ref[i]) mutations.add(ref.slice(0, i) + c + ref.slice(i + 1));
    }
    for (const m of mutations) expect(parseReference(m)).toBeNull();
    for (let i = 0; i < 11; i++) {
      if (ref[i] === ref[i + 1]) continue;
      const swapped = ref.slice(0, i) + ref[i + 1] + ref[i] + ref.slice(i + 2);
      expect(parseReference(swapped)).toBeNull();
    }
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
