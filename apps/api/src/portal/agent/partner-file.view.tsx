/**
 * The partners' filing page as HTML: the residence search, the place chosen, and the filing form with the
 * partner's own fields (their case reference and the tenant's consent).
 */
import type { ComponentProps } from 'preact';
import { Choices, Select, TextField } from '../components';
import type { Option } from '../components';
import type { FormState } from '../forms';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { FilingForm } from './filing-form';
import { words } from './partner.words';
import { PartnerNav } from './partner.view';

/**
 * The filing page: `q` is the search as made (at most 100 characters), `options` the residences it found
 * (`landlordCode/residenceCode` values), `questions` the landlord's wording of the urgency questions when one
 * landlord is known (the default wording otherwise).
 */
export function PartnerFilePage(props: {
  page: PageContext;
  form: FormState;
  q: string;
  options: Option[];
  questions: ComponentProps<typeof FilingForm>['questions'];
}) {
  const { page, form, q, options, questions } = props;
  const lang = page.lang;
  const t = words(lang);
  return (
    <Layout page={page} title={t.fileTitle}>
      <PartnerNav lang={lang} current="/partners/file" />
      <h1>{t.fileTitle}</h1>
      <p>{t.fileIntro}</p>
      <FilingForm
        page={page}
        form={form}
        action="/partners/file"
        submit={t.submit}
        questions={questions}
        place={
          <>
            {/* The form's default button (Enter in any field): see `file`. Hidden from sight and from
                the tab order; the visible buttons below do the same as clicking them. */}
            <button
              type="submit"
              name="op"
              value="enter"
              class="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              formNoValidate
            >
              {t.submit}
            </button>
            <input type="hidden" name="searched" value={q} />
            <div class="box residence-search" role="search" aria-labelledby="search-title">
              <h2 id="search-title">{t.search}</h2>
              <TextField
                name="q"
                type="search"
                label={t.searchLabel}
                hint={`${t.searchHint} ${t.searchKeeps}`}
                form={form}
                lang={lang}
              />
              <button type="submit" name="op" value="search" class="button secondary" formNoValidate>
                {t.searchButton}
              </button>
            </div>
            <Select
              name="place"
              label={t.place}
              hint={t.placeHint(options.length)}
              form={form}
              lang={lang}
              required
              placeholder={t.choose}
              options={options}
            />
          </>
        }
        extra={
          <>
            <TextField
              name="partner.caseReference"
              label={t.caseReference}
              hint={t.caseReferenceHint}
              form={form}
              lang={lang}
              maxLength={64}
              size="medium"
            />
            <Choices
              name="partner.tenantConsent"
              label={t.consent}
              form={form}
              lang={lang}
              required
              multiple
              options={[{ value: 'yes', label: t.consentOption }]}
            />
          </>
        }
      />
    </Layout>
  );
}
