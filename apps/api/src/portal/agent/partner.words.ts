/**
 * The words of the partners' area, French and English, and durations in words.
 */
import { dictionary } from '../i18n';
import type { Lang } from '../i18n';

export const words = dictionary({
  fr: {
    area: 'Espace partenaire',
    reports: 'Mes signalements',
    fileNav: 'Signaler pour un locataire',
    reportsTitle: 'Les signalements de votre structure',
    reportsIntro:
      'Chaque signalement déposé pour un locataire, et le temps que le bailleur a mis à chaque étape. Un signalement sans réponse est signalé comme tel.',
    none: 'Aucun signalement pour l’instant.',
    caption: 'Signalements et temps de réponse du bailleur',
    reference: 'Référence',
    yourRef: 'Votre dossier',
    landlord: 'Bailleur',
    category: 'Problème',
    filed: 'Déposé le',
    status: 'État',
    answer: 'Réponse du bailleur',
    notAnswered: 'Pas encore de réponse',
    waiting: (d: string) => `depuis ${d}`,
    answered: (d: string) => `Répondu ${d} après le dépôt`,
    steps: {
      acknowledged: 'Prise en charge',
      assigned: 'Entreprise désignée',
      worksChecked: 'Travaux vérifiés',
      closed: 'Dossier clos',
    } as Record<string, string>,
    timings: 'Temps de réponse du bailleur',
    timingsCaption: 'Chaque étape : quand, et combien de temps après le dépôt',
    step: 'Étape',
    when: 'Quand',
    after: 'Après le dépôt',
    notYet: 'pas encore',
    caseTitle: (ref: string) => `Signalement ${ref}`,
    history: 'Historique',
    fileTitle: 'Signaler un problème pour un locataire',
    fileIntro:
      'Avec l’accord du locataire. Il recevra lui-même la référence et le lien de suivi par SMS ou e-mail ; vous suivez la réponse du bailleur ici.',
    search: 'Trouver le logement',
    searchLabel: 'Adresse, code postal, ville ou nom de la résidence',
    searchHint: 'Par exemple 59000, ou « rue des Tilleuls ».',
    searchButton: 'Chercher',
    place: 'Résidence',
    placeHint: (n: number) =>
      n === 0
        ? 'Aucune résidence trouvée : modifiez la recherche ci-dessus.'
        : `${n} résidence(s) trouvée(s).`,
    choose: 'Choisir…',
    consent: 'Accord du locataire',
    consentOption: 'Le locataire a donné son accord pour ce signalement',
    caseReference: 'Référence de votre dossier',
    caseReferenceHint: 'Pour retrouver ce signalement dans vos propres dossiers.',
    submit: 'Envoyer le signalement',
    filedDone:
      'Signalement envoyé au bailleur. Le locataire reçoit la référence et le lien de suivi ; la réponse du bailleur s’affichera ici.',
  },
  en: {
    area: 'Partner area',
    reports: 'My reports',
    fileNav: 'Report for a tenant',
    reportsTitle: 'Your organisation’s reports',
    reportsIntro:
      'Every report filed for a tenant, and how long the landlord took at each step. A report with no answer is flagged as such.',
    none: 'No report yet.',
    caption: 'Reports and the landlord’s response times',
    reference: 'Reference',
    yourRef: 'Your case',
    landlord: 'Landlord',
    category: 'Problem',
    filed: 'Filed on',
    status: 'Status',
    answer: 'Landlord’s answer',
    notAnswered: 'Not answered yet',
    waiting: (d: string) => `for ${d}`,
    answered: (d: string) => `Answered ${d} after filing`,
    steps: {
      acknowledged: 'Acknowledged',
      assigned: 'Contractor assigned',
      worksChecked: 'Works checked',
      closed: 'Case closed',
    } as Record<string, string>,
    timings: 'The landlord’s response times',
    timingsCaption: 'Each step: when, and how long after filing',
    step: 'Step',
    when: 'When',
    after: 'After filing',
    notYet: 'not yet',
    caseTitle: (ref: string) => `Report ${ref}`,
    history: 'History',
    fileTitle: 'Report a problem for a tenant',
    fileIntro:
      'With the tenant’s agreement. The tenant gets the reference and the tracking link by text or email; you follow the landlord’s answer here.',
    search: 'Find the home',
    searchLabel: 'Address, postcode, town or residence name',
    searchHint: 'For example 59000, or “rue des Tilleuls”.',
    searchButton: 'Search',
    place: 'Residence',
    placeHint: (n: number) =>
      n === 0 ? 'No residence found: change the search above.' : `${n} residence(s) found.`,
    choose: 'Choose…',
    consent: 'Tenant’s agreement',
    consentOption: 'The tenant agreed to this report',
    caseReference: 'Your case reference',
    caseReferenceHint: 'To find this report in your own files.',
    submit: 'Send the report',
    filedDone:
      'Report sent to the landlord. The tenant gets the reference and the tracking link; the landlord’s answer will show here.',
  },
});

/** A duration in words: "3 jours et 4 heures", "less than an hour". */
export function durationWords(hours: number, lang: Lang): string {
  const fr = lang === 'fr';
  if (hours < 1) return fr ? 'moins d’une heure' : 'less than an hour';
  const whole = Math.round(hours);
  const days = Math.floor(whole / 24);
  const rest = whole % 24;
  const h = (n: number) => (fr ? `${n} heure${n > 1 ? 's' : ''}` : `${n} hour${n > 1 ? 's' : ''}`);
  const d = (n: number) => (fr ? `${n} jour${n > 1 ? 's' : ''}` : `${n} day${n > 1 ? 's' : ''}`);
  if (days === 0) return h(rest);
  if (rest === 0) return d(days);
  return `${d(days)} ${fr ? 'et' : 'and'} ${h(rest)}`;
}
