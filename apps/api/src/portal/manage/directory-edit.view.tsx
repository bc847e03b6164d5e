import type { LandlordEntity } from '@suivi/persistence';
import type { AgencyEntity, ContractorEntity, ResidenceEntity } from '@suivi/persistence';
import type { DirectoryKind } from '@suivi/organisation';
import { EditAgencyDto, EditContractorDto, EditResidenceDto } from '../../organisation/organisation.dto';
import { Button, Csrf, ErrorSummary, Select, TextField } from '../components';
import { emptyForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import type { PageContext } from '../page';
import { ManageLayout, sectionHref } from './manage-parts';
import { words } from './directory.words';

/** The three lists a landlord's directory holds, as their pages' path segment. */
export type Kind = 'agencies' | 'residences' | 'contractors';
export type Row = AgencyEntity | ResidenceEntity | ContractorEntity;

export const KIND: Record<Kind, DirectoryKind> = {
  agencies: 'agency',
  residences: 'residence',
  contractors: 'contractor',
};

/** The fields each kind's edit form shows, in order; `optional` ones may be emptied (stored as null). */
export const FIELDS: Record<
  Kind,
  { fields: string[]; optional: string[]; numbers: string[]; dto: new () => object }
> = {
  agencies: { fields: ['code', 'name'], optional: [], numbers: [], dto: EditAgencyDto },
  residences: {
    fields: ['code', 'name', 'agencyCode', 'address', 'postcode', 'city', 'homesCount'],
    optional: ['agencyCode'],
    numbers: ['homesCount'],
    dto: EditResidenceDto,
  },
  contractors: {
    fields: ['name', 'trade', 'email', 'phoneE164'],
    optional: ['trade', 'email', 'phoneE164'],
    numbers: [],
    dto: EditContractorDto,
  },
};

/** Which form of the page a refusal belongs to: its fields' errors show beside that form's fields. */
export type Which = 'edit' | 'activation' | 'merge';

/** The page's state after a refused post: the form typed, its errors, and which form it was. */
export interface Refused {
  which: Which;
  form: FormState;
  /** The record as saved now, when the post was over someone else's change (409 STALE_VERSION). */
  current?: Row;
}

/** What the page of one row shows: the row, the landlord's agencies (residences) and the rows it may merge into. */
export interface DirectoryEditProps {
  page: PageContext;
  landlord: LandlordEntity;
  kind: Kind;
  row: Row;
  refused: Refused | null;
  /** The landlord's agencies, for a residence's agency choice (empty for other kinds). */
  agencies: AgencyEntity[];
  /** The landlord's other active rows of this list (the merge form's choices). */
  others: Row[];
}

/**
 * The page of one agency, residence or contractor: its edit form, the deactivate/reactivate button and the
 * merge form, each with its errors beside its fields after a refused post, and one summary at the top.
 */
export function DirectoryEditView(props: DirectoryEditProps) {
  const { page, landlord, kind, row, refused, agencies, others } = props;
  const { lang } = page;
  const t = words(lang);
  const title = t.edit.title[kind];
  const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
  const base = `${sectionHref(landlord.code, kind)}/${row.id}`;
  const version = String(row.version);
  const formOf = (which: Which): FormState =>
    refused?.which === which ? refused.form : emptyForm(which === 'edit' ? valuesOf(row, kind, codeOf) : {});
  const edit = formOf('edit');
  const hidden = (form: FormState) => (
    <input type="hidden" name="expectedVersion" value={valueOf(form, 'expectedVersion') || version} />
  );
  const labels: Record<string, string> = {
    code: t.code,
    name: t.name,
    agencyCode: t.agency,
    address: t.address,
    postcode: t.postcode,
    city: t.city,
    homesCount: t.homes,
    trade: t.trade,
    email: t.email,
    phoneE164: t.phone,
    into: t.merge.into,
  };
  const field = (name: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField name={name} label={labels[name]} form={edit} lang={lang} required {...extra} />
  );
  let fields;
  if (kind === 'agencies') {
    fields = (
      <>
        {field('code', { hint: t.codeHint, size: 'medium', maxLength: 32, autoComplete: 'off' })}
        {field('name', { maxLength: 200 })}
      </>
    );
  } else if (kind === 'residences') {
    const current = (row as ResidenceEntity).agencyId;
    fields = (
      <>
        {field('code', { hint: t.codeHint, size: 'medium', maxLength: 32, autoComplete: 'off' })}
        {field('name', { maxLength: 200 })}
        <Select
          name="agencyCode"
          label={t.agency}
          form={edit}
          lang={lang}
          placeholder={t.noAgency}
          options={agencies
            .filter((a) => a.active || a.id === current)
            .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
        />
        {field('address', { maxLength: 300, autoComplete: 'off' })}
        {field('postcode', { size: 'short', maxLength: 16, autoComplete: 'off' })}
        {field('city', { maxLength: 100, autoComplete: 'off' })}
        {field('homesCount', { size: 'short', inputMode: 'numeric' })}
      </>
    );
  } else {
    fields = (
      <>
        {field('name', { maxLength: 200 })}
        {field('trade', { required: false, hint: t.tradeHint, maxLength: 64 })}
        {field('email', { required: false, type: 'email', autoComplete: 'off' })}
        {field('phoneE164', { required: false, type: 'tel', hint: t.phoneHint, autoComplete: 'off' })}
      </>
    );
  }
  const mergeForm = formOf('merge');
  const activationForm = formOf('activation');
  const summaryForm = refused?.form ?? emptyForm();
  return (
    <ManageLayout page={page} landlord={landlord} section={kind} title={title}>
      <p>
        <a href={sectionHref(landlord.code, kind)}>{t.edit.back}</a>
      </p>
      <h1>{t.edit.heading(title, nameOf(row))}</h1>
      <ErrorSummary form={summaryForm} lang={lang} labels={labels} />
      {refused?.current ? (
        <div class="directory-saved">
          <p>{t.edit.saved}</p>
          <p>{summaryOf(refused.current, kind, codeOf)}</p>
        </div>
      ) : null}
      <p>{t.statusIs(row.active ? t.active : t.inactive)}</p>
      <h2>{t.edit.details}</h2>
      <form method="post" action={base} noValidate>
        <Csrf page={page} />
        {hidden(edit)}
        {fields}
        <Button>{t.edit.save}</Button>
      </form>
      <h2>{t.activation.title}</h2>
      <p>{row.active ? t.activation.activeIntro[kind] : t.activation.inactiveIntro}</p>
      <form method="post" action={`${base}/active`} noValidate>
        <Csrf page={page} />
        {hidden(activationForm)}
        <input type="hidden" name="active" value={row.active ? 'false' : 'true'} />
        <Button kind={row.active ? 'danger' : 'secondary'}>
          {row.active ? t.activation.deactivate : t.activation.reactivate}
        </Button>
      </form>
      <h2>{t.merge.title}</h2>
      <p>{t.merge.intro}</p>
      {others.length ? (
        <form method="post" action={`${base}/merge`} noValidate>
          <Csrf page={page} />
          {hidden(mergeForm)}
          <Select
            name="into"
            label={t.merge.into}
            form={mergeForm}
            lang={lang}
            required
            placeholder={t.merge.choose}
            options={others.map((o) => ({ value: o.id, label: nameOf(o) }))}
          />
          <Button kind="danger">{t.merge.submit}</Button>
        </form>
      ) : (
        <p>{t.merge.none}</p>
      )}
    </ManageLayout>
  );
}

/** How a row is named in a title or a list: `Name (CODE)` for agencies and residences, the name otherwise. */
export function nameOf(row: Row): string {
  return 'code' in row ? `${row.name} (${row.code})` : row.name;
}

/** The record as saved, in one line (shown above a form posted over someone else's change). */
function summaryOf(row: Row, kind: Kind, agencyCodes: ReadonlyMap<string, string>): string {
  const values = valuesOf(row, kind, agencyCodes);
  return FIELDS[kind].fields
    .map((f) => values[f])
    .filter((v) => v)
    .join(' · ');
}

/** The edit form's values for a row as saved (`agencyCodes`: agency id → code, for a residence's agency). */
function valuesOf(row: Row, kind: Kind, agencyCodes: ReadonlyMap<string, string>): Record<string, string> {
  if (kind === 'agencies') {
    const a = row as AgencyEntity;
    return { code: a.code, name: a.name };
  }
  if (kind === 'residences') {
    const r = row as ResidenceEntity;
    return {
      code: r.code,
      name: r.name,
      agencyCode: (r.agencyId && agencyCodes.get(r.agencyId)) || '',
      address: r.address,
      postcode: r.postcode,
      city: r.city,
      homesCount: String(r.homesCount),
    };
  }
  const c = row as ContractorEntity;
  return { name: c.name, trade: c.trade ?? '', email: c.email ?? '', phoneE164: c.phoneE164 ?? '' };
}
