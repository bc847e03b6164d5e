import fc from 'fast-check';
import { CATEGORIES } from '../complaint/vocabulary';
import { FRANCE_PRESET, UK_PRESET } from './presets';
import { evaluateUrgency, URGENCY_FLAGS } from './rules';
import type { UrgencyFlag } from './rules';
import { assessSafety, DANGER_WORDS, dangerWordsIn, SAFETY_QUESTIONS_BY_CATEGORY } from './safety';
import type { SafetyAnswer } from './safety';

describe('danger words', () => {
  it.each([
    ['Odeur de GAZ dans la cuisine !', ['odeur de gaz']],
    ['Le détecteur de CO sonne', ['detecteur de co']],
    ['il y a de l’eau sur l’électricité', ['eau sur l electricite']],
    ['No heating and a baby at home', ['no heating', 'baby']],
    ['Plus de chauffage, bébé de 3 mois', ['plus de chauffage', 'bebe']],
    ['smell of gas in the hall', ['smell of gas']],
    ['carbon monoxide alarm going off', ['monoxide', 'carbon monoxide']],
  ])('finds the whole phrases of %j, accents and case aside', (text, found) => {
    expect(dangerWordsIn(text).map((d) => d.words)).toEqual(found);
  });

  it.each([
    'Le gazon de la cour n’est pas tondu',
    'Mon co-locataire a perdu la clé',
    'cobalt blue paint is peeling',
    'La porte du local vélos grince',
    'bebeto', // a name, not a baby
  ])('finds nothing in fragments: %j', (text) => {
    expect(dangerWordsIn(text)).toEqual([]);
  });

  it('lists only known flags', () => {
    for (const entry of DANGER_WORDS) expect(URGENCY_FLAGS).toContain(entry.flag);
  });
});

describe('safety questions by category', () => {
  it('names a list for every category, of known flags only', () => {
    for (const category of CATEGORIES) {
      for (const flag of SAFETY_QUESTIONS_BY_CATEGORY[category]) expect(URGENCY_FLAGS).toContain(flag);
    }
  });

  it('asks about heating for a heating problem, not about drains', () => {
    expect(SAFETY_QUESTIONS_BY_CATEGORY.heating).toContain('no_heating');
    expect(SAFETY_QUESTIONS_BY_CATEGORY.heating).not.toContain('blocked_drain');
  });
});

describe('assessSafety', () => {
  it('an unanswered question is unknown and asks for staff review, never "no"', () => {
    const a = assessSafety('heating', { gas_smell: 'no', co_alarm: 'no' }, 'Radiateur froid.');
    expect(a.unknown).toEqual(['no_heating', 'vulnerable_occupant']);
    expect(a.flags).toEqual([]);
    expect(a.review).toBe(true);
  });

  it('every question answered and no danger word: no review', () => {
    const answers = Object.fromEntries(SAFETY_QUESTIONS_BY_CATEGORY.heating.map((f) => [f, 'no' as const]));
    expect(assessSafety('heating', answers, 'Radiateur froid.').review).toBe(false);
  });

  it('a "no" never cancels what the description says', () => {
    const a = assessSafety(
      'heating',
      { no_heating: 'no', vulnerable_occupant: 'no' },
      'No heating, baby at home',
    );
    expect(a.flags).toEqual(['no_heating', 'vulnerable_occupant']);
    expect(a.dangerWords).toEqual(['no heating', 'baby']);
    expect(a.review).toBe(true);
  });

  it('the "no heating, baby at home" complaint gets the same urgency however the questions were parsed', () => {
    const levels = (['yes', 'no', 'unknown'] as SafetyAnswer[]).flatMap((heating) =>
      (['yes', 'no', 'unknown'] as SafetyAnswer[]).map((baby) => {
        const a = assessSafety(
          'heating',
          { no_heating: heating, vulnerable_occupant: baby },
          'Plus de chauffage, bébé à la maison',
        );
        return evaluateUrgency(FRANCE_PRESET, {
          category: 'heating',
          flags: a.flags,
          description: 'Plus de chauffage, bébé à la maison',
          localDate: '2026-01-15',
        }).level;
      }),
    );
    expect(new Set(levels)).toEqual(new Set(['emergency']));
  });

  const answer = fc.constantFrom<SafetyAnswer>('yes', 'no', 'unknown');
  const answersArb = fc.record(
    Object.fromEntries(URGENCY_FLAGS.map((f) => [f, answer])) as Record<
      UrgencyFlag,
      fc.Arbitrary<SafetyAnswer>
    >,
  );
  const descriptionArb = fc
    .subarray([...DANGER_WORDS.map((d) => d.words), 'radiateur froid', 'the tap drips', 'gazon', 'Éco'])
    .map((parts) => parts.join(', ') || 'Rien');

  it.each([
    ['France', FRANCE_PRESET],
    ['United Kingdom', UK_PRESET],
  ])(
    'property (%s): no combination of answers gives a lower urgency than the danger words and the answered "yes"',
    (_, preset) => {
      fc.assert(
        fc.property(
          fc.constantFrom(...CATEGORIES),
          answersArb,
          descriptionArb,
          fc.constantFrom('2026-01-15', '2026-07-15'),
          (category, answers, description, localDate) => {
            const rank = (flags: readonly string[]) =>
              evaluateUrgency(preset, { category, flags, description, localDate }).rank;
            const got = rank(assessSafety(category, answers, description).flags);
            const fromWords = rank(dangerWordsIn(description).map((d) => d.flag));
            const fromYes = rank(URGENCY_FLAGS.filter((f) => answers[f] === 'yes'));
            // Lower rank = more urgent: the outcome is at least as urgent as each source on its own.
            expect(got).toBeLessThanOrEqual(fromWords);
            expect(got).toBeLessThanOrEqual(fromYes);
            // Turning any "unknown" into "no" or "yes" never makes it less urgent than leaving it unknown
            // would be were the answer "no": unknown is read as neither.
            const unknownAsNo = Object.fromEntries(
              URGENCY_FLAGS.map((f) => [f, answers[f] === 'unknown' ? 'no' : answers[f]]),
            );
            expect(got).toBe(rank(assessSafety(category, unknownAsNo, description).flags));
            const relevantUnknown = SAFETY_QUESTIONS_BY_CATEGORY[category].some(
              (f) => answers[f] === 'unknown',
            );
            if (relevantUnknown) expect(assessSafety(category, answers, description).review).toBe(true);
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});
