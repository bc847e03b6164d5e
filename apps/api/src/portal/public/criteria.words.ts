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
    draftVersion: (v: number) => `Brouillon de la version ${v}, pas encore publié`,
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
    unless: (k: string) => `sauf si elle parle de : ${k}`,
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
    questions: 'Les questions posées lors d’un signalement',
    questionsIntro:
      'Selon le problème, le locataire répond par oui ou par non à certaines de ces questions ; chaque « oui » compte dans les règles ci-dessus.',
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
    history: 'Un historique que le bailleur ne peut pas réécrire',
    historyIntro:
      'Chaque événement des signalements et chaque note de satisfaction entre dans un journal public à ajout seul. Suivi en signe régulièrement l’état (un « point de contrôle ») avec la clé publique ci-dessous ; les fédérations qui conservent ces points de contrôle peuvent prouver qu’aucun historique n’a été modifié, tronqué ou supprimé ensuite.',
    key: 'Clé publique des points de contrôle :',
    latest: 'Dernier point de contrôle :',
    forFederations: 'Pour les fédérations : ce qui est prouvé et comment vérifier',
    transparencyTitle: (landlord: string) => `Historiques vérifiables — ${landlord}`,
    proven: 'Ce qui est prouvé',
    provenText:
      'Le journal du bailleur est un arbre de Merkle à ajout seul (RFC 6962 / 9162) : une feuille par événement et par note de satisfaction, dans l’ordre d’enregistrement. Une feuille ne contient que des faits publics : code du bailleur, identifiant public aléatoire du signalement, numéro d’ordre, action, états, rôle de l’auteur, date et empreinte de l’événement. Aucun nom, aucune coordonnée, aucun texte libre : l’effacement des données personnelles ne casse aucune preuve. Un point de contrôle signé fixe la taille et la racine de l’arbre à un instant donné ; tout export ultérieur doit le prolonger. Une modification, une suppression (y compris du dernier événement), un réordonnancement, un doublon, une chaîne recalculée ou un en-tête modifié rompt cette cohérence.',
    save: 'Conserver les points de contrôle',
    saveText:
      'Chaque nouveau point de contrôle est envoyé par e-mail aux auditeurs de fédération du bailleur ; conservez-le dans un dossier, sous forme de fichier .checkpoint. Vous pouvez aussi le télécharger vous-même, par exemple toutes les heures :',
    verify: 'Vérifier un export',
    verifyText:
      'Téléchargez l’export de la fédération (events.ndjson), puis vérifiez-le contre tous les points de contrôle conservés. Un échec nomme le point de contrôle concerné et, si possible, le signalement ; les événements postérieurs au dernier point de contrôle sont signalés comme « pas encore ancrés ».',
    rotation:
      'Changement de clé : la nouvelle clé est publiée à côté de l’ancienne et signe avec elle pendant une période de recouvrement ; gardez l’ancienne clé dans votre liste de confiance pour vérifier les points de contrôle déjà conservés.',
    noCheckpoint: 'Aucun point de contrôle pour le moment.',
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
    draftVersion: (v: number) => `Draft of version ${v}, not yet published`,
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
    unless: (k: string) => `unless it speaks of: ${k}`,
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
    questions: 'The questions asked when reporting a problem',
    questionsIntro:
      'Depending on the problem, the tenant answers some of these questions yes or no; each “yes” counts in the rules above.',
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
    history: 'A history the landlord cannot rewrite',
    historyIntro:
      'Every event of the complaints and every satisfaction rating enters a public append-only log. Suivi regularly signs its state (a “checkpoint”) with the public key below; federations that keep these checkpoints can prove that no history was later changed, truncated or deleted.',
    key: 'Checkpoint public key:',
    latest: 'Latest checkpoint:',
    forFederations: 'For federations: what is proven and how to verify',
    transparencyTitle: (landlord: string) => `Verifiable histories — ${landlord}`,
    proven: 'What is proven',
    provenText:
      'The landlord’s log is an append-only Merkle tree (RFC 6962 / 9162): one leaf per event and per satisfaction rating, in the order they were recorded. A leaf holds public facts only: the landlord’s code, the complaint’s random public id, the sequence number, action, states, the author’s role, the time and the event’s hash. No name, no contact details, no free text: erasing personal data never breaks a proof. A signed checkpoint pins the tree’s size and root at one moment; every later export must extend it. A change, a deletion (the last event included), a reordering, a duplicate, a recomputed chain or a changed header breaks that consistency.',
    save: 'Keeping checkpoints',
    saveText:
      'Each new checkpoint is e-mailed to the landlord’s federation auditors; keep it in a folder, as a .checkpoint file. You can also fetch it yourself, for example every hour:',
    verify: 'Verifying an export',
    verifyText:
      'Download the federation export (events.ndjson), then verify it against every checkpoint you kept. A failure names the checkpoint and, when it can, the complaint; events newer than the newest checkpoint are reported as “not yet anchored”.',
    rotation:
      'Key rotation: the new key is published beside the old one and signs with it during an overlap; keep the old key in your trusted list to verify the checkpoints you already kept.',
    noCheckpoint: 'No checkpoint yet.',
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
