import type { Deadline, RuleSet, UrgencyLevel, UrgencyRule } from './rules';

const hours = (amount: number): Deadline => ({ amount, unit: 'hours' });
const wd = (amount: number): Deadline => ({ amount, unit: 'working_days' });
const days = (amount: number): Deadline => ({ amount, unit: 'days' });

/** Stage 2 of the Complaint Handling Code: acknowledge in 5 working days, answer in 20. */
const REVIEW = { review_acknowledge: wd(5), review: wd(20) };

/** The levels of the anchors, most urgent first. */
const LEVELS: UrgencyLevel[] = [
  {
    id: 'emergency',
    rank: 0,
    label: { fr: 'Urgence (danger)', en: 'Emergency' },
    deadlines: { acknowledge: hours(4), intervene: hours(24), resolve: wd(20), ...REVIEW },
  },
  {
    id: 'urgent',
    rank: 1,
    label: { fr: 'Urgent (1 jour ouvré)', en: 'Urgent (1 working day)' },
    deadlines: { acknowledge: wd(1), intervene: wd(1), resolve: wd(20), ...REVIEW },
  },
  {
    id: 'priority',
    rank: 2,
    label: { fr: 'Prioritaire (3 jours ouvrés)', en: 'Priority (3 working days)' },
    deadlines: { acknowledge: wd(1), intervene: wd(3), resolve: wd(20), ...REVIEW },
  },
  {
    id: 'standard',
    rank: 3,
    label: { fr: 'Sous 7 jours ouvrés', en: 'Within 7 working days' },
    deadlines: { acknowledge: wd(2), intervene: wd(7), resolve: wd(20), ...REVIEW },
  },
  {
    id: 'damp_investigation',
    rank: 4,
    label: {
      fr: 'Humidité : diagnostic sous 10 jours ouvrés',
      en: 'Damp: investigated within 10 working days',
    },
    deadlines: { acknowledge: wd(2), intervene: wd(10), resolve: days(60), ...REVIEW },
  },
  {
    id: 'routine',
    rank: 5,
    label: { fr: 'Courant (20 jours ouvrés)', en: 'Routine (20 working days)' },
    deadlines: { acknowledge: wd(5), intervene: wd(20), resolve: wd(20), ...REVIEW },
  },
  {
    id: 'planned',
    rank: 6,
    label: { fr: 'Travaux programmés (90 jours)', en: 'Planned works (90 days)' },
    deadlines: { acknowledge: wd(5), resolve: days(90), ...REVIEW },
  },
  {
    id: 'service_complaint',
    rank: 7,
    label: { fr: 'Réclamation sur le service', en: 'Complaint about the service' },
    deadlines: { acknowledge: wd(5), resolve: wd(10), ...REVIEW },
    raisable: false,
  },
];

type Words = Record<string, string[]>;

/** The rules of the anchors; keywords in the language of the tenants who write the descriptions. */
function rules(words: Words): UrgencyRule[] {
  return [
    {
      id: 'gas_or_co',
      level: 'emergency',
      categories: ['gas'],
      flags: ['gas_smell', 'co_alarm'],
      keywords: words.gas,
      explanation: {
        fr: 'Une odeur de gaz ou une alarme monoxyde de carbone est un danger immédiat : intervention sous 24 heures, week-end et jours fériés compris.',
        en: 'A gas smell or a carbon monoxide alarm is an immediate danger: someone comes within 24 hours, weekends and holidays included.',
      },
    },
    {
      id: 'live_wiring',
      level: 'emergency',
      flags: ['live_wiring', 'water_into_electrics'],
      keywords: words.wiring,
      explanation: {
        fr: 'Des fils électriques à nu ou de l’eau dans l’installation électrique sont un danger immédiat : mise en sécurité sous 24 heures.',
        en: 'Exposed live wiring or water in the electrics is an immediate danger: made safe within 24 hours.',
      },
    },
    {
      id: 'structural_risk',
      level: 'emergency',
      flags: ['structural_risk'],
      keywords: words.structure,
      explanation: {
        fr: 'Un risque d’effondrement est un danger immédiat : mise en sécurité sous 24 heures.',
        en: 'A risk of collapse is an immediate danger: made safe within 24 hours.',
      },
    },
    {
      id: 'trapped_in_lift',
      level: 'emergency',
      keywords: words.trapped,
      explanation: {
        fr: 'Une personne bloquée dans l’ascenseur est en danger : dépannage immédiat, sous 24 heures au plus tard.',
        en: 'A person stuck in the lift is in danger: released at once, within 24 hours at the latest.',
      },
    },
    {
      id: 'damp_vulnerable',
      level: 'emergency',
      categories: ['damp_mould'],
      flags: ['damp_mould'],
      requiresFlags: ['vulnerable_occupant'],
      explanation: {
        fr: 'De l’humidité ou des moisissures chez une personne vulnérable mettent sa santé en danger : intervention sous 24 heures.',
        en: 'Damp or mould where a vulnerable person lives puts their health at risk: someone comes within 24 hours.',
      },
    },
    {
      id: 'no_water_or_power',
      level: 'urgent',
      flags: ['no_water', 'no_power'],
      keywords: words.totalLoss,
      unlessKeywords: words.totalLossUnless,
      explanation: {
        fr: 'Le logement est sans eau ou sans électricité : intervention le jour ouvré suivant.',
        en: 'The home has no water or no power: someone comes by the next working day.',
      },
    },
    {
      id: 'no_heating_in_season',
      level: 'urgent',
      flags: ['no_heating', 'no_hot_water'],
      season: 'heating',
      explanation: {
        fr: 'Pas de chauffage ou d’eau chaude pendant la période de chauffe : intervention le jour ouvré suivant.',
        en: 'No heating or hot water in the heating season: someone comes by the next working day.',
      },
    },
    {
      id: 'insecure_entry',
      level: 'urgent',
      flags: ['insecure_entry'],
      keywords: words.insecure,
      unlessKeywords: words.insecureUnless,
      explanation: {
        fr: 'Le logement ne ferme plus : sécurisation le jour ouvré suivant.',
        en: 'The home cannot be secured: made secure by the next working day.',
      },
    },
    {
      id: 'partial_loss_or_leak',
      level: 'priority',
      categories: ['heating', 'hot_water', 'water_supply', 'plumbing_leak', 'drainage', 'electricity'],
      flags: ['water_leak', 'blocked_drain', 'no_heating', 'no_hot_water'],
      keywords: words.leak,
      explanation: {
        fr: 'Une fuite, un évier bouché ou la perte partielle d’un équipement essentiel : intervention sous 3 jours ouvrés.',
        en: 'A leak, a blocked sink or the partial loss of an essential service: someone comes within 3 working days.',
      },
    },
    {
      id: 'roof_or_entryphone',
      level: 'standard',
      categories: ['roof', 'entryphone', 'lift', 'locks_security', 'windows_doors'],
      explanation: {
        fr: 'Toiture qui fuit, interphone, ascenseur ou menuiseries : intervention sous 7 jours ouvrés.',
        en: 'Leaking roof, entryphone, lift, doors or windows: someone comes within 7 working days.',
      },
    },
    {
      id: 'damp_mould',
      level: 'damp_investigation',
      categories: ['damp_mould'],
      flags: ['damp_mould'],
      explanation: {
        fr: 'Humidité ou moisissures : diagnostic sous 10 jours ouvrés, puis travaux selon le diagnostic.',
        en: 'Damp or mould: investigated within 10 working days, then works as the investigation finds.',
      },
    },
    {
      id: 'improvement',
      level: 'planned',
      keywords: words.improvement,
      explanation: {
        fr: 'Une amélioration ou un remplacement programmable : travaux planifiés sous 90 jours.',
        en: 'An improvement or a replacement that can be planned: works within 90 days.',
      },
    },
    {
      id: 'service_complaint',
      level: 'service_complaint',
      categories: ['service'],
      explanation: {
        fr: 'Réclamation sur le service : accusé de réception sous 5 jours ouvrés, réponse sous 10 ; en cas de désaccord, un second examen (accusé sous 5, réponse sous 20).',
        en: 'Complaint about the service: acknowledged within 5 working days, answered within 10; if you disagree, a review (acknowledged within 5, answered within 20).',
      },
    },
    {
      id: 'tenant_upkeep',
      level: 'routine',
      keywords: words.upkeep,
      tenantResponsibility: true,
      explanation: {
        fr: 'Ce petit entretien est normalement à la charge du locataire (décret 87-712) ; nous vérifions d’abord qu’il n’y a pas de danger.',
        en: 'This minor upkeep is normally the tenant’s responsibility under the tenancy; we first check there is no danger.',
      },
    },
  ];
}

const DEFAULT_EXPLANATION = {
  fr: 'Demande courante : intervention sous 20 jours ouvrés.',
  en: 'Routine repair: someone comes within 20 working days.',
};

/** France: keywords in French (and the commonest English ones), heating period 15 October – 15 May. */
export const FRANCE_PRESET: RuleSet = {
  levels: LEVELS,
  rules: rules({
    gas: ['odeur de gaz', 'fuite de gaz', 'ca sent le gaz', 'monoxyde', 'detecteur de co', 'gas smell'],
    wiring: [
      'fils denudes',
      'fil denude',
      'fils electriques a nu',
      'fil electrique a nu',
      'fils a nu',
      'etincelles',
      'court circuit',
      'prise brulee',
      'eau dans le tableau',
      'eau sur les prises',
      'eau dans les prises',
      'fumee sort prise',
      'fumee sort tableau',
      'sent le brule',
      'odeur de brule',
    ],
    trapped: [
      'bloque dans l ascenseur',
      'bloquee dans l ascenseur',
      'bloques dans l ascenseur',
      'coince dans l ascenseur',
      'coincee dans l ascenseur',
      'enferme dans l ascenseur',
      'enfermee dans l ascenseur',
    ],
    leak: ['inondation', 'inonde', 'degat des eaux', 'fuite d eau'],
    structure: ['effondrement', 'plafond effondre', 'plafond menace', 'mur fissure', 'balcon instable'],
    totalLoss: ['plus d eau', 'pas d eau', 'plus d electricite', 'pas d electricite', 'plus de courant'],
    totalLossUnless: ['eau chaude', 'courant d air'],
    // The home's door or lock, or a broken pane: a cupboard or window that no longer closes is not entry.
    insecure: [
      'porte enfoncee',
      'porte d entree enfoncee',
      'porte fracturee',
      'porte d entree fracturee',
      'serrure cassee',
      'serrure forcee',
      'porte ne ferme plus',
      'porte ne se ferme plus',
      'plus fermer a cle',
      'fenetre cassee',
      'vitre cassee',
    ],
    insecureUnless: ['placard', 'armoire', 'meuble', 'porte de garage', 'boite aux lettres'],
    improvement: ['renovation', 'embellissement', 'amelioration', 'remplacement de la cuisine'],
    upkeep: [
      'ampoule',
      'joint de robinet',
      'flexible de douche',
      'abattant',
      'joint de silicone',
      'petit debouchage',
    ],
  }),
  defaultLevel: 'routine',
  defaultExplanation: DEFAULT_EXPLANATION,
  heatingPeriod: { from: '10-15', to: '05-15' },
  raiseForVulnerableOccupant: true,
};

/** United Kingdom: keywords in English, heating period 1 October – 30 April. */
export const UK_PRESET: RuleSet = {
  levels: LEVELS,
  rules: rules({
    gas: [
      'gas smell',
      'smell gas',
      'smells of gas',
      'gas leak',
      'gas leaking',
      'carbon monoxide',
      'co alarm',
      'co detector',
    ],
    wiring: [
      'exposed wires',
      'wires exposed',
      'bare wires',
      'sparking',
      'sparks',
      'burning smell from socket',
      'water in the fuse box',
      'smoke coming from socket',
      'smoke coming from fuse box',
      'burning smell',
      'water on the sockets',
      'water in the sockets',
    ],
    trapped: ['stuck in the lift', 'trapped in the lift', 'stuck in the elevator', 'trapped in the elevator'],
    leak: ['flood', 'flooded', 'flooding', 'water leak', 'leaking pipe'],
    structure: [
      'collapse',
      'collapsed ceiling',
      'ceiling collapsed',
      'ceiling falling',
      'wall cracking',
      'unsafe balcony',
    ],
    totalLoss: ['no water', 'no electricity', 'no power'],
    totalLossUnless: ['water pressure', 'hot water'],
    insecure: [
      'door kicked in',
      'broken lock',
      'lock is broken',
      'lock broken',
      'cannot lock',
      'won t lock',
      'front door won t close',
      'front door will not close',
      'broken window',
    ],
    insecureUnless: ['cupboard', 'wardrobe', 'garage door', 'letter box'],
    improvement: ['improvement', 'upgrade', 'new kitchen', 'redecoration'],
    upkeep: ['light bulb', 'tap washer', 'shower hose', 'toilet seat', 'silicone seal'],
  }),
  defaultLevel: 'routine',
  defaultExplanation: DEFAULT_EXPLANATION,
  heatingPeriod: { from: '10-01', to: '04-30' },
  raiseForVulnerableOccupant: true,
};

export const PRESETS = { FR: FRANCE_PRESET, GB: UK_PRESET } as const;
