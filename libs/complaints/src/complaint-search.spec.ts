import { readSearch } from './complaint-search';

const FR = { country: 'FR', region: 'metropole' };
const GB = { country: 'GB', region: 'england' };

describe('readSearch: what an agent types in the queue search', () => {
  it('is null when blank', () => {
    expect(readSearch('   ', [FR])).toBeNull();
  });
  it.each([
    '06 12 34 56 78',
    '0612345678',
    '+33612345678',
    '+33 6 12 34 56 78',
    '0033612345678',
    '06.12.34.56.78',
  ])('reads %s as a French mobile', (typed) => {
    expect(readSearch(typed, [FR])?.phones).toEqual(['+33612345678']);
  });
  it.each(['07911 123456', '+44 7911 123456', '0044 7911 123456'])('reads %s as a UK mobile', (typed) => {
    expect(readSearch(typed, [GB])?.phones).toEqual(['+447911123456']);
  });
  it('reads an international UK number under a French plan too', () => {
    expect(readSearch('+44 7911 123456', [FR])?.phones).toEqual(['+447911123456']);
  });
  it('reads no phone in a name or an address', () => {
    expect(readSearch('12 rue de l’Église', [FR])?.phones).toEqual([]);
    expect(readSearch('Hélène Martin', [FR])?.phones).toEqual([]);
  });
  it('splits words at spaces, apostrophes, dashes and punctuation', () => {
    expect(readSearch("rue de l'Église", [FR])?.words).toEqual(['rue', 'de', 'l', 'Église']);
    expect(readSearch('Saint-Denis, 93200', [FR])?.words).toEqual(['Saint', 'Denis', '93200']);
  });
  it('keeps at most 8 words and 200 characters', () => {
    expect(readSearch('a b c d e f g h i j', [FR])?.words).toHaveLength(8);
    expect(readSearch('x'.repeat(500), [FR])?.words[0]).toHaveLength(200);
  });
});
