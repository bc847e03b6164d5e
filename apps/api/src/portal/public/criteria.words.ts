/**
 * The words of the public criteria page (a landlord's urgency rules and calendar), French and English,
 * and deadlines and days of the year in words.
 */
import type { Deadline } from '@suivi/domain';
import { dictionary, localeTag } from '../i18n';
import type { Lang } from '../i18n';

export const words = dictionary({
  fr: {
    title: (landlord: string) => `Critères d’urgence — ${landlord}`,
    intro:
      'Chaque signalement reçoit un niveau d’urgence selon ces règles, publiées par votre bailleur. Le niveau fixe les délais de chaque étape. Un chargé de clientèle peut relever le niveau, en le justifiant.',
    version: (v: number) => `Règles en vigueur : version ${v}`,
    publishedOn: (d: string) => `publiée le ${d}`,
    preset: 'les règles par défaut de Suivi pour ce pays (le bailleur n’a pas encore publié les siennes)',
    levels: 'Les niveaux et leurs délais',
    level: 'Niveau',
    none: '—',
    deadlineNote:
      'Les jours ouvrés excluent les week-ends, les jours fériés et les jours de fermeture du bailleur ; un délai en jours ouvrés finit le soir du dernier jour.',
    situations: 'Quelles situations mènent à quel niveau',
    when: 'Quand :',
    category: (c: string) => `le problème est « ${c} »`,
    answerYes: (q: string) => `vous répondez oui à « ${q} »`,
    keywords: (k: string) => `la description contient : ${k}`,
    and: 'et',
    or: 'ou',
    requires: (q: string) => `à condition de répondre oui à « ${q} »`,
    season: {
      heating: (from: string, to: string) => `pendant la période de chauffage (du ${from} au ${to})`,
      outside_heating: (from: string, to: string) => `hors période de chauffage (du ${from} au ${to})`,
    },
    always: 'dans tous les cas',
    tenantResponsibility:
      'Cette réparation peut être à la charge du locataire (décret 87-712) ; la sécurité est traitée d’abord.',
    otherwise: 'Dans les autres cas',
    vulnerable: 'Personne fragile dans le logement',
    vulnerableYes:
      'Si vous indiquez qu’une personne fragile vit chez vous (bébé, personne âgée, malade, handicap), le niveau monte d’un cran.',
    vulnerableNo: 'Ces règles ne relèvent pas le niveau quand une personne fragile vit dans le logement.',
    calendar: (year: number) => `Jours non ouvrés ${year} (jours fériés et fermetures)`,
    calendarTitle: (landlord: string, year: number) => `Jours non ouvrés ${year} — ${landlord}`,
    calendarIntro:
      'Ces jours ne comptent pas dans les délais en jours ouvrés, pas plus que les samedis et dimanches.',
    date: 'Date',
    why: 'Motif',
    closure: 'Fermeture du bailleur',
    noDays: 'Aucun jour pour cette année.',
    otherYears: 'Autres années',
    back: 'Retour aux critères d’urgence',
    units: {
      hours: (n: number, working: boolean) => `${n} heure${n > 1 ? 's' : ''}${working ? ' ouvrées' : ''}`,
      working_days: (n: number) => `${n} jour${n > 1 ? 's' : ''} ouvré${n > 1 ? 's' : ''}`,
      days: (n: number) => `${n} jour${n > 1 ? 's' : ''} (calendaires)`,
    },
  },
  en: {
    title: (landlord: string) => `Urgency criteria — ${landlord}`,
    intro:
      'Every report gets an urgency level under these rules, published by your landlord. The level sets the deadline of each step. An agent may raise the level, giving a reason.',
    version: (v: number) => `Rules in force: version ${v}`,
    publishedOn: (d: string) => `published on ${d}`,
    preset: 'Suivi’s default rules for this country (the landlord has not published its own yet)',
    levels: 'The levels and their deadlines',
    level: 'Level',
    none: '—',
    deadlineNote:
      'Working days leave out weekends, public holidays and the landlord’s closure days; a deadline in working days ends on the evening of the last day.',
    situations: 'Which situations lead to which level',
    when: 'When:',
    category: (c: string) => `the problem is “${c}”`,
    answerYes: (q: string) => `you answer yes to “${q}”`,
    keywords: (k: string) => `the description contains: ${k}`,
    and: 'and',
    or: 'or',
    requires: (q: string) => `provided you answer yes to “${q}”`,
    season: {
      heating: (from: string, to: string) => `during the heating period (${from} to ${to})`,
      outside_heating: (from: string, to: string) => `outside the heating period (${from} to ${to})`,
    },
    always: 'in every case',
    tenantResponsibility:
      'This repair may be the tenant’s responsibility (décret 87-712); safety is dealt with first.',
    otherwise: 'In every other case',
    vulnerable: 'Someone vulnerable in the home',
    vulnerableYes:
      'If you say someone vulnerable lives with you (baby, elderly, ill, disabled), the level goes up one step.',
    vulnerableNo: 'These rules do not raise the level when someone vulnerable lives in the home.',
    calendar: (year: number) => `Non-working days ${year} (public holidays and closures)`,
    calendarTitle: (landlord: string, year: number) => `Non-working days ${year} — ${landlord}`,
    calendarIntro: 'These days do not count in deadlines in working days, nor do Saturdays and Sundays.',
    date: 'Date',
    why: 'Reason',
    closure: 'Landlord closed',
    noDays: 'No days for this year.',
    otherYears: 'Other years',
    back: 'Back to the urgency criteria',
    units: {
      hours: (n: number, working: boolean) => `${n} ${working ? 'working ' : ''}hour${n > 1 ? 's' : ''}`,
      working_days: (n: number) => `${n} working day${n > 1 ? 's' : ''}`,
      days: (n: number) => `${n} calendar day${n > 1 ? 's' : ''}`,
    },
  },
});

/** A deadline in words: "3 jours ouvrés", "24 heures". */
export function deadlineWords(deadline: Deadline, lang: Lang): string {
  const u = words(lang).units;
  switch (deadline.unit) {
    case 'hours':
      return u.hours(deadline.amount, !!deadline.workingDaysOnly);
    case 'working_days':
      return u.working_days(deadline.amount);
    case 'days':
      return u.days(deadline.amount);
  }
}

/** `10-15` → "15 octobre" / "15 October". */
export function monthDay(md: string, lang: Lang): string {
  const [m, d] = md.split('-').map(Number);
  return new Intl.DateTimeFormat(localeTag(lang), {
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2001, m - 1, d)));
}
