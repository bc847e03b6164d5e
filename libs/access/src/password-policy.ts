import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';
import { DomainError } from '@suivi/domain';

/**
 * The password policy, applied wherever a password is set (an administrator's creation, a change, a reset):
 * at least 12 characters (NIST SP 800-63B allows 8; staff accounts open personal data, so more), at most
 * 200, and an estimated strength of at least 3 on zxcvbn's 0–4 scale (about 10^8 guesses: "safely
 * unguessable" for an online attack under our sign-in limits, and beyond common and trivial passwords).
 * zxcvbn-ts checks against the common-password, French and English dictionaries, keyboard patterns,
 * repeats and sequences, and the person's own words (e-mail, name, landlord) passed as `userInputs`.
 */
export const PASSWORD_POLICY = { minLength: 12, maxLength: 200, minScore: 3 } as const;

export type PasswordLang = 'fr' | 'en';

const dictionary = { ...common.dictionary, ...fr.dictionary, ...en.dictionary };
const checkers: Partial<Record<PasswordLang, ZxcvbnFactory>> = {};

/** One checker per language (the feedback is translated; the estimate is the same). Built on first use. */
function checker(lang: PasswordLang): ZxcvbnFactory {
  return (checkers[lang] ??= new ZxcvbnFactory({
    dictionary,
    graphs: common.adjacencyGraphs,
    translations: lang === 'fr' ? fr.translations : en.translations,
  }));
}

const SAY = {
  fr: {
    short: (n: number) => `Le mot de passe doit compter au moins ${n} caractères.`,
    long: (n: number) => `Le mot de passe doit compter au plus ${n} caractères.`,
    weak: 'Ce mot de passe est trop facile à deviner.',
    advice: 'Choisissez plusieurs mots peu courants, sans lien avec votre nom ou votre adresse e-mail.',
  },
  en: {
    short: (n: number) => `The password must be at least ${n} characters long.`,
    long: (n: number) => `The password must be at most ${n} characters long.`,
    weak: 'This password is too easy to guess.',
    advice: 'Choose several uncommon words, unrelated to your name or e-mail address.',
  },
} as const;

/** The words of a person that must not make up their password: e-mail (and its parts), names, landlords. */
export function passwordUserInputs(...inputs: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const input of inputs) {
    if (!input) continue;
    const lower = input.toLowerCase();
    words.add(lower);
    for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Why the password is refused, in the reader's language (the policy's rule, then zxcvbn's own warning and
 * suggestion), or null when it is accepted.
 */
export function passwordProblem(
  password: string,
  userInputs: string[],
  lang: PasswordLang = 'en',
): string | null {
  const say = SAY[lang];
  // Counted in code points, so an accented or emoji password is not measured in UTF-16 halves.
  const length = [...password].length;
  if (password.trim().length === 0 || length < PASSWORD_POLICY.minLength) {
    return say.short(PASSWORD_POLICY.minLength);
  }
  if (length > PASSWORD_POLICY.maxLength) return say.long(PASSWORD_POLICY.maxLength);
  const result: ZxcvbnResult = checker(lang).check(password, userInputs);
  if (result.score >= PASSWORD_POLICY.minScore) return null;
  const hints = [result.feedback.warning, ...result.feedback.suggestions].filter(
    (h): h is string => typeof h === 'string' && h.length > 0,
  );
  return [say.weak, ...(hints.length ? hints : [say.advice])].join(' ');
}

/** Throws a 400 naming `field` when the policy refuses the password (see `passwordProblem`). */
export function assertPasswordAllowed(password: string, userInputs: string[], field = 'password'): void {
  const problem = passwordProblem(password, userInputs, 'en');
  if (problem) throw DomainError.invalidInput([{ field, message: problem }]);
}
