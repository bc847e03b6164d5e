/** The words of the complaint lifecycle, each listed once; types are derived from these lists. */

export const COMPLAINT_STATES = ['received', 'acknowledged', 'assigned', 'works_checked', 'closed'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** States in which a complaint is still being handled (every state but closed). */
export const OPEN_STATES: readonly ComplaintState[] = [
  'received',
  'acknowledged',
  'assigned',
  'works_checked',
];

export const ACTIONS = [
  'acknowledge',
  'assign',
  'reassign',
  'schedule',
  'report_done',
  'check_works',
  'reject_works',
  'close',
  'close_without_works',
  'reopen',
  'escalate',
  'hold',
  'release',
  'note',
  'override_urgency',
  'reclassify',
  'acknowledge_review',
  'answer_review',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Intake is not a transition between states; it creates the complaint and its first event. */
export const INTAKE_ACTION = 'file' as const;
/** Events Suivi records by itself when a deadline comes near or passes; they never change the state. */
export const DEADLINE_EVENTS = ['deadline_approaching', 'deadline_missed', 'contractor_chased'] as const;
export type DeadlineEvent = (typeof DEADLINE_EVENTS)[number];
/**
 * Events Suivi records by itself for the on-call duty (astreinte): an emergency outside office hours alerts
 * the person on call, an alert nobody acknowledged is escalated, and the acknowledgement stops it. Like the
 * deadline events they never change the state and stay out of the tenant's history.
 */
export const ON_CALL_EVENTS = ['on_call_alerted', 'on_call_escalated', 'on_call_acknowledged'] as const;
export type OnCallEvent = (typeof ON_CALL_EVENTS)[number];
export type EventAction = Action | typeof INTAKE_ACTION | DeadlineEvent | OnCallEvent;

export const ROLES = [
  'tenant',
  'agent',
  'supervisor',
  'landlord_admin',
  'contractor',
  'partner',
  'federation_auditor',
  'platform_admin',
  /** Suivi itself: scheduled sweeps, inbound SMS intake. */
  'system',
] as const;
export type Role = (typeof ROLES)[number];

export const INTAKE_CHANNELS = ['web', 'phone', 'front_desk', 'letter', 'email', 'sms', 'partner'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

export const CATEGORIES = [
  'heating',
  'hot_water',
  'water_supply',
  'plumbing_leak',
  'drainage',
  'electricity',
  'gas',
  'damp_mould',
  'roof',
  'windows_doors',
  'locks_security',
  'entryphone',
  'lift',
  'common_areas',
  'pests',
  'structure',
  'service',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CLOSE_WITHOUT_WORKS_REASONS = [
  'duplicate',
  'tenant_responsibility',
  'withdrawn',
  'redirected',
] as const;
export type CloseWithoutWorksReason = (typeof CLOSE_WITHOUT_WORKS_REASONS)[number];

/** Documented waits. Only the first two are caused by the tenant and may be netted out of reports. */
export const HOLD_REASONS = ['tenant_no_access', 'tenant_request', 'parts', 'landlord_approval'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
export const TENANT_CAUSED_HOLDS: readonly HoldReason[] = ['tenant_no_access', 'tenant_request'];

export const NOTE_VISIBILITIES = ['public', 'internal'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

export const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** What each category means, in plain words (forms, public pages, Open311 service names). */
export const CATEGORY_LABELS: Record<Category, { fr: string; en: string }> = {
  heating: { fr: 'Chauffage', en: 'Heating' },
  hot_water: { fr: 'Eau chaude', en: 'Hot water' },
  water_supply: { fr: 'Arrivée d’eau', en: 'Water supply' },
  plumbing_leak: { fr: 'Fuite, plomberie', en: 'Leak, plumbing' },
  drainage: { fr: 'Évacuation bouchée', en: 'Blocked drain' },
  electricity: { fr: 'Électricité', en: 'Electricity' },
  gas: { fr: 'Gaz', en: 'Gas' },
  damp_mould: { fr: 'Humidité, moisissures', en: 'Damp, mould' },
  roof: { fr: 'Toiture, infiltrations', en: 'Roof, water coming in' },
  windows_doors: { fr: 'Fenêtres, portes', en: 'Windows, doors' },
  locks_security: { fr: 'Serrures, sécurité', en: 'Locks, security' },
  entryphone: { fr: 'Interphone', en: 'Entryphone' },
  lift: { fr: 'Ascenseur', en: 'Lift' },
  common_areas: { fr: 'Parties communes', en: 'Common areas' },
  pests: { fr: 'Nuisibles', en: 'Pests' },
  structure: { fr: 'Structure du bâtiment', en: 'Building structure' },
  service: { fr: 'Le service du bailleur', en: 'The landlord’s service' },
  other: { fr: 'Autre', en: 'Other' },
};

/** One line on what each category covers, so a tenant picks the right one without knowing our words. */
export const CATEGORY_HINTS: Record<Category, { fr: string; en: string }> = {
  heating: {
    fr: 'Radiateurs froids, chaudière ou chauffage collectif en panne.',
    en: 'Cold radiators, boiler or shared heating not working.',
  },
  hot_water: { fr: 'Plus d’eau chaude, ou pas assez chaude.', en: 'No hot water, or not hot enough.' },
  water_supply: {
    fr: 'Plus d’eau du tout, ou très peu de pression.',
    en: 'No water at all, or very low pressure.',
  },
  plumbing_leak: {
    fr: 'Fuite d’un tuyau, d’un robinet, des toilettes ; dégât des eaux.',
    en: 'A leaking pipe, tap or toilet; water damage.',
  },
  drainage: {
    fr: 'Évier, douche, toilettes ou égout qui ne s’évacuent plus.',
    en: 'Sink, shower, toilet or sewer not draining.',
  },
  electricity: {
    fr: 'Coupure, prises ou tableau électrique, fils à nu.',
    en: 'Power cut, sockets or fuse box, bare wires.',
  },
  gas: { fr: 'Odeur de gaz, appareil au gaz en panne.', en: 'Smell of gas, gas appliance not working.' },
  damp_mould: {
    fr: 'Murs humides, taches noires, condensation.',
    en: 'Damp walls, black spots, condensation.',
  },
  roof: {
    fr: 'Eau qui entre par le toit, la terrasse ou la façade.',
    en: 'Water coming in through the roof, terrace or walls.',
  },
  windows_doors: {
    fr: 'Fenêtre, volet ou porte cassés ou qui ferment mal.',
    en: 'Broken window, shutter or door, or one that does not close.',
  },
  locks_security: {
    fr: 'Serrure, porte d’entrée ou accès de l’immeuble qui ne ferme plus.',
    en: 'Lock, front door or building entrance that no longer locks.',
  },
  entryphone: {
    fr: 'Interphone ou digicode en panne.',
    en: 'Entryphone or door code not working.',
  },
  lift: { fr: 'Ascenseur en panne ou dangereux.', en: 'Lift broken or unsafe.' },
  common_areas: {
    fr: 'Hall, escaliers, caves, éclairage, propreté des parties communes.',
    en: 'Hall, stairs, cellars, lighting, cleaning of shared areas.',
  },
  pests: { fr: 'Cafards, punaises de lit, rats, souris.', en: 'Cockroaches, bedbugs, rats, mice.' },
  structure: {
    fr: 'Fissures, plafond, mur ou balcon qui s’abîment.',
    en: 'Cracks, ceiling, wall or balcony giving way.',
  },
  service: {
    fr: 'Vous n’êtes pas satisfait de la façon dont le bailleur vous a répondu ou traité.',
    en: 'You are unhappy with how your landlord answered or treated you.',
  },
  other: { fr: 'Un autre problème dans votre logement.', en: 'Another problem in your home.' },
};
