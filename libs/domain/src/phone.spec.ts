import { readPhone } from './phone';

// Issue 14 J6 / issue 12 G8: numbers read in the landlord's telephone region; SMS only to mobiles.
describe('readPhone', () => {
  it.each<[string, string, string, string, boolean]>([
    // A Réunion tenant's mobile in national form is +262, never +33.
    ['0692 12 34 56', 'FR', 'reunion', '+262692123456', true],
    ['0262 12 34 56', 'FR', 'reunion', '+262262123456', false],
    // A mainland mobile given to a Réunion landlord is still read right.
    ['06 12 34 56 78', 'FR', 'reunion', '+33612345678', true],
    // And a Réunion mobile given to a mainland landlord.
    ['0692 12 34 56', 'FR', 'metropole', '+262692123456', true],
    ['0690 12 34 56', 'FR', 'guadeloupe', '+590690123456', true],
    ['0590 27 12 34', 'FR', 'guadeloupe', '+590590271234', false],
    ['0696 12 34 56', 'FR', 'martinique', '+596696123456', true],
    ['0694 12 34 56', 'FR', 'guyane', '+594694123456', true],
    ['0639 01 23 45', 'FR', 'mayotte', '+262639012345', true],
    ['0690 12 34 56', 'FR', 'saint_martin', '+590690123456', true],
    ['0690 12 34 56', 'FR', 'saint_barthelemy', '+590690123456', true],
    ['55 12 34', 'FR', 'saint_pierre_et_miquelon', '+508551234', true],
    ['75 12 34', 'FR', 'nouvelle_caledonie', '+687751234', true],
    ['87 12 34 56', 'FR', 'polynesie_francaise', '+68987123456', true],
    ['01 42 00 00 00', 'FR', 'metropole', '+33142000000', false],
    ['+262 692 12 34 56', 'FR', 'metropole', '+262692123456', true],
    ['07911 123 456', 'GB', 'england_wales', '+447911123456', true],
    ['020 7946 0000', 'GB', 'england_wales', '+442079460000', false],
  ])('%s for a %s/%s landlord → %s (SMS %s)', (input, country, region, e164, sms) => {
    expect(readPhone(input, country, region)).toEqual({ e164, canTakeSms: sms });
  });

  it('refuses what is no number anywhere', () => {
    expect(readPhone('12', 'FR', 'reunion')).toBeNull();
  });

  // Trust review: a number followed or preceded by other text was read as the number it starts with.
  it.each(['0612345678xxxx', '06 12 34 56 78 abc', 'tel: 0612345678', '+33612345678;x', '0612345678\u0007'])(
    'refuses %j: the whole input must be the number',
    (input) => {
      expect(readPhone(input, 'FR', 'metropole')).toBeNull();
    },
  );

  it.each(['06.12.34.56.78', '06-12-34-56-78', '(0)6 12 34 56 78', ' 06 12 34 56 78 ', '0033 6 12 34 56 78'])(
    'still reads %j, a number written the usual ways',
    (input) => {
      expect(readPhone(input, 'FR', 'metropole')?.e164).toBe('+33612345678');
    },
  );
});
