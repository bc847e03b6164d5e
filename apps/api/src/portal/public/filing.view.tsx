import type { FastifyRequest } from 'fastify';
import { CATEGORIES, CATEGORY_HINTS, CATEGORY_LABELS, FLAG_QUESTIONS } from '@suivi/domain';
import type { Phrase, UrgencyFlag } from '@suivi/domain';
import type { ResidenceMatch } from '@suivi/organisation';
import { Button, Choices, ErrorSummary, TextField } from '../components';
import { AccessNotesField, DescriptionField } from '../filing-fields';
import { valueOf } from '../forms';
import type { FormState } from '../forms';
import { common } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { words } from './filing.words';
import { PREFERRED_CHANNELS, questionsFor, stepsFor, neighbour, stepPath } from './filing-steps';
import type { FilingStep, Answers } from './filing-steps';
import { CheckAnswers } from './filing-check.view';

export function findPage(page: PageContext, form: FormState, found: ResidenceMatch[] | null) {
  const t = words(page.lang);
  const q = valueOf(form, 'q');
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.findTitle}</h1>
      <p>{t.findIntro}</p>
      <ErrorSummary form={form} lang={page.lang} labels={{ q: t.q }} />
      <form method="get" action="/file" role="search">
        <TextField
          name="q"
          label={t.q}
          hint={t.qHint}
          form={form}
          lang={page.lang}
          required
          type="search"
          autoComplete="street-address"
          maxLength={100}
        />
        <Button>{t.search}</Button>
      </form>
      {found ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t.results(found.length, q)}</h2>
          {found.length === 0 ? <p>{t.noneHelp}</p> : null}
          {found.length >= 20 ? <p>{t.tooMany}</p> : null}
          <ul class="cards">
            {found.map((r) => (
              <li key={`${r.landlordCode}/${r.residenceCode}`}>
                <a
                  href={`/file/${encodeURIComponent(r.landlordCode)}/${encodeURIComponent(r.residenceCode)}`}
                  aria-label={t.choose(`${r.name}, ${r.address}, ${r.postcode} ${r.city}`)}
                >
                  <strong>{r.name}</strong>
                </a>
                <br />
                {r.address}, {r.postcode} {r.city}
                <br />
                <span class="muted">{t.landlordOf(r.landlordName)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

export function stepPage(
  page: PageContext,
  residence: ResidenceMatch,
  step: FilingStep,
  form: FormState,
  answers: Answers,
  request: FastifyRequest,
  /** The safety questions as the landlord's rules word them (`UrgencyService.questions`). */
  questions: Record<UrgencyFlag, Phrase> = FLAG_QUESTIONS,
) {
  const { lang } = page;
  const t = words(lang);
  const steps = stepsFor(answers);
  const position = steps.indexOf(step) + 1;
  const back = neighbour(step, answers, -1);
  const fromCheck = (request.query as Record<string, unknown> | undefined)?.from === 'check';
  const titles: Record<FilingStep, string> = {
    unit: t.unitTitle,
    category: t.categoryTitle,
    safety: t.safetyTitle,
    description: t.descriptionTitle,
    access: t.accessTitle,
    name: t.nameTitle,
    contact: t.contactTitle,
    channel: t.channelTitle,
    share: t.shareTitle,
    check: t.checkTitle,
  };
  const labels = fieldLabels(lang, answers, questions);
  return (
    <Layout page={page} title={`${titles[step]} — ${t.title}`}>
      <p>
        <a href={back ? stepPath(residence, back) : '/file'} class="back-link">
          {common(lang).back}
        </a>
      </p>
      <p class="muted">
        {t.title} · {residence.name} · {t.stepOf(position, steps.length)}
      </p>
      <h1>{titles[step]}</h1>
      <ErrorSummary form={form} lang={lang} labels={labels} />
      {step === 'check' ? (
        <CheckAnswers page={page} residence={residence} form={form} answers={answers} questions={questions} />
      ) : (
        <form method="post" action={stepPath(residence, step)} noValidate>
          {fromCheck ? <input type="hidden" name="next" value="check" /> : null}
          <StepFields
            page={page}
            residence={residence}
            step={step}
            form={form}
            answers={answers}
            questions={questions}
          />
          <Button>{t.continue}</Button>
        </form>
      )}
    </Layout>
  );
}

function fieldLabels(
  lang: Lang,
  answers: Answers,
  questions: Record<UrgencyFlag, Phrase>,
): Record<string, string> {
  const t = words(lang);
  return {
    unit: t.unit,
    category: t.category,
    description: t.description,
    accessNotes: t.accessNotes,
    'tenant.name': t.name,
    'tenant.phone': t.phone,
    'tenant.email': t.email,
    'tenant.preferredChannel': t.preferredChannel,
    'tenant.language': t.language,
    shareContactWithContractor: t.share,
    ...Object.fromEntries(questionsFor(answers).map((f) => [`flag.${f}`, questions[f][lang]])),
  };
}

function StepFields(props: {
  page: PageContext;
  residence: ResidenceMatch;
  step: Exclude<FilingStep, 'check'>;
  form: FormState;
  answers: Answers;
  questions: Record<UrgencyFlag, Phrase>;
}) {
  const { form, answers, residence } = props;
  const { lang } = props.page;
  const t = words(lang);
  const c = common(lang);
  switch (props.step) {
    case 'unit':
      return (
        <>
          <p>
            <strong>{residence.name}</strong>, {residence.address}, {residence.postcode} {residence.city}
            <br />
            {t.landlordOf(residence.landlordName)} · <a href="/file">{t.change}</a>
          </p>
          <TextField
            name="unit"
            label={t.unit}
            hint={t.unitHint}
            form={form}
            lang={lang}
            maxLength={50}
            autoComplete="address-line2"
          />
        </>
      );
    case 'category':
      return (
        <Choices
          name="category"
          label={t.category}
          hint={t.categoryHint}
          form={form}
          lang={lang}
          required
          options={CATEGORIES.map((category) => ({
            value: category,
            label: CATEGORY_LABELS[category][lang],
            hint: CATEGORY_HINTS[category][lang],
          }))}
        />
      );
    case 'safety':
      return (
        <>
          <p class="notice warning">{t.emergency}</p>
          <p>{t.safetyIntro}</p>
          {questionsFor(answers).map((flag) => (
            <Choices
              key={flag}
              name={`flag.${flag}`}
              label={props.questions[flag][lang]}
              form={form}
              lang={lang}
              required
              options={[
                { value: 'yes', label: c.yes },
                { value: 'no', label: c.no },
                { value: 'unknown', label: t.dontKnow },
              ]}
            />
          ))}
        </>
      );
    case 'description':
      return <DescriptionField label={t.description} hint={t.descriptionHint} form={form} lang={lang} />;
    case 'access':
      return <AccessNotesField label={t.accessNotes} hint={t.accessNotesHint} form={form} lang={lang} />;
    case 'name':
      return (
        <>
          <p>{t.contactIntro}</p>
          <TextField name="tenant.name" label={t.name} form={form} lang={lang} required autoComplete="name" />
        </>
      );
    case 'contact':
      return (
        <>
          <p>{t.contactHint}</p>
          <TextField
            name="tenant.phone"
            label={t.phone}
            hint={t.phoneHint}
            form={form}
            lang={lang}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            maxLength={32}
          />
          <TextField
            name="tenant.email"
            label={t.email}
            form={form}
            lang={lang}
            type="email"
            autoComplete="email"
            maxLength={254}
          />
        </>
      );
    case 'channel':
      return (
        <>
          <Choices
            name="tenant.preferredChannel"
            label={t.preferredChannel}
            hint={t.preferredChannelHint}
            form={form}
            lang={lang}
            options={PREFERRED_CHANNELS.map((channel) => ({ value: channel, label: t.channels[channel] }))}
          />
          <Choices
            name="tenant.language"
            label={t.language}
            form={form}
            lang={lang}
            required
            inline
            options={[
              { value: 'fr', label: 'Français' },
              { value: 'en', label: 'English' },
            ]}
          />
        </>
      );
    case 'share':
      return (
        <Choices
          name="shareContactWithContractor"
          label={t.share}
          hint={t.shareHint}
          form={form}
          lang={lang}
          multiple
          options={[{ value: 'yes', label: t.shareLabel }]}
        />
      );
  }
}
