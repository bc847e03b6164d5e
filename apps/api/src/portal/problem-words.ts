import type { FieldProblem, ProblemParam } from '../common/field-problems';
import type { Lang } from './i18n';

/** How one check's failure is said to a person: fixed words, or words built from its parameters. */
type Say = string | ((params: Record<string, ProblemParam>) => string);

/** A bound as the sentence quotes it (a missing parameter shows as `?` rather than `undefined`). */
const n = (value: ProblemParam | undefined): string => (value === undefined ? '?' : String(value));

/**
 * What to do about a failing check, by its code (`FieldProblem.code`: class-validator's constraint names
 * and ours from `common/validation.ts`), without the field's code name. French first; English has the
 * same codes. A code missing here is shown with its English `message`, as before codes existed.
 */
const PROBLEM_WORDS: { fr: Record<string, Say>; en: Record<string, Say> } = {
  fr: {
    isNotEmpty: 'Ce champ est obligatoire.',
    isDefined: 'Ce champ est obligatoire.',
    hasText: 'Saisissez du texte : des espaces seuls ne suffisent pas.',
    oneLine: 'Saisissez ce champ sur une seule ligne.',
    noNul: 'Ce texte contient un caractère invisible interdit : retapez-le.',
    noControlCharacters: 'Ce texte contient un caractère de contrôle invisible : retapez-le.',
    wellFormedUnicode: 'Ce texte contient un caractère mal formé : retapez-le.',
    isObject: 'Le format n’est pas reconnu.',
    isoDateTime: 'Saisissez une date et une heure valides, par exemple 2026-12-01T08:00:00+01:00.',
    whitelistValidation: 'Ce champ n’est pas attendu ici.',
    isArray: 'Saisissez une liste.',
    isEmail: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    isMailbox: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    isPhoneNumber: 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.',
    minLength: (p) => `Saisissez au moins ${n(p.min)} caractères.`,
    maxLength: (p) => `Saisissez au plus ${n(p.max)} caractères.`,
    isLength: (p) =>
      p.bound === 'min'
        ? `Saisissez au moins ${n(p.min)} caractères.`
        : `Saisissez au plus ${n(p.max)} caractères.`,
    isIn: 'Choisissez une des options proposées.',
    isEnum: 'Choisissez une des options proposées.',
    isUUID: 'Choisissez une des options proposées.',
    isInt: 'Saisissez un nombre entier.',
    isNumber: 'Saisissez un nombre entier.',
    min: (p) => `Saisissez un nombre supérieur ou égal à ${n(p.min)}.`,
    max: (p) => `Saisissez un nombre inférieur ou égal à ${n(p.max)}.`,
    isBoolean: 'Cochez ou décochez cette case.',
    isDateString: 'Saisissez une date valide.',
    isISO8601: 'Saisissez une date valide.',
    isDate: 'Saisissez une date valide.',
    isString: 'Saisissez un texte.',
    matches: 'Le format n’est pas reconnu.',
    arrayMaxSize: (p) => `Choisissez au plus ${n(p.max)} éléments.`,
  },
  en: {
    isNotEmpty: 'This field is required.',
    isDefined: 'This field is required.',
    hasText: 'Enter some text: spaces alone are not enough.',
    oneLine: 'Enter this on one line.',
    noNul: 'This text holds a forbidden invisible character: type it again.',
    noControlCharacters: 'This text holds an invisible control character: type it again.',
    wellFormedUnicode: 'This text holds a malformed character: type it again.',
    isObject: 'The format is not recognised.',
    isoDateTime: 'Enter a valid date and time, for example 2026-12-01T08:00:00+01:00.',
    whitelistValidation: 'This field is not expected here.',
    isArray: 'Enter a list.',
    isEmail: 'Enter a valid email address, for example name@example.com.',
    isMailbox: 'Enter a valid email address, for example name@example.com.',
    isPhoneNumber: 'Enter a valid phone number, for example 06 12 34 56 78.',
    minLength: (p) => `Enter at least ${n(p.min)} characters.`,
    maxLength: (p) => `Enter at most ${n(p.max)} characters.`,
    isLength: (p) =>
      p.bound === 'min' ? `Enter at least ${n(p.min)} characters.` : `Enter at most ${n(p.max)} characters.`,
    isIn: 'Choose one of the options offered.',
    isEnum: 'Choose one of the options offered.',
    isUUID: 'Choose one of the options offered.',
    isInt: 'Enter a whole number.',
    isNumber: 'Enter a whole number.',
    min: (p) => `Enter a number greater than or equal to ${n(p.min)}.`,
    max: (p) => `Enter a number less than or equal to ${n(p.max)}.`,
    isBoolean: 'Tick or untick this box.',
    isDateString: 'Enter a valid date.',
    isISO8601: 'Enter a valid date.',
    isDate: 'Enter a valid date.',
    isString: 'Enter some text.',
    matches: 'The format is not recognised.',
    arrayMaxSize: (p) => `Choose at most ${n(p.max)} items.`,
  },
};

/** A coded field problem in the page's language, or its English `message` when the code has no words. */
export function sayProblem(problem: Pick<FieldProblem, 'code' | 'params' | 'message'>, lang: Lang): string {
  const say = Object.hasOwn(PROBLEM_WORDS[lang], problem.code)
    ? PROBLEM_WORDS[lang][problem.code]
    : undefined;
  if (say === undefined) return problem.message;
  return typeof say === 'string' ? say : say(problem.params);
}
