import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { CATEGORIES, CATEGORY_LABELS, FLAG_QUESTIONS } from '@suivi/domain';
import type { Category, Phrase, UrgencyFlag } from '@suivi/domain';
import type { ResidenceMatch } from '@suivi/organisation';
import { Button, fieldId } from '../components';
import type { FormState } from '../forms';
import { common } from '../i18n';
import type { PageContext } from '../page';
import { PhoneNumber } from './reach';
import { words } from './filing.words';
import { questionsFor, hasContact, stepPath } from './filing-steps';
import type { FilingStep, Answers } from './filing-steps';

/** The check-your-answers list: every answer with a link to change it, then the button that files. */
export function CheckAnswers(props: {
  page: PageContext;
  residence: ResidenceMatch;
  form: FormState;
  answers: Answers;
  /** The safety questions as the landlord's rules word them; the default wording when left out. */
  questions?: Record<UrgencyFlag, Phrase>;
}) {
  const { answers, residence } = props;
  const questions = props.questions ?? FLAG_QUESTIONS;
  const { lang } = props.page;
  const t = words(lang);
  const c = common(lang);
  const safetyAnswer = (value: string | undefined) =>
    value === 'yes' ? c.yes : value === 'no' ? c.no : t.safetyUnknown;
  const rows: { step: FilingStep; field: string; label: string; value: string }[] = [
    { step: 'unit', field: 'unit', label: t.unit, value: answers.unit || t.noneGiven },
    {
      step: 'category',
      field: 'category',
      label: t.category,
      value: (CATEGORIES as readonly string[]).includes(answers.category ?? '')
        ? CATEGORY_LABELS[answers.category as Category][lang]
        : t.notAnswered,
    },
    ...questionsFor(answers).map((flag) => ({
      step: 'safety' as const,
      field: `flag.${flag}`,
      label: questions[flag][lang],
      value: safetyAnswer(answers[`flag.${flag}`]),
    })),
    {
      step: 'description',
      field: 'description',
      label: t.description,
      value: answers.description || t.notAnswered,
    },
    { step: 'access', field: 'accessNotes', label: t.accessNotes, value: answers.accessNotes || t.noneGiven },
    { step: 'name', field: 'tenant.name', label: t.name, value: answers['tenant.name'] || t.notAnswered },
    { step: 'contact', field: 'tenant.phone', label: t.phone, value: answers['tenant.phone'] || t.noneGiven },
    { step: 'contact', field: 'tenant.email', label: t.email, value: answers['tenant.email'] || t.noneGiven },
  ];
  if (hasContact(answers)) {
    rows.push({
      step: 'channel',
      field: 'tenant.preferredChannel',
      label: t.preferredChannel,
      value: t.channels[answers['tenant.preferredChannel'] ?? ''] ?? t.preferredChannelHint,
    });
  }
  if (answers['tenant.phone']) {
    rows.push({
      step: 'share',
      field: 'shareContactWithContractor',
      label: t.share,
      value: answers.shareContactWithContractor === 'yes' ? c.yes : c.no,
    });
  }
  return (
    <>
      <dl class="summary-list">
        {rows.map((row) => (
          <div key={row.field} id={fieldId(row.field)}>
            <dt>{row.label}</dt>
            <dd class="pre">{row.value}</dd>
            <dd>
              <a href={`${stepPath(residence, row.step)}?from=check`}>
                {t.changeAnswer}
                <span class="visually-hidden"> : {row.label}</span>
              </a>
            </dd>
          </div>
        ))}
      </dl>
      {hasContact(answers) ? null : (
        <div class="notice warning" role="note">
          <h2>{t.noContactTitle}</h2>
          <p>{t.noContact(residence.contactPhone ? formatPhone(residence.contactPhone) : null)}</p>
        </div>
      )}
      {residence.contactPhone ? (
        <p>
          {t.callLandlord('')}
          <PhoneNumber e164={residence.contactPhone} />
        </p>
      ) : null}
      <form method="post" action={stepPath(residence, 'check')} noValidate>
        <p>{t.sendNow}</p>
        <Button>{t.submit}</Button>
      </form>
    </>
  );
}

/** A stored E.164 number in its country's usual writing. */
function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
