import { FRANCE_PRESET, UK_PRESET } from './presets';
import { MAX_LEVELS, MAX_RULES, evaluateUrgency, inHeatingPeriod, validateRuleSet } from './rules';
import type { RuleSet, UrgencyInput } from './rules';

const WINTER = '2026-01-15';
const SUMMER = '2026-07-15';

const input = (overrides: Partial<UrgencyInput>): UrgencyInput => ({
  category: 'other',
  flags: [],
  description: 'Rien de particulier.',
  localDate: WINTER,
  ...overrides,
});

describe.each([
  ['France', FRANCE_PRESET],
  ['United Kingdom', UK_PRESET],
])('%s preset', (_, preset) => {
  it('validates', () => {
    expect(validateRuleSet(preset)).toEqual([]);
  });

  // One row per preset rule, triggered by a flag or a category: [expected rule id, level, input]
  it.each<[string, string, Partial<UrgencyInput>]>([
    ['gas_or_co', 'emergency', { flags: ['gas_smell'] }],
    ['gas_or_co', 'emergency', { flags: ['co_alarm'] }],
    ['gas_or_co', 'emergency', { category: 'gas' }],
    ['live_wiring', 'emergency', { flags: ['live_wiring'] }],
    ['live_wiring', 'emergency', { flags: ['water_into_electrics'] }],
    ['structural_risk', 'emergency', { flags: ['structural_risk'] }],
    ['damp_vulnerable', 'emergency', { category: 'damp_mould', flags: ['vulnerable_occupant'] }],
    ['no_water_or_power', 'urgent', { flags: ['no_water'] }],
    ['no_water_or_power', 'urgent', { flags: ['no_power'] }],
    ['no_heating_in_season', 'urgent', { category: 'heating', flags: ['no_heating'], localDate: WINTER }],
    ['no_heating_in_season', 'urgent', { category: 'hot_water', flags: ['no_hot_water'], localDate: WINTER }],
    ['insecure_entry', 'urgent', { flags: ['insecure_entry'] }],
    ['partial_loss_or_leak', 'priority', { category: 'plumbing_leak' }],
    ['partial_loss_or_leak', 'priority', { flags: ['blocked_drain'] }],
    ['partial_loss_or_leak', 'priority', { category: 'heating', flags: ['no_heating'], localDate: SUMMER }],
    ['roof_or_entryphone', 'standard', { category: 'roof' }],
    ['roof_or_entryphone', 'standard', { category: 'entryphone' }],
    ['damp_mould', 'damp_investigation', { category: 'damp_mould' }],
    ['service_complaint', 'service_complaint', { category: 'service' }],
  ])('%s → %s', (ruleId, level, overrides) => {
    const decision = evaluateUrgency(preset, input(overrides));
    expect(decision.ruleIds).toContain(ruleId);
    expect(decision.level).toBe(level);
    expect(decision.explanation.fr.length).toBeGreaterThan(10);
    expect(decision.explanation.en.length).toBeGreaterThan(10);
  });

  it('answers routine with the default explanation when nothing matches', () => {
    const decision = evaluateUrgency(preset, input({ category: 'common_areas' }));
    expect(decision).toMatchObject({ level: 'routine', ruleIds: [], tenantResponsibility: false });
    expect(decision.deadlines.intervene).toEqual({ amount: 20, unit: 'working_days' });
    expect(decision.explanation).toEqual(preset.defaultExplanation);
  });

  it('takes the most urgent of several matching rules, listing them all', () => {
    const decision = evaluateUrgency(
      preset,
      input({ category: 'plumbing_leak', flags: ['water_into_electrics'] }),
    );
    expect(decision.level).toBe('emergency');
    expect(decision.ruleIds).toEqual(['live_wiring', 'partial_loss_or_leak']);
    expect(decision.deadlines.intervene).toEqual({ amount: 24, unit: 'hours' });
  });

  it('raises any level one rank for a vulnerable occupant, and says so', () => {
    const leak = evaluateUrgency(
      preset,
      input({ category: 'plumbing_leak', flags: ['vulnerable_occupant'] }),
    );
    expect(leak).toMatchObject({ level: 'urgent', raisedForVulnerableOccupant: true });
    expect(leak.explanation.en).toMatch(/vulnerable/);
    const routine = evaluateUrgency(
      preset,
      input({ category: 'common_areas', flags: ['vulnerable_occupant'] }),
    );
    expect(routine.level).toBe('damp_investigation');
    // Damp + vulnerable is an emergency by its own rule, not raised twice (there is nothing above anyway).
    const damp = evaluateUrgency(preset, input({ flags: ['damp_mould', 'vulnerable_occupant'] }));
    expect(damp).toMatchObject({ level: 'emergency', raisedForVulnerableOccupant: false });
  });

  it('never raises a complaint about the service onto the repair ladder', () => {
    const decision = evaluateUrgency(preset, input({ category: 'service', flags: ['vulnerable_occupant'] }));
    expect(decision).toMatchObject({ level: 'service_complaint', raisedForVulnerableOccupant: false });
  });

  it('gives the service complaint the Complaint Handling Code timescales', () => {
    const decision = evaluateUrgency(preset, input({ category: 'service' }));
    expect(decision.deadlines).toEqual({
      acknowledge: { amount: 5, unit: 'working_days' },
      resolve: { amount: 10, unit: 'working_days' },
      review_acknowledge: { amount: 5, unit: 'working_days' },
      review: { amount: 20, unit: 'working_days' },
    });
  });
});

describe('keywords', () => {
  it.each([
    ['Ça sent le GAZ dans la cuisine !', 'gas_or_co', 'emergency'],
    ['Des fils dénudés pendent du plafond', 'live_wiring', 'emergency'],
    ['Le plafond menace de tomber', 'structural_risk', 'emergency'],
    ['Plus d’eau depuis ce matin', 'no_water_or_power', 'urgent'],
    ['La porte enfoncée ne ferme plus', 'insecure_entry', 'urgent'],
    ['Demande de rénovation de la salle de bains', 'improvement', 'planned'],
  ])('France: “%s” → %s (%s)', (description, ruleId, level) => {
    const decision = evaluateUrgency(FRANCE_PRESET, input({ description }));
    expect(decision.ruleIds).toContain(ruleId);
    expect(decision.level).toBe(level);
  });

  it('matches whole words only', () => {
    // “gazon” is not “gaz”: no French rule matches a lawn.
    expect(evaluateUrgency(FRANCE_PRESET, input({ description: 'Le gazon est trop haut' })).ruleIds).toEqual(
      [],
    );
  });

  it('UK: “There is a smell of gas” → emergency', () => {
    expect(evaluateUrgency(UK_PRESET, input({ description: 'There is a smell of gas' })).level).toBe(
      'emergency',
    );
  });
});

describe('tenant responsibility', () => {
  it('flags upkeep that falls on the tenant, with the explanation, at routine', () => {
    const decision = evaluateUrgency(FRANCE_PRESET, input({ description: 'Changer le flexible de douche' }));
    expect(decision).toMatchObject({
      level: 'routine',
      tenantResponsibility: true,
      ruleIds: ['tenant_upkeep'],
    });
    expect(decision.explanation.fr).toMatch(/87-712/);
  });

  it('still triages for safety first', () => {
    const decision = evaluateUrgency(
      FRANCE_PRESET,
      input({
        description: 'Changer l’ampoule : des étincelles sortent de la douille',
        flags: ['live_wiring'],
      }),
    );
    expect(decision).toMatchObject({ level: 'emergency', tenantResponsibility: true });
    expect(decision.explanation.fr).toMatch(/danger immédiat/);
    expect(decision.explanation.fr).toMatch(/87-712/);
  });
});

describe('heating period', () => {
  it.each([
    ['2026-10-14', false],
    ['2026-10-15', true],
    ['2026-12-31', true],
    ['2027-01-01', true],
    ['2027-05-15', true],
    ['2027-05-16', false],
  ])('France %s in the heating period: %s', (date, expected) => {
    expect(inHeatingPeriod(date, FRANCE_PRESET.heatingPeriod)).toBe(expected);
  });

  it('works for a period within one year too', () => {
    expect(inHeatingPeriod('2026-03-01', { from: '02-01', to: '03-31' })).toBe(true);
    expect(inHeatingPeriod('2026-04-01', { from: '02-01', to: '03-31' })).toBe(false);
  });
});

describe('validateRuleSet', () => {
  it('names every failing field', () => {
    const broken = {
      ...FRANCE_PRESET,
      defaultLevel: 'nope',
      heatingPeriod: { from: '13-01', to: '05-15' },
      levels: [
        ...FRANCE_PRESET.levels,
        {
          id: 'emergency',
          rank: 0,
          label: { fr: '', en: 'x' },
          deadlines: { intervene: { amount: 0, unit: 'weeks' } },
        },
      ],
      rules: [
        ...FRANCE_PRESET.rules,
        {
          id: 'gas_or_co',
          level: 'missing',
          categories: ['spaceship'],
          flags: ['on_fire'],
          keywords: ['!!'],
          season: 'spring',
          explanation: { fr: 'x' },
        },
      ],
    } as unknown as RuleSet;
    const fields = validateRuleSet(broken).map((e) => e.field);
    const n = FRANCE_PRESET.levels.length;
    const r = FRANCE_PRESET.rules.length;
    expect(fields).toEqual(
      expect.arrayContaining([
        'defaultLevel',
        'heatingPeriod.from',
        `levels[${n}].id`,
        `levels[${n}].rank`,
        `levels[${n}].label.fr`,
        `levels[${n}].deadlines.intervene.unit`,
        `levels[${n}].deadlines.intervene.amount`,
        `levels[${n}].deadlines.acknowledge`,
        `rules[${r}].id`,
        `rules[${r}].level`,
        `rules[${r}].categories[0]`,
        `rules[${r}].flags[0]`,
        `rules[${r}].keywords[0]`,
        `rules[${r}].season`,
        `rules[${r}].explanation.en`,
      ]),
    );
    expect(fields).not.toContain('heatingPeriod.to');
  });

  it('refuses more levels or rules than the editor holds (MAX_LEVELS, MAX_RULES), naming the list', () => {
    const level = (i: number) => ({ ...FRANCE_PRESET.levels[0], id: `l${i}`, rank: 100 + i });
    const rule = (i: number) => ({ ...FRANCE_PRESET.rules[0], id: `r${i}` });
    const atMost = {
      ...FRANCE_PRESET,
      levels: [
        ...FRANCE_PRESET.levels,
        ...Array.from({ length: MAX_LEVELS - FRANCE_PRESET.levels.length }, (_, i) => level(i)),
      ],
      rules: [
        ...FRANCE_PRESET.rules,
        ...Array.from({ length: MAX_RULES - FRANCE_PRESET.rules.length }, (_, i) => rule(i)),
      ],
    };
    expect(validateRuleSet(atMost)).toEqual([]);
    const over = (change: Partial<RuleSet>) =>
      validateRuleSet({ ...atMost, ...change }).filter((e) => e.code === 'too_many');
    expect(over({ levels: [...atMost.levels, level(999)] })).toEqual([
      expect.objectContaining({ field: 'levels', code: 'too_many' }),
    ]);
    expect(over({ rules: [...atMost.rules, rule(999)] })).toEqual([
      expect.objectContaining({ field: 'rules', code: 'too_many' }),
    ]);
  });

  it('refuses a rule set without levels', () => {
    expect(validateRuleSet({ ...FRANCE_PRESET, levels: [] }).map((e) => e.field)).toContain('levels');
  });

  const fieldsOf = (change: Record<string, unknown>) =>
    validateRuleSet({ ...FRANCE_PRESET, ...change }).map((e) => e.field);
  const firstRule = FRANCE_PRESET.rules[0];
  const firstLevel = FRANCE_PRESET.levels[0];

  it.each([
    [
      'a string where a list of categories belongs',
      { rules: [{ ...firstRule, categories: 'gas' }] },
      'rules[0].categories',
    ],
    [
      'a string where a list of flags belongs',
      { rules: [{ ...firstRule, flags: 'gas_smell' }] },
      'rules[0].flags',
    ],
    ['a number as a keyword list', { rules: [{ ...firstRule, keywords: 3 }] }, 'rules[0].keywords'],
    ['an array as a rule', { rules: [[]] }, 'rules[0]'],
    ['an object as the rule list', { rules: {} }, 'rules'],
    [
      'an array as the explanation',
      { rules: [{ ...firstRule, explanation: ['a', 'b'] }] },
      'rules[0].explanation',
    ],
    [
      'a non-boolean tenantResponsibility',
      { rules: [{ ...firstRule, tenantResponsibility: 'yes' }] },
      'rules[0].tenantResponsibility',
    ],
    [
      'an array as the deadlines',
      { levels: [{ ...firstLevel, deadlines: [] }, ...FRANCE_PRESET.levels.slice(1)] },
      'levels[0].deadlines',
    ],
    [
      'a string as a deadline amount',
      {
        levels: [
          { ...firstLevel, deadlines: { acknowledge: { amount: '24', unit: 'hours' } } },
          ...FRANCE_PRESET.levels.slice(1),
        ],
      },
      'levels[0].deadlines.acknowledge.amount',
    ],
    ['an unknown key in the rule set', { colour: 'red' }, 'colour'],
    ['an unknown key in a rule', { rules: [{ ...firstRule, catgories: ['heating'] }] }, 'rules[0].catgories'],
    [
      'an unknown key in a level',
      { levels: [{ ...firstLevel, rnak: 3 }, ...FRANCE_PRESET.levels.slice(1)] },
      'levels[0].rnak',
    ],
    [
      'an unknown key in a deadline',
      {
        levels: [
          { ...firstLevel, deadlines: { acknowledge: { amount: 1, unit: 'hours', when: 'now' } } },
          ...FRANCE_PRESET.levels.slice(1),
        ],
      },
      'levels[0].deadlines.acknowledge.when',
    ],
    [
      'an unknown key in a text',
      { defaultExplanation: { fr: 'x', en: 'x', de: 'x' } },
      'defaultExplanation.de',
    ],
    [
      'an unknown key in the heating period',
      { heatingPeriod: { from: '10-15', to: '05-15', until: 'x' } },
      'heatingPeriod.until',
    ],
    [
      'an impossible heating-period day (02-30)',
      { heatingPeriod: { from: '10-15', to: '02-30' } },
      'heatingPeriod.to',
    ],
    [
      'an impossible heating-period day (04-31)',
      { heatingPeriod: { from: '04-31', to: '05-15' } },
      'heatingPeriod.from',
    ],
    ['a heating period given as an array', { heatingPeriod: ['10-15', '05-15'] }, 'heatingPeriod'],
    ['a null default explanation', { defaultExplanation: null }, 'defaultExplanation'],
  ])('refuses %s, naming the field', (_, change, field) => {
    expect(fieldsOf(change)).toContain(field);
  });

  it('accepts 02-29 as a heating-period bound (it exists in leap years)', () => {
    expect(fieldsOf({ heatingPeriod: { from: '10-15', to: '02-29' } })).toEqual([]);
  });

  it.each([null, [], 'rules', 3])('refuses %j as a whole rule set', (value) => {
    expect(validateRuleSet(value)).toEqual([{ field: '', code: 'object', message: 'must be an object' }]);
  });
});

describe('validateRuleSet: the wording of the safety questions', () => {
  const codes = (questions: unknown) =>
    validateRuleSet({ ...FRANCE_PRESET, questions }).map((e) => [e.field, e.code]);

  it('accepts the landlord’s own wording for some flags, up to 200 characters', () => {
    expect(
      codes({
        gas_smell: { fr: 'Ça sent le gaz chez vous ?', en: 'Does your home smell of gas?' },
        no_heating: { fr: 'x'.repeat(199) + '?', en: 'Is the heating off?' },
      }),
    ).toEqual([]);
    expect(codes({})).toEqual([]);
  });

  it.each([
    ['an unknown flag', { smoke: { fr: 'Fumée ?', en: 'Smoke?' } }, 'questions.smoke', 'unknown_key'],
    ['a list', [], 'questions', 'object'],
    ['a wording as a string', { gas_smell: 'Gaz ?' }, 'questions.gas_smell', 'object'],
    ['a missing language', { gas_smell: { fr: 'Gaz ?' } }, 'questions.gas_smell.en', 'text_required'],
    ['spaces only', { gas_smell: { fr: '   ', en: 'Gas?' } }, 'questions.gas_smell.fr', 'text_required'],
    [
      'invisible characters only',
      { gas_smell: { fr: 'Gaz ?', en: '\u200b\u00a0' } },
      'questions.gas_smell.en',
      'text_required',
    ],
    [
      'two lines',
      { co_alarm: { fr: 'Alarme\nCO ?', en: 'CO?' } },
      'questions.co_alarm.fr',
      'question_one_line',
    ],
    ['a tab', { co_alarm: { fr: 'CO ?', en: 'CO\talarm?' } }, 'questions.co_alarm.en', 'question_one_line'],
    [
      '201 characters',
      { no_water: { fr: 'x'.repeat(201), en: 'Water?' } },
      'questions.no_water.fr',
      'question_too_long',
    ],
    [
      'an unknown language',
      { no_water: { fr: 'Eau ?', en: 'Water?', de: 'Wasser?' } },
      'questions.no_water.de',
      'unknown_key',
    ],
  ])('refuses %s, with its code and field', (_, questions, field, code) => {
    expect(codes(questions)).toEqual([[field, code]]);
  });
});
