/**
 * The landlord's on-call duty page as HTML: office hours, escalation delay and the chosen rota's people.
 */
import type { AgencyEntity, LandlordEntity } from '@suivi/persistence';
import { ON_CALL_POSITIONS, WEEK_DAYS } from '@suivi/domain';
import { Button, Choices, Csrf, ErrorSummary, Notice, TextField } from '../components';
import type { FormState } from '../forms';
import type { PageContext } from '../page';
import { ManageLayout, sectionHref } from './manage-parts';
import { words } from './on-call.words';

/** The rota's slots on the form, in the order people are alerted: three on call, then the supervisor. */
export const SLOTS = [
  ...Array.from({ length: ON_CALL_POSITIONS }, (_, i) => ({
    slot: `onCall${i + 1}`,
    role: 'on_call' as const,
    position: i + 1,
  })),
  { slot: 'supervisor', role: 'supervisor' as const, position: 0 },
];
/** The fields of each person on the form, by their name after the slot (`onCall1.phone`). */
export const PERSON_FIELDS = ['name', 'phone', 'email'] as const;

/**
 * The on-call page: the rota chooser (landlord-wide, then each agency), and one form with office hours,
 * escalation delay in minutes and the chosen rota's slots. `agencyCode` is '' for the landlord-wide rota;
 * `done` is a success notice or null; the form's errors show beside the fields and in a summary on top.
 */
export function renderOnCall(
  page: PageContext,
  landlord: LandlordEntity,
  agencies: AgencyEntity[],
  agencyCode: string,
  form: FormState,
  done: string | null,
) {
  const { lang } = page;
  const t = words(lang);
  const href = sectionHref(landlord.code, 'on-call');
  const chosen = agencies.find((a) => a.code === agencyCode);
  const rotaName = chosen ? t.agency(chosen.name) : t.landlordWide;
  const labels: Record<string, string> = {
    officeDays: t.days,
    officeStart: t.start,
    officeEnd: t.end,
    escalationMinutes: t.delay,
    ...Object.fromEntries(
      SLOTS.flatMap((s) => PERSON_FIELDS.map((f) => [`${s.slot}.${f}`, `${t.slot[s.slot]} — ${t[f]}`])),
    ),
  };
  return (
    <ManageLayout page={page} landlord={landlord} section="on-call" title={t.title}>
      <h1>{t.title}</h1>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      <nav aria-label={t.rotas}>
        <ul class="inline-list">
          <li>
            <a href={href} aria-current={chosen ? undefined : 'page'}>
              {t.landlordWide}
            </a>
          </li>
          {agencies.map((a) => (
            <li key={a.code}>
              <a
                href={`${href}?agency=${encodeURIComponent(a.code)}`}
                aria-current={a.code === agencyCode ? 'page' : undefined}
              >
                {t.agency(a.name)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="post" action={href} noValidate>
        <Csrf page={page} />
        <input type="hidden" name="agencyCode" value={agencyCode} />
        <h2>{t.hours}</h2>
        <Choices
          name="officeDays"
          label={t.days}
          form={form}
          lang={lang}
          multiple
          inline
          options={WEEK_DAYS.map((d) => ({ value: String(d), label: t.dayNames[d - 1] }))}
        />
        <TextField
          name="officeStart"
          label={t.start}
          form={form}
          lang={lang}
          required
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          name="officeEnd"
          label={t.end}
          form={form}
          lang={lang}
          required
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          name="escalationMinutes"
          label={t.delay}
          hint={t.delayHint}
          form={form}
          lang={lang}
          required
          inputMode="numeric"
          maxLength={3}
        />
        <h2>{t.rotaOf(rotaName)}</h2>
        <p>{t.rotaHint}</p>
        {SLOTS.map((s) => (
          <fieldset key={s.slot} class="box">
            <legend>{t.slot[s.slot]}</legend>
            <TextField
              name={`${s.slot}.name`}
              label={t.name}
              form={form}
              lang={lang}
              autoComplete="off"
              maxLength={200}
            />
            <TextField
              name={`${s.slot}.phone`}
              label={t.phone}
              hint={t.phoneHint}
              form={form}
              lang={lang}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={32}
            />
            <TextField
              name={`${s.slot}.email`}
              label={t.email}
              form={form}
              lang={lang}
              type="email"
              autoComplete="off"
              maxLength={254}
            />
          </fieldset>
        ))}
        <Button>{t.save}</Button>
      </form>
    </ManageLayout>
  );
}
