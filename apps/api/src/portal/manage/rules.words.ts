/**
 * The words of the rules pages (`rules.view.tsx`, `rules-parts.view.tsx`), French and English.
 */
import { dictionary } from '../i18n';

export const words = dictionary({
  fr: {
    title: 'Règles d’urgence',
    intro:
      'Les règles donnent à chaque signalement un niveau d’urgence et ses délais. Chaque publication crée une nouvelle version ; les anciennes restent consultables, et chaque dossier garde la version qui l’a évalué.',
    current: (v: number) =>
      v === 0 ? 'Version en vigueur : règles par défaut du pays' : `Version en vigueur : ${v}`,
    publishedOn: 'Publiée le',
    publishedBy: 'par',
    presetNote: 'Aucune version publiée : les règles par défaut du pays s’appliquent.',
    levels: 'Niveaux et délais',
    level: 'Niveau',
    stage: { acknowledge: 'Accusé de réception', intervene: 'Intervention', resolve: 'Résolution' } as Record<
      string,
      string
    >,
    rules: 'Règles',
    rule: 'Règle',
    when: 'S’applique si',
    explanation: 'Explication donnée au locataire',
    otherwise: 'Sinon',
    categories: 'catégorie',
    flags: 'réponse « oui »',
    keywords: 'mots',
    requires: 'et seulement si',
    season: { heating: 'en période de chauffe', outside_heating: 'hors période de chauffe' } as Record<
      string,
      string
    >,
    always: 'toujours',
    history: 'Historique des versions',
    version: 'Version',
    by: 'Publiée par',
    view: (v: number) => `Voir la version ${v}`,
    unknownUser: 'compte supprimé',
    edit: 'Modifier les règles',
    editIntro:
      'Le formulaire ci-dessous part de la version en vigueur. Modifiez les niveaux, les délais et les règles, vérifiez le brouillon, regardez l’aperçu de la page publique ou essayez-le sur un exemple, puis publiez-le. Rien n’est publié tant que vous n’avez pas cliqué sur « Publier cette version ».',
    example: 'Exemple de signalement pour l’essai',
    category: 'Catégorie du problème',
    exampleFlags: 'Réponses « oui » du locataire',
    description: 'Description (mots du locataire)',
    date: 'Date du signalement',
    dateHint: 'Pour la période de chauffe et les jours ouvrés ; aujourd’hui si vide.',
    tryIt: 'Essayer sur cet exemple',
    publish: 'Publier cette version',
    results: 'Résultat de l’essai',
    currentRules: (v: number) => `Règles en vigueur (version ${v})`,
    draftRules: 'Règles modifiées (non publiées)',
    draftInvalid: 'Les règles modifiées contiennent des erreurs : corrigez-les pour voir leur décision.',
    matched: 'Règles appliquées',
    noneMatched: 'aucune : niveau par défaut',
    raised: 'Relevé d’un niveau : occupant vulnérable.',
    tenantResponsibility: 'Réparation peut-être à la charge du locataire (décret 87-712).',
    due: 'Échéances',
    published: 'Nouvelle version publiée : elle s’applique aux prochains signalements.',
    conflict:
      'Une autre version vient d’être publiée en même temps. Vérifiez l’historique, puis publiez à nouveau.',
    stale:
      'Une autre version a été publiée depuis l’ouverture de ce formulaire : rien n’a été publié. Vérifiez-la dans l’historique, puis rouvrez le formulaire pour la modifier.',
    messages: {
      category: 'Choisissez une catégorie.',
      description: 'Décrivez le problème (5 000 caractères au plus).',
      at: 'Donnez une date valide.',
      flags: 'Cochez des réponses de la liste.',
    } as Record<string, string>,
    oldTitle: (v: number) => `Version ${v} des règles`,
    oldIntro:
      'Une version publiée ne change plus. Pour repartir d’elle, reprenez-la dans l’éditeur puis publiez-la.',
    reuse: 'Reprendre cette version dans l’éditeur',
    json: 'Texte complet (JSON)',
    back: 'Retour aux règles en vigueur',
    hours: (n: number) => `${n} h`,
    workingDays: (n: number) => (n === 1 ? '1 jour ouvré' : `${n} jours ouvrés`),
    days: (n: number) => (n === 1 ? '1 jour' : `${n} jours`),
    none: '—',
  },
  en: {
    title: 'Urgency rules',
    intro:
      'The rules give each report an urgency level and its deadlines. Each publication creates a new version; older ones stay readable, and each case keeps the version that evaluated it.',
    current: (v: number) =>
      v === 0 ? 'Version in force: the country’s default rules' : `Version in force: ${v}`,
    publishedOn: 'Published on',
    publishedBy: 'by',
    presetNote: 'No version published yet: the country’s default rules apply.',
    levels: 'Levels and deadlines',
    level: 'Level',
    stage: { acknowledge: 'Acknowledgement', intervene: 'Intervention', resolve: 'Resolution' } as Record<
      string,
      string
    >,
    rules: 'Rules',
    rule: 'Rule',
    when: 'Applies when',
    explanation: 'Explanation given to the tenant',
    otherwise: 'Otherwise',
    categories: 'category',
    flags: '“yes” to',
    keywords: 'words',
    requires: 'and only if',
    season: { heating: 'in the heating season', outside_heating: 'outside the heating season' } as Record<
      string,
      string
    >,
    always: 'always',
    history: 'Version history',
    version: 'Version',
    by: 'Published by',
    view: (v: number) => `View version ${v}`,
    unknownUser: 'deleted account',
    edit: 'Edit the rules',
    editIntro:
      'The form below starts from the version in force. Change the levels, deadlines and rules, check the draft, look at the preview of the public page or try it on an example, then publish it. Nothing is published until you press “Publish this version”.',
    example: 'Example report for the trial',
    category: 'Problem category',
    exampleFlags: 'The tenant’s “yes” answers',
    description: 'Description (the tenant’s words)',
    date: 'Date of the report',
    dateHint: 'For the heating season and working days; today when empty.',
    tryIt: 'Try on this example',
    publish: 'Publish this version',
    results: 'Trial result',
    currentRules: (v: number) => `Rules in force (version ${v})`,
    draftRules: 'Edited rules (not published)',
    draftInvalid: 'The edited rules have errors: fix them to see their decision.',
    matched: 'Rules applied',
    noneMatched: 'none: default level',
    raised: 'Raised one level: vulnerable occupant.',
    tenantResponsibility: 'Repair may be the tenant’s responsibility (décret 87-712).',
    due: 'Deadlines',
    published: 'New version published: it applies to the next reports.',
    conflict: 'Another version was published at the same time. Check the history, then publish again.',
    stale:
      'Another version was published since this form was opened: nothing was published. Check it in the history, then open the form again to change it.',
    messages: {
      category: 'Choose a category.',
      description: 'Describe the problem (at most 5,000 characters).',
      at: 'Give a valid date.',
      flags: 'Tick answers from the list.',
    } as Record<string, string>,
    oldTitle: (v: number) => `Rules, version ${v}`,
    oldIntro: 'A published version never changes. To start from it, take it into the editor and publish it.',
    reuse: 'Take this version into the editor',
    json: 'Full text (JSON)',
    back: 'Back to the rules in force',
    hours: (n: number) => `${n} h`,
    workingDays: (n: number) => (n === 1 ? '1 working day' : `${n} working days`),
    days: (n: number) => (n === 1 ? '1 day' : `${n} days`),
    none: '—',
  },
});

export type Words = ReturnType<typeof words>;
