/**
 * The filing's steps as data: which step asks what, which steps a set of answers goes through, and
 * the answers as the API's FileComplaintDto reads them. No words and no markup.
 */
import { CATEGORIES, SAFETY_QUESTIONS_BY_CATEGORY, URGENCY_FLAGS } from '@suivi/domain';
import type { Category, UrgencyFlag } from '@suivi/domain';
import type { ResidenceMatch } from '@suivi/organisation';

export const PREFERRED_CHANNELS = ['sms', 'email', 'both', 'none'] as const;

/** The filing's steps, in order, each with the form fields it asks (one thing per page, GOV.UK pattern). */
export const FILING_STEPS = [
  { id: 'unit', fields: ['unit'] },
  { id: 'category', fields: ['category'] },
  { id: 'safety', fields: URGENCY_FLAGS.map((flag) => `flag.${flag}`) },
  { id: 'description', fields: ['description'] },
  { id: 'access', fields: ['accessNotes'] },
  { id: 'name', fields: ['tenant.name'] },
  { id: 'contact', fields: ['tenant.phone', 'tenant.email'] },
  { id: 'channel', fields: ['tenant.preferredChannel', 'tenant.language'] },
  { id: 'share', fields: ['shareContactWithContractor'] },
  { id: 'check', fields: [] },
] as const satisfies readonly { id: string; fields: readonly string[] }[];
export type FilingStep = (typeof FILING_STEPS)[number]['id'];

/** Control fields a step's form posts besides its answers: where to go after (`next=check`). */
export const FILING_CONTROL_FIELDS = ['next'] as const;

/** Every field the filing steps accept: the allow-list a form reader can derive. */
export const FILING_FIELDS: readonly string[] = [
  ...FILING_STEPS.flatMap((step) => step.fields),
  ...FILING_CONTROL_FIELDS,
];

const STEP_IDS: readonly string[] = FILING_STEPS.map((step) => step.id);
export const isStep = (step: string): step is FilingStep => STEP_IDS.includes(step);
export const fieldsOf = (step: FilingStep): readonly string[] =>
  FILING_STEPS.find((s) => s.id === step)!.fields;

export type Answers = Record<string, string>;

/** The category's safety questions (the domain's list), none for an unknown category. */
export function questionsFor(answers: Answers): readonly UrgencyFlag[] {
  const category = answers.category as Category;
  return (CATEGORIES as readonly string[]).includes(category) ? SAFETY_QUESTIONS_BY_CATEGORY[category] : [];
}

export const hasContact = (answers: Answers) => !!(answers['tenant.phone'] || answers['tenant.email']);

/** Whether a step is asked, given the answers so far: no safety page without questions, and so on. */
export function asked(step: FilingStep, answers: Answers): boolean {
  switch (step) {
    case 'safety':
      return questionsFor(answers).length > 0;
    case 'channel':
      return hasContact(answers);
    case 'share':
      return !!answers['tenant.phone'];
    default:
      return true;
  }
}

export const stepsFor = (answers: Answers): FilingStep[] =>
  FILING_STEPS.map((s) => s.id).filter((step) => asked(step, answers));

export function neighbour(step: FilingStep, answers: Answers, by: 1 | -1): FilingStep | null {
  const steps = stepsFor(answers);
  const all = FILING_STEPS.map((s) => s.id);
  // A step no longer asked (the answers changed) still knows its place in the full order.
  for (let i = all.indexOf(step) + by; i >= 0 && i < all.length; i += by) {
    if (steps.includes(all[i])) return all[i];
  }
  return null;
}

export const stepPath = (residence: ResidenceMatch, step: FilingStep) =>
  `/file/${encodeURIComponent(residence.landlordCode)}/${encodeURIComponent(residence.residenceCode)}/${step}`;

/** The answers as the API's FileComplaintDto expects them (empty optional fields left out). */
export function plainFiling(answers: Answers, residence: ResidenceMatch): Record<string, unknown> {
  const text = (name: string) => (answers[name] ?? '').trim() || undefined;
  const tenant = {
    name: answers['tenant.name'] ?? '',
    phone: text('tenant.phone'),
    email: text('tenant.email'),
    preferredChannel: hasContact(answers) ? text('tenant.preferredChannel') : undefined,
    language: text('tenant.language'),
  };
  const relevant = questionsFor(answers);
  const answered = (value: string) => relevant.filter((flag) => answers[`flag.${flag}`] === value);
  return {
    landlordCode: residence.landlordCode,
    residenceCode: residence.residenceCode,
    unit: text('unit'),
    category: answers.category ?? '',
    description: answers.description ?? '',
    accessNotes: text('accessNotes'),
    tenant: Object.fromEntries(Object.entries(tenant).filter(([, v]) => v !== undefined)),
    flags: answered('yes'),
    flagsAnsweredNo: answered('no'),
    shareContactWithContractor: !!answers['tenant.phone'] && answers.shareContactWithContractor === 'yes',
  };
}
