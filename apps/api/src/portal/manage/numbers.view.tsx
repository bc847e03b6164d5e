/**
 * The page where a landlord admin sets the numbers tenants are given.
 */
import type { AgencyEntity, LandlordEntity } from '@suivi/persistence';
import { Button, Csrf, ErrorSummary, Notice, TextField } from '../components';
import type { FormState } from '../forms';
import type { PageContext } from '../page';
import { ManageLayout, sectionHref } from './manage-parts';
import { words } from './numbers.words';

export function render(
  page: PageContext,
  landlord: LandlordEntity,
  agencies: AgencyEntity[],
  form: FormState,
  done: string | null,
) {
  const { lang } = page;
  const t = words(lang);
  const labels: Record<string, string> = {
    publicPhone: t.publicPhone,
    smsNumber: t.smsNumber,
    ...Object.fromEntries(agencies.map((a) => [`agency.${a.code}`, t.agency(a.name, a.code)])),
  };
  const phone = { type: 'tel' as const, autoComplete: 'off', inputMode: 'tel' as const, maxLength: 32 };
  return (
    <ManageLayout page={page} landlord={landlord} section="numbers" title={t.title}>
      <h1>{t.title}</h1>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      <form method="post" action={sectionHref(landlord.code, 'numbers')} noValidate>
        <Csrf page={page} />
        <TextField
          name="publicPhone"
          label={t.publicPhone}
          hint={t.publicPhoneHint}
          form={form}
          lang={lang}
          {...phone}
        />
        <TextField
          name="smsNumber"
          label={t.smsNumber}
          hint={t.smsNumberHint}
          form={form}
          lang={lang}
          {...phone}
        />
        {agencies.length ? (
          <>
            <h2>{t.agencies}</h2>
            <p>{t.agenciesHint}</p>
            {agencies.map((a) => (
              <TextField
                key={a.code}
                name={`agency.${a.code}`}
                label={t.agency(a.name, a.code)}
                form={form}
                lang={lang}
                {...phone}
              />
            ))}
          </>
        ) : null}
        <Button>{t.save}</Button>
      </form>
    </ManageLayout>
  );
}
