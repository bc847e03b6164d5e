import type { Category } from '../complaint/vocabulary';
import { normaliseText, URGENCY_FLAGS } from './rules';
import type { UrgencyFlag } from './rules';

/**
 * The safety questions worth asking for each problem the tenant picks, most dangerous first. A question not
 * listed for a category is never asked for it (the tenant sees only what matters); "someone vulnerable
 * lives with you" is asked for every repair because it moves any repair one level up. The one place this
 * mapping lives: the filing steps, the agent's form and the API's review check all read it.
 */
export const SAFETY_QUESTIONS_BY_CATEGORY: Record<Category, readonly UrgencyFlag[]> = {
  heating: ['gas_smell', 'co_alarm', 'no_heating', 'vulnerable_occupant'],
  hot_water: ['gas_smell', 'co_alarm', 'no_hot_water', 'vulnerable_occupant'],
  water_supply: ['no_water', 'water_into_electrics', 'vulnerable_occupant'],
  plumbing_leak: ['water_leak', 'water_into_electrics', 'structural_risk', 'vulnerable_occupant'],
  drainage: ['blocked_drain', 'water_leak', 'vulnerable_occupant'],
  electricity: ['live_wiring', 'water_into_electrics', 'no_power', 'vulnerable_occupant'],
  gas: ['gas_smell', 'co_alarm', 'vulnerable_occupant'],
  damp_mould: ['damp_mould', 'water_leak', 'vulnerable_occupant'],
  roof: ['water_leak', 'water_into_electrics', 'structural_risk', 'vulnerable_occupant'],
  windows_doors: ['insecure_entry', 'vulnerable_occupant'],
  locks_security: ['insecure_entry', 'vulnerable_occupant'],
  entryphone: ['insecure_entry', 'vulnerable_occupant'],
  lift: ['vulnerable_occupant'],
  common_areas: ['live_wiring', 'structural_risk', 'insecure_entry'],
  pests: ['vulnerable_occupant'],
  structure: ['structural_risk', 'water_leak', 'vulnerable_occupant'],
  service: [],
  other: ['gas_smell', 'live_wiring', 'water_into_electrics', 'structural_risk', 'vulnerable_occupant'],
};

/** An answer to one safety question; a question left unanswered is `unknown`. */
export type SafetyAnswer = 'yes' | 'no' | 'unknown';

/**
 * Words and phrases of a description that suggest danger, French and English, each with the flag it
 * implies. Compared on whole words after `normaliseText` (accents, case and punctuation removed), so
 * "odeur de gaz" matches "Odeur de GAZ !" but "gazon" or "cobalt" match nothing.
 */
export const DANGER_WORDS: readonly { words: string; flag: UrgencyFlag }[] = [
  { words: 'odeur de gaz', flag: 'gas_smell' },
  { words: 'sent le gaz', flag: 'gas_smell' },
  { words: 'fuite de gaz', flag: 'gas_smell' },
  { words: 'smell of gas', flag: 'gas_smell' },
  { words: 'smells of gas', flag: 'gas_smell' },
  { words: 'gas smell', flag: 'gas_smell' },
  { words: 'gas leak', flag: 'gas_smell' },
  { words: 'monoxyde', flag: 'co_alarm' },
  { words: 'monoxide', flag: 'co_alarm' },
  { words: 'detecteur de co', flag: 'co_alarm' },
  { words: 'alarme co', flag: 'co_alarm' },
  { words: 'co alarm', flag: 'co_alarm' },
  { words: 'co detector', flag: 'co_alarm' },
  { words: 'carbon monoxide', flag: 'co_alarm' },
  { words: 'eau sur l electricite', flag: 'water_into_electrics' },
  { words: 'eau dans le tableau electrique', flag: 'water_into_electrics' },
  { words: 'eau dans les prises', flag: 'water_into_electrics' },
  { words: 'water on the electrics', flag: 'water_into_electrics' },
  { words: 'water in the electrics', flag: 'water_into_electrics' },
  { words: 'water into the electrics', flag: 'water_into_electrics' },
  { words: 'fils denudes', flag: 'live_wiring' },
  { words: 'fils a nu', flag: 'live_wiring' },
  { words: 'etincelles', flag: 'live_wiring' },
  { words: 'bare wires', flag: 'live_wiring' },
  { words: 'sparks', flag: 'live_wiring' },
  { words: 'electrocution', flag: 'live_wiring' },
  { words: 'plafond effondre', flag: 'structural_risk' },
  { words: 'risque d effondrement', flag: 'structural_risk' },
  { words: 'ceiling collapsed', flag: 'structural_risk' },
  { words: 'collapse', flag: 'structural_risk' },
  { words: 'plus de chauffage', flag: 'no_heating' },
  { words: 'pas de chauffage', flag: 'no_heating' },
  { words: 'sans chauffage', flag: 'no_heating' },
  { words: 'no heating', flag: 'no_heating' },
  { words: 'heating not working', flag: 'no_heating' },
  { words: 'plus d eau', flag: 'no_water' },
  { words: 'pas d eau', flag: 'no_water' },
  { words: 'no water', flag: 'no_water' },
  { words: 'plus d electricite', flag: 'no_power' },
  { words: 'pas d electricite', flag: 'no_power' },
  { words: 'no power', flag: 'no_power' },
  { words: 'no electricity', flag: 'no_power' },
  { words: 'bebe', flag: 'vulnerable_occupant' },
  { words: 'nourrisson', flag: 'vulnerable_occupant' },
  { words: 'enceinte', flag: 'vulnerable_occupant' },
  { words: 'baby', flag: 'vulnerable_occupant' },
  { words: 'newborn', flag: 'vulnerable_occupant' },
  { words: 'pregnant', flag: 'vulnerable_occupant' },
  { words: 'oxygene', flag: 'vulnerable_occupant' },
  { words: 'oxygen', flag: 'vulnerable_occupant' },
  { words: 'fauteuil roulant', flag: 'vulnerable_occupant' },
  { words: 'wheelchair', flag: 'vulnerable_occupant' },
];

const DANGER_PHRASES = DANGER_WORDS.map((entry) => ({ ...entry, key: ` ${normaliseText(entry.words)} ` }));

/** The danger phrases found in a description (as listed in DANGER_WORDS), in list order, each once. */
export function dangerWordsIn(description: string): { words: string; flag: UrgencyFlag }[] {
  const text = ` ${normaliseText(description)} `;
  return DANGER_PHRASES.filter((entry) => text.includes(entry.key)).map(({ words, flag }) => ({
    words,
    flag,
  }));
}

/** What a filing's safety answers and description decide, before the landlord's rules are applied. */
export interface SafetyAssessment {
  /** The flags the urgency rules are evaluated on: every "yes" and every flag a danger word implies. */
  flags: UrgencyFlag[];
  /** The category's questions nobody answered. */
  unknown: UrgencyFlag[];
  /** The danger phrases found in the description. */
  dangerWords: string[];
  /** True when staff should read the complaint before trusting its urgency: a danger word or an unknown. */
  review: boolean;
}

/**
 * How safety answers become urgency flags (issue 14, J2). The urgency is the maximum over what is known:
 * every question answered "yes" and every flag a danger word of the description implies — a "no" never
 * cancels what the description says, and an unanswered question ("unknown") adds no flag but is never
 * read as "no" either: the complaint is marked for staff review, so a person decides instead of a guess.
 * Answers to questions outside the category's list still count when "yes" (an agent may know more).
 *
 * `answers` maps a flag to yes/no; a flag absent, or any other value, is unknown. Unknown flags outside
 * URGENCY_FLAGS are ignored.
 */
export function assessSafety(
  category: Category,
  answers: Partial<Record<string, SafetyAnswer>>,
  description: string,
): SafetyAssessment {
  const yes = URGENCY_FLAGS.filter((flag) => answers[flag] === 'yes');
  const found = dangerWordsIn(description);
  const flags = URGENCY_FLAGS.filter((flag) => yes.includes(flag) || found.some((d) => d.flag === flag));
  const relevant = SAFETY_QUESTIONS_BY_CATEGORY[category] ?? [];
  const unknown = relevant.filter((flag) => answers[flag] !== 'yes' && answers[flag] !== 'no');
  return {
    flags: [...flags],
    unknown: [...unknown],
    dangerWords: found.map((d) => d.words),
    review: found.length > 0 || unknown.length > 0,
  };
}

/**
 * Answers from the two lists a form or the API gives: the flags answered yes and those answered no; a
 * flag in both counts as yes (the safer reading).
 */
export function safetyAnswers(
  yes: readonly string[],
  no: readonly string[] = [],
): Partial<Record<UrgencyFlag, SafetyAnswer>> {
  const out: Partial<Record<UrgencyFlag, SafetyAnswer>> = {};
  for (const flag of URGENCY_FLAGS) {
    if (yes.includes(flag)) out[flag] = 'yes';
    else if (no.includes(flag)) out[flag] = 'no';
  }
  return out;
}
