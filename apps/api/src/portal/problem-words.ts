import type { FieldProblem, ProblemParam } from '../common/field-problems';
import type { Lang } from './i18n';

/** How one check's failure is said to a person: fixed words, or words built from its parameters. */
type Say = string | ((params: Record<string, ProblemParam>) => string);

/** A bound as the sentence quotes it (a missing parameter shows as `?` rather than `undefined`). */
const n = (value: ProblemParam | undefined): string => (value === undefined ? '?' : String(value));

/** A list parameter as a sentence quotes it. */
const list = (value: ProblemParam | undefined): string =>
  Array.isArray(value) ? value.join(', ') : n(value as ProblemParam | undefined);

/** A bound in hours as whole days (an appointment's longest length, 168 h → 7). */
const days = (hours: ProblemParam | undefined): string =>
  typeof hours === 'number' ? String(Math.round(hours / 24)) : '?';

/**
 * What to do about a failing check, by its code (`FieldProblem.code`: class-validator's constraint names
 * and ours from `common/validation.ts`), without the field's code name. French first; English has the
 * same codes. A code missing here is worded as `invalid` ("this value is not accepted") in the page's
 * language: a page never shows the English `message`, which is for developers and JSON API readers.
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
    arrayMinSize: (p) => `Indiquez au moins ${n(p.min)} élément(s).`,
    // The domain's codes (libs/domain `fieldError`, libs/complaints).
    required: 'Ce champ est obligatoire.',
    invalid: 'Cette valeur n’est pas acceptée : vérifiez-la.',
    appointmentTooFarPast: (p) => `Choisissez un début qui n’est pas passé de plus de ${n(p.hours)} heures.`,
    appointmentTooFarAhead: (p) => `Choisissez une date à moins de ${n(p.days)} jours d’ici.`,
    appointmentEndBeforeStart: 'La fin doit venir après le début : choisissez une fin plus tardive.',
    appointmentTooLong: (p) =>
      `Un rendez-vous dure au plus ${days(p.hours)} jours : choisissez une fin plus proche du début.`,
    sameContractor: 'Cette entreprise est déjà désignée : choisissez-en une autre.',
    unknownContractor: 'Choisissez une entreprise active de ce bailleur.',
    sameLevel: 'Le dossier a déjà ce niveau : choisissez-en un autre.',
    noUrgencyDecision: 'Ce dossier n’a pas de niveau d’urgence à modifier.',
    unchanged:
      'Changez la catégorie ou les questions cochées : rien ne diffère de ce que le dossier indique.',
    visitNotAllowed: 'Seul le personnel du bailleur peut enregistrer une visite.',
    publicTextNotAllowed: 'Vous ne pouvez pas écrire de texte destiné au locataire.',
    internalTextNotAllowed: 'Vous ne pouvez pas écrire de note interne.',
    visibilityNotAllowed: 'Cette visibilité ne vous est pas ouverte : choisissez l’autre.',
    unknownLandlord: 'Choisissez un bailleur de la liste.',
    unknownAgency: 'Choisissez une agence de ce bailleur.',
    inactiveAgency: 'Cette agence est désactivée : choisissez une agence active.',
    mergeIntoItself: 'Choisissez une autre fiche que celle-ci.',
    mergedAlready: 'Cette fiche a déjà été fusionnée dans une autre : choisissez la fiche gardée.',
    inactiveTarget: 'Cette fiche est désactivée : réactivez-la d’abord, ou choisissez-en une autre.',
    unknownResidence: 'Choisissez une résidence de ce bailleur.',
    requiredForChannel: 'Indiquez ce contact : il sert à prévenir le locataire par le moyen choisi.',
    landlineNoSms:
      'Ce numéro est un fixe : il ne reçoit pas de SMS. Gardez-le pour les appels et choisissez l’e-mail ou aucun message.',
    intRange: (p) => `Saisissez un nombre entier de ${n(p.min)} à ${n(p.max)}.`,
    idFormat: 'Utilisez des lettres minuscules, des chiffres et _, en commençant par une lettre.',
    duplicateId: (p) => `L’identifiant ${n(p.id)} est déjà utilisé.`,
    duplicateRank: (p) => `Un autre niveau a déjà le rang ${n(p.rank)}.`,
    needsAcknowledgeDeadline: 'Chaque niveau fixe un délai de prise en charge.',
    unknownLevel: 'Indiquez l’identifiant d’un niveau défini.',
    dayOfYear: 'Saisissez un jour qui existe, au format MM-JJ (par exemple 10-15).',
    keywordFormat: (p) => `Saisissez des lettres ou des chiffres (au plus ${n(p.max)} caractères).`,
    timeOfDay: 'Saisissez une heure valide (hh:mm).',
    endBeforeStart: 'La fin doit venir après le début.',
    isMobile: 'Saisissez un numéro de portable : l’alerte part par SMS.',
    oneSupervisor: 'Une astreinte n’a qu’un responsable.',
    distinctRank: (p) => `Choisissez un rang de 1 à ${n(p.max)}, différent pour chaque personne.`,
    timeZone: 'Choisissez un fuseau horaire de la liste (par exemple Europe/Paris).',
    calendarDays: (p) => `Ces jours n’existent pas : ${list(p.days)}.`,
    ownAccount: 'Vous ne pouvez pas modifier votre propre compte : demandez-le à un autre administrateur.',
    wrongPassword: 'Le mot de passe actuel n’est pas le bon.',
    wrongCode: 'Ce code n’est pas le bon : saisissez celui que l’application affiche maintenant.',
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
    arrayMinSize: (p) => `Give at least ${n(p.min)} item(s).`,
    required: 'This field is required.',
    invalid: 'This value is not accepted: check it.',
    appointmentTooFarPast: (p) => `Choose a start no more than ${n(p.hours)} hours in the past.`,
    appointmentTooFarAhead: (p) => `Choose a date less than ${n(p.days)} days from now.`,
    appointmentEndBeforeStart: 'The end must come after the start: choose a later end.',
    appointmentTooLong: (p) =>
      `An appointment lasts at most ${days(p.hours)} days: choose an end closer to the start.`,
    sameContractor: 'This contractor is already assigned: choose another one.',
    unknownContractor: 'Choose an active contractor of this landlord.',
    sameLevel: 'The complaint already has this level: choose another one.',
    noUrgencyDecision: 'This complaint has no urgency level to change.',
    unchanged:
      'Change the category or the questions ticked: nothing differs from what the complaint records.',
    visitNotAllowed: 'Only the landlord’s staff can record a visit.',
    publicTextNotAllowed: 'You cannot write text for the tenant.',
    internalTextNotAllowed: 'You cannot write an internal note.',
    visibilityNotAllowed: 'This visibility is not open to you: choose the other one.',
    unknownLandlord: 'Choose a landlord from the list.',
    unknownAgency: 'Choose an agency of this landlord.',
    inactiveAgency: 'This agency is deactivated: choose an active one.',
    mergeIntoItself: 'Choose another record than this one.',
    mergedAlready: 'That record was already merged into another: choose the record kept.',
    inactiveTarget: 'That record is deactivated: reactivate it first, or choose another.',
    unknownResidence: 'Choose a residence of this landlord.',
    requiredForChannel: 'Enter this contact: it is how the tenant is told, by the means chosen.',
    landlineNoSms:
      'This number is a landline: it cannot receive text messages. Keep it for calls and choose email or no messages.',
    intRange: (p) => `Enter a whole number from ${n(p.min)} to ${n(p.max)}.`,
    idFormat: 'Use lower-case letters, digits and _, starting with a letter.',
    duplicateId: (p) => `The id ${n(p.id)} is already used.`,
    duplicateRank: (p) => `Another level already has rank ${n(p.rank)}.`,
    needsAcknowledgeDeadline: 'Every level sets an acknowledgement deadline.',
    unknownLevel: 'Enter the id of a level that is defined.',
    dayOfYear: 'Enter a day that exists, as MM-DD (for example 10-15).',
    keywordFormat: (p) => `Enter letters or digits (at most ${n(p.max)} characters).`,
    timeOfDay: 'Enter a valid time (hh:mm).',
    endBeforeStart: 'The end must come after the start.',
    isMobile: 'Enter a mobile number: the alert is a text message.',
    oneSupervisor: 'A rota has one supervisor.',
    distinctRank: (p) => `Choose a rank from 1 to ${n(p.max)}, different for each person.`,
    timeZone: 'Choose a time zone from the list (for example Europe/London).',
    calendarDays: (p) => `These days do not exist: ${list(p.days)}.`,
    ownAccount: 'You cannot change your own account: ask another administrator.',
    wrongPassword: 'The current password is not the right one.',
    wrongCode: 'This code is not the right one: enter the one the app shows now.',
  },
};

/**
 * A coded field problem in the page's language; a code with no words here is said as `invalid` (never the
 * English `message`).
 */
export function sayProblem(problem: Pick<FieldProblem, 'code' | 'params' | 'message'>, lang: Lang): string {
  const words = PROBLEM_WORDS[lang];
  const say = Object.hasOwn(words, problem.code) ? words[problem.code] : words.invalid;
  return typeof say === 'string' ? say : say(problem.params ?? {});
}

/** Whether a code has its own words (tests check every code the domain and DTOs use has). */
export const hasProblemWords = (code: string, lang: Lang): boolean =>
  Object.hasOwn(PROBLEM_WORDS[lang], code);
