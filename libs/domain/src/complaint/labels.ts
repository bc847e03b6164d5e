import type { CloseWithoutWorksReason, HoldReason, IntakeChannel, Role } from './vocabulary';
import type { RuleSet, UrgencyFlag } from '../urgency/rules';

/** The two languages of every page and message. */
export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];
export type Phrase = Record<Locale, string>;

/**
 * The words people read for each state, event, step and reason — written once, used by the messages,
 * the pages and the SMS status reply alike.
 */

/**
 * What happened, told to the tenant (and the partner): short enough for one SMS with its link. Its keys
 * are also the events the tenant and the partner are told about.
 */
export const EVENT_LABELS: Record<string, Phrase> = {
  file: { fr: 'signalement enregistré', en: 'report received' },
  acknowledge: { fr: 'pris en charge', en: 'taken on by your landlord' },
  assign: { fr: 'entreprise désignée', en: 'a contractor is assigned' },
  reassign: { fr: 'nouvelle entreprise désignée', en: 'another contractor is assigned' },
  schedule: { fr: 'rendez-vous fixé', en: 'appointment booked' },
  report_done: { fr: 'travaux faits, à confirmer', en: 'works done, please confirm' },
  check_works: { fr: 'travaux vérifiés', en: 'works checked' },
  reject_works: { fr: 'contestation enregistrée', en: 'works contested' },
  close: { fr: 'dossier clos', en: 'case closed' },
  close_without_works: { fr: 'clos sans travaux', en: 'case closed without works' },
  reopen: { fr: 'dossier rouvert', en: 'case reopened' },
  escalate: { fr: 'réexamen demandé', en: 'review request recorded' },
  acknowledge_review: { fr: 'réexamen pris en charge', en: 'review taken on' },
  answer_review: { fr: 'réponse au réexamen', en: 'review answer available' },
  note: { fr: 'nouveau message', en: 'new message' },
};

/** Events only staff see in a timeline (never sent to tenants). */
export const STAFF_EVENT_LABELS: Record<string, Phrase> = {
  hold: { fr: 'mis en attente', en: 'put on hold' },
  release: { fr: 'attente levée', en: 'hold released' },
  override_urgency: { fr: 'urgence modifiée', en: 'urgency changed' },
  reclassify: { fr: 'reclassé', en: 'reclassified' },
  deadline_approaching: { fr: 'échéance proche', en: 'deadline approaching' },
  deadline_missed: { fr: 'échéance dépassée', en: 'deadline missed' },
  contractor_chased: { fr: 'entreprise relancée', en: 'contractor chased' },
  on_call_alerted: { fr: 'astreinte alertée', en: 'on-call person alerted' },
  on_call_escalated: { fr: 'astreinte : alerte remontée', en: 'on-call alert escalated' },
  on_call_acknowledged: { fr: 'astreinte : alerte prise', en: 'on-call alert acknowledged' },
};

/** A note recorded as a visit finding (`note` with `visit: true` in its payload): what was seen at the home. */
export const VISIT_FINDING_LABEL: Phrase = { fr: 'constat de visite au domicile', en: 'home visit finding' };

/**
 * What an event is called in a history. `payload` (optional): the event's payload, read only to tell a visit
 * finding from another note.
 */
export const eventLabel = (
  action: string,
  locale: Locale,
  payload?: { readonly [key: string]: unknown } | null,
): string =>
  action === 'note' && payload?.visit === true
    ? VISIT_FINDING_LABEL[locale]
    : ((EVENT_LABELS[action] ?? STAFF_EVENT_LABELS[action])?.[locale] ?? action);

/** What the transition table's actions are called on buttons. */
export const ACTION_LABELS: Record<string, Phrase> = {
  acknowledge: { fr: 'Prendre en charge', en: 'Acknowledge' },
  assign: { fr: 'Désigner une entreprise', en: 'Assign a contractor' },
  reassign: { fr: 'Changer d’entreprise', en: 'Reassign' },
  schedule: { fr: 'Fixer le rendez-vous', en: 'Set the appointment' },
  report_done: { fr: 'Déclarer les travaux faits', en: 'Report works done' },
  check_works: { fr: 'Confirmer les travaux', en: 'Confirm the works' },
  reject_works: { fr: 'Contester les travaux', en: 'Contest the works' },
  close: { fr: 'Clore le dossier', en: 'Close the case' },
  close_without_works: { fr: 'Clore sans travaux', en: 'Close without works' },
  reopen: { fr: 'Rouvrir le dossier', en: 'Reopen the case' },
  escalate: { fr: 'Demander un réexamen', en: 'Ask for a review' },
  acknowledge_review: { fr: 'Prendre en charge le réexamen', en: 'Take on the review' },
  answer_review: { fr: 'Répondre au réexamen', en: 'Answer the review' },
  hold: { fr: 'Mettre en attente', en: 'Put on hold' },
  release: { fr: 'Lever l’attente', en: 'Release the hold' },
  override_urgency: { fr: 'Modifier l’urgence', en: 'Change the urgency' },
  reclassify: { fr: 'Reclasser', en: 'Reclassify' },
  note: { fr: 'Ajouter un message', en: 'Add a note' },
};

export const NEXT_STEP_LABELS: Record<string, Phrase> = {
  acknowledge: { fr: 'prise en charge', en: 'acknowledgement' },
  assign_contractor: { fr: 'intervention', en: 'visit' },
  carry_out_works: { fr: 'travaux', en: 'works' },
  confirm_works: { fr: 'à vous, confirmer les travaux', en: 'your turn, confirm the works' },
  close: { fr: 'fin du dossier', en: 'closing' },
  give_access: { fr: 'à vous, donner accès', en: 'your turn, give access' },
  resume_after_wait: { fr: 'reprise', en: 'resuming' },
};

export const STAGE_LABELS: Record<string, Phrase> = {
  acknowledge: { fr: 'prise en charge', en: 'acknowledgement' },
  intervene: { fr: 'intervention', en: 'intervention' },
  resolve: { fr: 'résolution', en: 'resolution' },
  review_acknowledge: { fr: 'accusé du réexamen', en: 'review acknowledgement' },
  review: { fr: 'réponse au réexamen', en: 'review answer' },
};

export const STATUS_LABELS: Record<string, Phrase> = {
  received: { fr: 'signalement reçu', en: 'report received' },
  acknowledged: { fr: 'pris en charge', en: 'taken on' },
  assigned: { fr: 'entreprise désignée', en: 'contractor assigned' },
  works_checked: { fr: 'travaux vérifiés', en: 'works checked' },
  closed: { fr: 'dossier clos', en: 'case closed' },
};

export const HOLD_REASON_LABELS: Record<HoldReason, Phrase> = {
  tenant_no_access: { fr: 'pas d’accès au logement', en: 'no access to the home' },
  tenant_request: { fr: 'à la demande du locataire', en: 'at the tenant’s request' },
  parts: { fr: 'attente de pièces', en: 'waiting for parts' },
  landlord_approval: { fr: 'attente d’accord du bailleur', en: 'waiting for the landlord’s approval' },
};

export const CLOSE_REASON_LABELS: Record<CloseWithoutWorksReason, Phrase> = {
  duplicate: { fr: 'doublon', en: 'duplicate' },
  tenant_responsibility: { fr: 'à la charge du locataire', en: 'tenant’s responsibility' },
  withdrawn: { fr: 'retiré par le locataire', en: 'withdrawn' },
  redirected: { fr: 'transmis à un autre service', en: 'redirected' },
};

export const CHANNEL_LABELS: Record<IntakeChannel, Phrase> = {
  web: { fr: 'site web', en: 'website' },
  phone: { fr: 'téléphone', en: 'phone' },
  front_desk: { fr: 'accueil', en: 'front desk' },
  letter: { fr: 'courrier', en: 'letter' },
  email: { fr: 'e-mail', en: 'email' },
  sms: { fr: 'SMS', en: 'SMS' },
  partner: { fr: 'partenaire', en: 'partner' },
};

export const ROLE_LABELS: Record<Role, Phrase> = {
  tenant: { fr: 'locataire', en: 'tenant' },
  agent: { fr: 'chargé de clientèle', en: 'agent' },
  supervisor: { fr: 'responsable', en: 'supervisor' },
  landlord_admin: { fr: 'administrateur du bailleur', en: 'landlord admin' },
  contractor: { fr: 'entreprise', en: 'contractor' },
  partner: { fr: 'partenaire', en: 'partner' },
  federation_auditor: { fr: 'fédération de locataires', en: 'tenant federation' },
  platform_admin: { fr: 'administrateur Suivi', en: 'Suivi admin' },
  system: { fr: 'Suivi', en: 'Suivi' },
};

/** The urgency flags asked as plain questions on the filing forms, each asked positively (yes = the danger). */
export const FLAG_QUESTIONS: Record<UrgencyFlag, Phrase> = {
  gas_smell: { fr: 'Sentez-vous une odeur de gaz ?', en: 'Do you smell gas?' },
  co_alarm: {
    fr: 'Un détecteur de monoxyde de carbone sonne-t-il ?',
    en: 'Is a carbon monoxide alarm sounding?',
  },
  live_wiring: { fr: 'Des fils électriques sont-ils à nu ?', en: 'Are there bare electrical wires?' },
  water_into_electrics: {
    fr: 'De l’eau coule-t-elle sur l’électricité ?',
    en: 'Is water getting into the electrics?',
  },
  structural_risk: {
    fr: 'Un mur, un plafond ou un balcon risque-t-il de tomber ?',
    en: 'Could a wall, ceiling or balcony collapse?',
  },
  no_water: {
    fr: 'L’eau est-elle coupée dans tout le logement ?',
    en: 'Is the water off in the whole home?',
  },
  no_power: {
    fr: 'L’électricité est-elle coupée dans tout le logement ?',
    en: 'Is the power off in the whole home?',
  },
  no_heating: { fr: 'Le chauffage est-il complètement coupé ?', en: 'Is the heating completely off?' },
  no_hot_water: { fr: 'L’eau chaude est-elle coupée ?', en: 'Is the hot water off?' },
  water_leak: { fr: 'De l’eau fuit-elle en ce moment ?', en: 'Is water leaking right now?' },
  blocked_drain: { fr: 'Une évacuation est-elle bouchée ?', en: 'Is a drain blocked?' },
  damp_mould: { fr: 'Y a-t-il de l’humidité ou des moisissures ?', en: 'Is there damp or mould?' },
  insecure_entry: {
    fr: 'Votre porte d’entrée ou une fenêtre est-elle impossible à fermer à clé ?',
    en: 'Is your front door or a window impossible to lock?',
  },
  vulnerable_occupant: {
    fr: 'Vit-il chez vous une personne fragile (bébé, personne âgée, malade, handicap) ?',
    en: 'Does someone vulnerable live with you (baby, elderly, ill, disabled)?',
  },
};

/**
 * The safety questions as a landlord's rule set words them: its `questions` where it sets one (both
 * languages), FLAG_QUESTIONS for every other flag. `ruleSet` undefined gives the default wording.
 */
export function flagQuestions(ruleSet?: Pick<RuleSet, 'questions'> | null): Record<UrgencyFlag, Phrase> {
  const own = ruleSet?.questions ?? {};
  const out = { ...FLAG_QUESTIONS };
  for (const flag of Object.keys(FLAG_QUESTIONS) as UrgencyFlag[]) {
    const text = own[flag];
    if (text && typeof text.fr === 'string' && typeof text.en === 'string')
      out[flag] = { fr: text.fr, en: text.en };
  }
  return out;
}
