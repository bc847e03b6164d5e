import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { FLAG_QUESTIONS, FRANCE_PRESET, PRESETS, validateRuleSet } from '@suivi/domain';
import type { RuleSet } from '@suivi/domain';
import type { FormState } from '../forms';
import {
  applyRowOp,
  formFieldOf,
  rowOpOf,
  rowsOf,
  rowsOfRuleSet,
  ruleSetOfRows,
  valuesOfRows,
} from './rules-form';
import { RuleSetEditor } from './rules-form.view';
import { editorErrors, editorLabel } from './rules-form.errors';
import { formWords } from './rules-form.words';
import { jsonErrorAt, parseImport } from './rules-parts.view';

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

const attrs = (text: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z][\w-]*)(?:="([^"]*)")?/g)) out[m[1]] = decode(m[2] ?? '');
  return out;
};

/**
 * What a browser posts for the rendered fields: text inputs and text areas as they stand, ticked checkboxes,
 * each select's chosen option (its first when none is chosen). Buttons post nothing unless pressed.
 */
function posted(html: string): FormState['values'] {
  const values: FormState['values'] = {};
  const add = (name: string, value: string) => {
    const had = values[name];
    values[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  };
  for (const m of html.matchAll(/<input\b([^>]*)>/g)) {
    const a = attrs(m[1]);
    if (!a.name) continue;
    if (a.type === 'checkbox' || a.type === 'radio') {
      if ('checked' in a) add(a.name, a.value ?? 'on');
    } else add(a.name, a.value ?? '');
  }
  for (const m of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    add(attrs(m[1]).name, decode(m[2]).replace(/^\n/, ''));
  }
  for (const m of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const options = [...m[2].matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]));
    const chosen = options.find((o) => 'selected' in o) ?? options[0];
    add(attrs(m[1]).name, chosen?.value ?? '');
  }
  return values;
}

const render = (values: FormState['values'], errors: FormState['errors'] = {}) =>
  renderToString(h(RuleSetEditor, { form: { values, errors }, lang: 'fr' }));

describe('the rule-set form', () => {
  it.each(Object.entries(PRESETS))(
    'gives back the %s preset unchanged after a round trip through its fields',
    (_, preset) => {
      const html = render(valuesOfRows(rowsOfRuleSet(preset)));
      const back = ruleSetOfRows(rowsOf(posted(html)));
      expect(back).toStrictEqual(preset);
      expect(validateRuleSet(back)).toEqual([]);
    },
  );

  it('gives back a rule set with its own wording of some questions unchanged, defaults left out', () => {
    const custom: RuleSet = {
      ...FRANCE_PRESET,
      questions: {
        gas_smell: { fr: 'Ça sent le gaz chez vous ?', en: 'Does your home smell of gas?' },
        // Reworded in French only: the English stays the default, written as it is.
        no_heating: { fr: 'Plus aucun radiateur ne chauffe ?', en: FLAG_QUESTIONS.no_heating.en },
      },
    };
    const html = render(valuesOfRows(rowsOfRuleSet(custom)));
    expect(html).toContain('value="Ça sent le gaz chez vous ?"');
    expect(html).toContain(`value="${FLAG_QUESTIONS.co_alarm.fr}"`);
    const back = ruleSetOfRows(rowsOf(posted(html)));
    expect(back).toStrictEqual(custom);
    expect(validateRuleSet(back)).toEqual([]);
  });

  it('writes only the questions changed from the default, trimmed', () => {
    const values = valuesOfRows(rowsOfRuleSet(FRANCE_PRESET));
    values['questions.co_alarm.en'] = '  Is a CO alarm beeping?  ';
    values['questions.gas_smell.fr'] = FLAG_QUESTIONS.gas_smell.fr;
    expect(ruleSetOfRows(rowsOf(values)).questions).toEqual({
      co_alarm: { fr: FLAG_QUESTIONS.co_alarm.fr, en: 'Is a CO alarm beeping?' },
    });
  });

  it('refuses a blank or two-line question beside its field, in French, with its label for the summary', () => {
    const values = valuesOfRows(rowsOfRuleSet(FRANCE_PRESET));
    values['questions.gas_smell.fr'] = '   ';
    values['questions.water_leak.en'] = 'Is water\r\nleaking?';
    const errors = editorErrors(validateRuleSet(ruleSetOfRows(rowsOf(values))), 'fr');
    expect(errors).toEqual({
      'questions.gas_smell.fr': 'Saisissez ce texte.',
      'questions.water_leak.en': 'Écrivez la question sur une seule ligne, sans retour à la ligne.',
    });
    expect(editorLabel('questions.gas_smell.fr', { values, errors }, 'fr')).toBe(
      'Question « Sentez-vous une odeur de gaz ? » — Formulation en français',
    );
    const html = render(values, errors);
    expect(html).toContain('id="f-questions-gas_smell-fr-error"');
  });

  it('reads a level moved up, a rule removed and a level added, keeping what was typed', () => {
    let rows = rowsOfRuleSet(FRANCE_PRESET);
    rows = applyRowOp(rows, rowOpOf('up-level-1')!).rows;
    rows = applyRowOp(rows, rowOpOf('remove-rule-0')!).rows;
    const added = applyRowOp(rows, rowOpOf('add-level')!);
    expect(added.focus).toBe(FRANCE_PRESET.levels.length);
    const ruleSet = ruleSetOfRows(rowsOf(posted(render(valuesOfRows(added.rows)))));
    expect(ruleSet.levels.slice(0, 2).map((l) => [l.id, l.rank])).toEqual([
      ['urgent', 0],
      ['emergency', 1],
    ]);
    expect(ruleSet.rules.map((r) => r.id)).not.toContain('gas_or_co');
    expect(ruleSet.rules).toHaveLength(FRANCE_PRESET.rules.length - 1);
    expect(ruleSet.levels.at(-1)).toEqual({
      id: '',
      rank: FRANCE_PRESET.levels.length,
      label: { fr: '', en: '' },
      deadlines: { acknowledge: { amount: undefined, unit: 'working_days' } },
    });
    // Moving the first row up, or a row past the end, changes nothing.
    expect(applyRowOp(rows, rowOpOf('up-level-0')!).rows).toEqual(rows);
    expect(applyRowOp(rows, rowOpOf('remove-rule-99')!).rows).toEqual(rows);
    expect(rowOpOf('drop-table')).toBeNull();
  });

  it('keeps a wrong value as typed, so that the validator refuses it beside its field in French', () => {
    const values = valuesOfRows(rowsOfRuleSet(FRANCE_PRESET));
    values['levels.1.deadlines.intervene.amount'] = 'deux';
    values['rules.2.keywords'] = 'effondrement\r\n!!!\r\nmur fissure';
    values['heatingPeriod.from'] = '13-01';
    const ruleSet = ruleSetOfRows(rowsOf(values));
    expect(ruleSet.levels[1].deadlines.intervene).toEqual({ amount: 'deux', unit: 'working_days' });
    expect(ruleSet.rules[2].keywords).toEqual(['effondrement', '!!!', 'mur fissure']);
    const errors = editorErrors(validateRuleSet(ruleSet), 'fr');
    expect(errors).toEqual({
      'levels.1.deadlines.intervene.amount': 'Saisissez un nombre entier de 1 à 3 650.',
      'rules.2.keywords':
        'Ligne 2 : Chaque ligne contient des lettres ou des chiffres (200 caractères au plus).',
      'heatingPeriod.from': 'Saisissez un jour qui existe, au format MM-JJ (par exemple 10-15).',
    });
    const form = { values, errors };
    expect(editorLabel('levels.1.deadlines.intervene.amount', form, 'fr')).toBe(
      'Niveau 2 : Urgent (1 jour ouvré) — intervention — Durée',
    );
    const html = render(values, errors);
    expect(html).toContain('id="f-levels-1-deadlines-intervene-amount-error"');
    expect(html).not.toMatch(/position \d|levels\[/);
  });

  it('names the field of every path the validator gives', () => {
    expect(formFieldOf('levels[0].deadlines.acknowledge')).toEqual({
      field: 'levels.0.deadlines.acknowledge.amount',
    });
    expect(formFieldOf('rules[3].categories[1]')).toEqual({ field: 'rules.3.categories', item: 2 });
    expect(formFieldOf('levels[2].raisable')).toEqual({ field: 'levels.2.notRaisable' });
    expect(formFieldOf('levels')).toEqual({ field: 'levels' });
    expect(formFieldOf('defaultLevel')).toEqual({ field: 'defaultLevel' });
    expect(formFieldOf('levels[0].colour')).toEqual({ field: 'ruleSet' });
    expect(formFieldOf('questions.gas_smell.en')).toEqual({ field: 'questions.gas_smell.en' });
    expect(formFieldOf('questions.gas_smell')).toEqual({ field: 'questions.gas_smell.fr' });
    expect(formFieldOf('questions')).toEqual({ field: 'questions' });
    expect(formFieldOf('questions.smoke')).toEqual({ field: 'ruleSet' });
  });

  it('takes imported JSON of any shape without throwing', () => {
    for (const odd of [
      null,
      [],
      'x',
      { levels: 'x', rules: [1, null, { id: 5 }] },
      { levels: [{ deadlines: [] }] },
    ]) {
      const ruleSet: RuleSet = ruleSetOfRows(rowsOfRuleSet(odd));
      expect(validateRuleSet(ruleSet).length).toBeGreaterThan(0);
    }
  });
});

describe('pasted JSON', () => {
  it('says where a syntax error is, by offset, whatever V8 says', () => {
    const f = formWords('fr');
    expect(jsonErrorAt('{\n  "levels": [\n    oops\n  ]\n}')).toBe(20);
    expect(jsonErrorAt('{"a":1,}')).toBe(7);
    expect(jsonErrorAt('[1 2]')).toBe(3);
    expect(jsonErrorAt('{"a":"b\n"}')).toBe(7);
    expect(jsonErrorAt('{"a": [1, 2')).toBe(11);
    expect(jsonErrorAt('['.repeat(200_000))).toBe(-1);
    expect(parseImport('{"a":1,}', f)).toEqual({
      ok: false,
      message: 'Ce texte n’est pas du JSON valide (vers la ligne 1, colonne 8).',
    });
    expect(parseImport('{"a": [1, 2', f)).toEqual({ ok: false, message: f.jsonSyntaxEnd });
    expect(parseImport('{"__proto__": {"x": 1}}', f)).toEqual({ ok: false, message: f.jsonRefused });
    expect(parseImport('[1]', f)).toEqual({ ok: false, message: f.jsonNotObject });
    // Too deep a nesting is said as such (it was called a reserved name or a forbidden character).
    expect(parseImport(`{"levels": ${'['.repeat(40)}${']'.repeat(40)}}`, f)).toEqual({
      ok: false,
      message: 'Ce JSON est imbriqué trop profondément (32 niveaux au plus).',
    });
    expect(parseImport('{"levels": [], "colour": 1}', f)).toMatchObject({ ok: true, ignored: ['colour'] });
  });

  it('names the JSON keys it ignored with each language’s quotation marks', () => {
    // The English page said « colour », the French marks, before.
    expect(formWords('en').ignored(['colour', 'size'])).toBe(
      'These parts of the JSON have no place in the form and were ignored: “colour”, “size”.',
    );
    expect(formWords('fr').ignored(['colour'])).toBe(
      'Ces éléments du JSON n’ont pas de place dans le formulaire et ont été ignorés : « colour ».',
    );
  });
});
