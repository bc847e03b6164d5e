import { FRANCE_PRESET, UK_PRESET } from './presets';
import { evaluateUrgency } from './rules';
import type { RuleSet, UrgencyInput } from './rules';

/**
 * Issue 16 (N7): the preset keyword rules checked against descriptions as tenants write them, both ways —
 * a danger is never missed, and an ordinary problem is not inflated by a phrase that happens to contain a
 * keyword. Each row: the description, and the rule that must decide it (null: no keyword rule at all; the
 * category decides, here "other", so routine).
 */
const TABLE: [RuleSet, string, string | null][] = [
  // France — dangers
  [FRANCE_PRESET, 'Ça sent le gaz dans la cuisine depuis ce matin', 'gas_or_co'],
  [FRANCE_PRESET, 'Le détecteur de CO sonne sans arrêt', 'gas_or_co'],
  [FRANCE_PRESET, 'Il y a des fils dénudés qui pendent dans la salle de bain', 'live_wiring'],
  [FRANCE_PRESET, "De l'eau coule dans le tableau électrique", 'live_wiring'],
  [FRANCE_PRESET, 'La prise du salon fait des étincelles', 'live_wiring'],
  [FRANCE_PRESET, 'Le plafond de la chambre menace de tomber', 'structural_risk'],
  [FRANCE_PRESET, "Plus d'eau au robinet depuis hier soir", 'no_water_or_power'],
  [FRANCE_PRESET, "Plus d'électricité dans tout l'appartement", 'no_water_or_power'],
  [FRANCE_PRESET, 'La porte d’entrée a été enfoncée cette nuit', 'insecure_entry'],
  [FRANCE_PRESET, 'La porte enfoncée ne ferme plus', 'insecure_entry'],
  [FRANCE_PRESET, 'La serrure est cassée, je ne peux plus fermer à clé', 'insecure_entry'],
  [FRANCE_PRESET, "La porte d'entrée ne ferme plus", 'insecure_entry'],
  [FRANCE_PRESET, 'Fenêtre cassée au rez-de-chaussée', 'insecure_entry'],
  // Found by the review of 2026-11-30: dangers the presets missed
  [FRANCE_PRESET, 'Une personne est bloquée dans l’ascenseur', 'trapped_in_lift'],
  [FRANCE_PRESET, 'Il y a de la fumée qui sort de la prise', 'live_wiring'],
  [FRANCE_PRESET, 'Ça sent le brûlé dans le tableau électrique', 'live_wiring'],
  [FRANCE_PRESET, 'Fils électriques à nu dans la salle de bain', 'live_wiring'],
  [FRANCE_PRESET, "De l'eau coule du plafond sur les prises électriques", 'live_wiring'],
  // France — ordinary problems that contain a keyword-like phrase
  [FRANCE_PRESET, 'La fenêtre de la chambre ne ferme plus', null],
  [FRANCE_PRESET, 'Le placard de la cuisine ne ferme plus', null],
  [FRANCE_PRESET, 'La porte du placard ne ferme plus bien', null],
  [FRANCE_PRESET, "Il y a plus de courant d'air depuis que le joint est parti", null],
  [FRANCE_PRESET, 'Le gazon de la résidence n’est pas tondu', null],
  [FRANCE_PRESET, "Pas d'eau chaude dans la douche", null],
  [FRANCE_PRESET, 'Le robinet goutte un peu', null],
  // United Kingdom — dangers
  [UK_PRESET, 'There is a smell of gas in the hallway', 'gas_or_co'],
  [UK_PRESET, 'The CO alarm keeps going off', 'gas_or_co'],
  [UK_PRESET, 'Exposed wires hanging from the ceiling light', 'live_wiring'],
  [UK_PRESET, 'The kitchen ceiling has collapsed', 'structural_risk'],
  [UK_PRESET, 'No water at all since this morning', 'no_water_or_power'],
  [UK_PRESET, 'Front door kicked in last night', 'insecure_entry'],
  [UK_PRESET, 'Broken lock on the front door, cannot lock it', 'insecure_entry'],
  [UK_PRESET, "The front door lock is broken and won't close", 'insecure_entry'],
  [UK_PRESET, 'My neighbour is stuck in the lift', 'trapped_in_lift'],
  [UK_PRESET, 'Smoke coming from the socket in the kitchen', 'live_wiring'],
  // Found by a second review: plain ways of saying gas, CO or bare wires, with the category left at "other".
  [UK_PRESET, 'I can smell gas in the kitchen', 'gas_or_co'],
  [UK_PRESET, 'It smells of gas', 'gas_or_co'],
  [UK_PRESET, 'Gas leaking from the cooker', 'gas_or_co'],
  [UK_PRESET, 'Our CO detector is beeping', 'gas_or_co'],
  [UK_PRESET, 'Wires are exposed in the bathroom', 'live_wiring'],
  // United Kingdom — ordinary problems
  [UK_PRESET, 'The bedroom window does not close properly', null],
  [UK_PRESET, 'The kitchen cupboard door will not shut', null],
  [UK_PRESET, 'No water pressure in the shower upstairs', null],
  [UK_PRESET, 'The wall paper is peeling in the lounge', null],
];

const KEYWORD_RULES = [
  'gas_or_co',
  'live_wiring',
  'structural_risk',
  'trapped_in_lift',
  'no_water_or_power',
  'insecure_entry',
];

const input = (description: string): UrgencyInput => ({
  category: 'other',
  flags: [],
  description,
  localDate: '2027-06-15',
});

describe('triage words against real descriptions (issue 16, N7)', () => {
  it.each(
    TABLE.map(
      ([preset, text, rule]) => [preset === FRANCE_PRESET ? 'FR' : 'UK', text, rule, preset] as const,
    ),
  )('%s “%s” → %s', (_, description, rule, preset) => {
    const decided = evaluateUrgency(preset, input(description)).ruleIds.filter((id) =>
      KEYWORD_RULES.includes(id),
    );
    expect(decided).toEqual(rule ? [rule] : []);
  });
});

describe('a flood is at least a priority repair, whatever the category chosen', () => {
  it.each([
    [FRANCE_PRESET, 'Inondation dans la cave'],
    [UK_PRESET, 'The basement is flooded'],
  ])('“%s”', (preset, description) => {
    const decision = evaluateUrgency(preset as RuleSet, input(description as string));
    expect(decision.ruleIds).toContain('partial_loss_or_leak');
    expect(decision.level).toBe('priority');
  });
});
