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
    ackDueBy: 'Prise en charge attendue avant le',
    ackLateSince: 'délai de prise en charge dépassé depuis le',
    ackUndated: 'Pas encore de réponse (aucun délai de prise en charge fixé).',
    actionsTitle: 'Ce que vous pouvez faire',
    actionsIntro:
      'Pour le locataire, avec son accord. Le bailleur et le locataire verront ce que vous écrivez dans l’historique.',
    actionLabels: {
      note: 'Ajouter une note',
      visit: 'Enregistrer un constat de visite',
      escalate: 'Demander un réexamen',
      reopen: 'Rouvrir le dossier',
    } as Record<string, string>,
    actionText: {
      note: 'Votre note',
      visit: 'Ce que vous avez constaté au domicile',
      escalate: 'Pourquoi demandez-vous un réexamen ?',
      reopen: 'Pourquoi rouvrir le dossier ?',
    } as Record<string, string>,
    actionHint: {
      note: 'Visible du bailleur et du locataire.',
      visit:
        'Par exemple : moisissures au plafond de la chambre, fenêtre qui ne ferme plus. Date de la visite si ce n’est pas aujourd’hui.',
      escalate:
        'Au nom du locataire : un responsable du bailleur réexaminera le traitement du dossier, avec son propre délai de réponse.',
      reopen: 'Le problème est revenu, ou n’a pas été réglé.',
    } as Record<string, string>,
    actionDone: {
      note: 'Votre note est enregistrée.',
      visit: 'Votre constat de visite est enregistré.',
      escalate: 'La demande de réexamen est enregistrée. Un responsable du bailleur va répondre.',
      reopen: 'Le dossier est rouvert. Le bailleur va le reprendre.',
    } as Record<string, string>,
    missingText: 'Écrivez quelques mots.',
    tooLong: 'Ce texte est trop long (5 000 caractères au plus).',
    conflict:
      'Le dossier a changé pendant que vous le lisiez (quelqu’un d’autre a agi). Voici son état actuel ; votre texte est conservé si l’action est encore possible.',
    reopenExpired:
      'Le délai pour rouvrir ce dossier est passé. Vous pouvez encore demander un réexamen au nom du locataire.',
    searchKeeps: 'La recherche garde tout ce que vous avez déjà saisi dans le formulaire.',
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
    ackDueBy: 'Acknowledgement due by',
    ackLateSince: 'acknowledgement deadline passed on',
    ackUndated: 'Not answered yet (no acknowledgement deadline set).',
    actionsTitle: 'What you can do',
    actionsIntro:
      'For the tenant, with their agreement. The landlord and the tenant will see what you write in the history.',
    actionLabels: {
      note: 'Add a note',
      visit: 'Record a visit finding',
      escalate: 'Ask for a review',
      reopen: 'Reopen the case',
    } as Record<string, string>,
    actionText: {
      note: 'Your note',
      visit: 'What you saw at the tenant’s home',
      escalate: 'Why are you asking for a review?',
      reopen: 'Why reopen the case?',
    } as Record<string, string>,
    actionHint: {
      note: 'The landlord and the tenant can read it.',
      visit:
        'For example: mould on the bedroom ceiling, a window that no longer shuts. The date of the visit if not today.',
      escalate:
        'On the tenant’s behalf: a manager at the landlord reviews how the case was handled, with its own deadline to answer.',
      reopen: 'The problem came back, or was not fixed.',
    } as Record<string, string>,
    actionDone: {
      note: 'Your note is recorded.',
      visit: 'Your visit finding is recorded.',
      escalate: 'The review request is recorded. A manager at the landlord will answer.',
      reopen: 'The case is reopened. The landlord will take it up again.',
    } as Record<string, string>,
    missingText: 'Write a few words.',
    tooLong: 'This text is too long (5,000 characters at most).',
    conflict:
      'The case changed while you were reading it (someone else acted). Here is how it stands now; your text is kept if the action is still possible.',
    reopenExpired:
      'The time to reopen this case has passed. You can still ask for a review on the tenant’s behalf.',
    searchKeeps: 'Searching keeps everything you have already typed in the form.',
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
