import { Body, Controller, Get, Inject, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import type { AgencyEntity, ContractorEntity, LandlordEntity, ResidenceEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import type { DirectoryKind } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import {
  ActivationDto,
  EditAgencyDto,
  EditContractorDto,
  EditResidenceDto,
} from '../../organisation/organisation.dto';
import { Button, Csrf, ErrorSummary, Select, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { ManageLayout, inWords, isConflict, manageWords, sectionHref } from './manage-parts';
import { words } from './directory.words';

type Kind = 'agencies' | 'residences' | 'contractors';
type Row = AgencyEntity | ResidenceEntity | ContractorEntity;

const KIND: Record<Kind, DirectoryKind> = {
  agencies: 'agency',
  residences: 'residence',
  contractors: 'contractor',
};

/** The fields each kind's edit form shows, in order; `optional` ones may be emptied (stored as null). */
const FIELDS: Record<
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
type Which = 'edit' | 'activation' | 'merge';

/** The page's state after a refused post: the form typed, its errors, and which form it was. */
interface Refused {
  which: Which;
  form: FormState;
  /** The record as saved now, when the post was over someone else's change (409 STALE_VERSION). */
  current?: Row;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole number typed in a form, else the text itself (the DTO then refuses it). */
const numberOr = (value: string): unknown => (/^\d{1,9}$/.test(value) ? Number(value) : value);

/**
 * One agency, residence or contractor of a landlord (issue 18 M4), for its admins: a form to edit it
 * (posted over someone else's edit: 409, keeping what was typed), a button to deactivate or reactivate it,
 * and a form to merge it, as a duplicate, into another. Without JavaScript; errors beside the fields and
 * in a summary at the top.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('manage/:code')
export class DirectoryEditPages {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Get('agencies/:id')
  @Allow('landlord.manage')
  agency(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.show(page, code, 'agencies', id, user, reply);
  }

  @Post('agencies/:id')
  @Allow('landlord.manage')
  editAgency(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.edit(page, code, 'agencies', id, body, user, reply);
  }

  @Post('agencies/:id/active')
  @Allow('landlord.manage')
  activateAgency(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.activate(page, code, 'agencies', id, body, user, reply);
  }

  @Post('agencies/:id/merge')
  @Allow('landlord.manage')
  mergeAgency(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.merge(page, code, 'agencies', id, body, user, reply);
  }

  @Get('residences/:id')
  @Allow('landlord.manage')
  residence(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.show(page, code, 'residences', id, user, reply);
  }

  @Post('residences/:id')
  @Allow('landlord.manage')
  editResidence(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.edit(page, code, 'residences', id, body, user, reply);
  }

  @Post('residences/:id/active')
  @Allow('landlord.manage')
  activateResidence(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.activate(page, code, 'residences', id, body, user, reply);
  }

  @Post('residences/:id/merge')
  @Allow('landlord.manage')
  mergeResidence(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.merge(page, code, 'residences', id, body, user, reply);
  }

  @Get('contractors/:id')
  @Allow('landlord.manage')
  contractor(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.show(page, code, 'contractors', id, user, reply);
  }

  @Post('contractors/:id')
  @Allow('landlord.manage')
  editContractor(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.edit(page, code, 'contractors', id, body, user, reply);
  }

  @Post('contractors/:id/active')
  @Allow('landlord.manage')
  activateContractor(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.activate(page, code, 'contractors', id, body, user, reply);
  }

  @Post('contractors/:id/merge')
  @Allow('landlord.manage')
  mergeContractor(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.merge(page, code, 'contractors', id, body, user, reply);
  }

  /** The page of one row (changes go back to the list, which says what was done). */
  private async show(
    page: PageContext,
    code: string,
    kind: Kind,
    id: string,
    user: UserPrincipal,
    reply: FastifyReply,
  ) {
    const { landlord, row } = await this.load(code, kind, id, user);
    sendPage(reply, await this.render(page, landlord, kind, row, null));
  }

  /** Saves the edit form: 303 back to the list, or the form again with what was typed (400 / 409). */
  private async edit(
    page: PageContext,
    code: string,
    kind: Kind,
    id: string,
    body: unknown,
    user: UserPrincipal,
    reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const { landlord, row } = await this.load(code, kind, id, user);
    const form: FormState = { values: formValues(body), errors: {} };
    const spec = FIELDS[kind];
    const plain: Record<string, unknown> = {};
    for (const field of spec.fields) {
      const value = valueOf(form, field).trim();
      plain[field] =
        spec.optional.includes(field) && value === ''
          ? null
          : spec.numbers.includes(field)
            ? numberOr(value)
            : value;
    }
    plain.expectedVersion = numberOr(valueOf(form, 'expectedVersion').trim());
    const refused: Refused = { which: 'edit', form };
    let status = 400;
    try {
      const checked = await validateForm(spec.dto, plain);
      if (checked.ok) {
        const scope = landlordScopeOf(user);
        const value = checked.value as Record<string, unknown>;
        const ref = { id: row.id };
        if (kind === 'agencies')
          await this.organisation.editAgency(landlord.code, ref, value, scope, user.userId);
        else if (kind === 'residences') {
          await this.organisation.editResidence(landlord.code, ref, value, scope, user.userId);
        } else await this.organisation.editContractor(landlord.code, row.id, value, scope, user.userId);
        return seeOther(reply, `${sectionHref(landlord.code, kind)}?done=edited`);
      }
      form.errors = inWords(checked.errors, t.messages);
    } catch (e) {
      status = await this.refusal(e, refused, kind, landlord, row, page);
    }
    sendPage(reply, await this.render(page, landlord, kind, row, refused), status);
  }

  /** Deactivates or reactivates (the button posts `active` = `false` or `true`). */
  private async activate(
    page: PageContext,
    code: string,
    kind: Kind,
    id: string,
    body: unknown,
    user: UserPrincipal,
    reply: FastifyReply,
  ) {
    const { landlord, row } = await this.load(code, kind, id, user);
    const form: FormState = { values: formValues(body), errors: {} };
    const refused: Refused = { which: 'activation', form };
    const active = valueOf(form, 'active') === 'true';
    let status = 400;
    try {
      const checked = await validateForm(ActivationDto, {
        expectedVersion: numberOr(valueOf(form, 'expectedVersion').trim()),
      });
      if (checked.ok) {
        await this.organisation.setActive(
          KIND[kind],
          landlord.code,
          { id: row.id },
          active,
          checked.value.expectedVersion,
          landlordScopeOf(user),
          user.userId,
        );
        return seeOther(
          reply,
          `${sectionHref(landlord.code, kind)}?done=${active ? 'reactivated' : 'deactivated'}`,
        );
      }
      form.errors = { _form: words(page.lang).edit.stale };
    } catch (e) {
      status = await this.refusal(e, refused, kind, landlord, row, page);
    }
    sendPage(reply, await this.render(page, landlord, kind, row, refused), status);
  }

  /** Merges this row, a duplicate, into the one chosen (`into`, an id of the same list). */
  private async merge(
    page: PageContext,
    code: string,
    kind: Kind,
    id: string,
    body: unknown,
    user: UserPrincipal,
    reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const { landlord, row } = await this.load(code, kind, id, user);
    const form: FormState = { values: formValues(body), errors: {} };
    const refused: Refused = { which: 'merge', form };
    const into = valueOf(form, 'into').trim();
    // The version the page was read at, checked as the JSON API checks it: a form without one (or with a
    // garbled one) would otherwise merge whatever the row has become since, unseen.
    const checked = await validateForm(ActivationDto, {
      expectedVersion: numberOr(valueOf(form, 'expectedVersion').trim()),
    });
    let status = 400;
    if (!UUID.test(into)) {
      form.errors = { into: t.messages.into };
    } else if (!checked.ok) {
      form.errors = { _form: t.edit.stale };
    } else {
      try {
        await this.organisation.merge(
          KIND[kind],
          landlord.code,
          { id: row.id },
          { id: into },
          checked.value.expectedVersion,
          landlordScopeOf(user),
          user.userId,
        );
        return seeOther(reply, `${sectionHref(landlord.code, kind)}?done=merged`);
      } catch (e) {
        if (e instanceof DomainError && e.code === DomainErrorCode.NotFound) {
          // The row chosen is not one of this landlord's (the list offers only those).
          form.errors = { into: t.messages.into };
        } else status = await this.refusal(e, refused, kind, landlord, row, page);
      }
    }
    sendPage(reply, await this.render(page, landlord, kind, row, refused), status);
  }

  /**
   * A refused change in the page's words: field errors (400), a taken code or name (409, beside the field),
   * a post over someone else's change (409: the record as saved now is shown and the version refreshed, so
   * saving again replaces it), a merge meanwhile (409). Answers the status; other errors are thrown again.
   */
  private async refusal(
    e: unknown,
    refused: Refused,
    kind: Kind,
    landlord: LandlordEntity,
    row: Row,
    page: PageContext,
  ): Promise<number> {
    const t = words(page.lang);
    const m = manageWords(page.lang);
    const { form } = refused;
    if (e instanceof DomainError && e.code === DomainErrorCode.StaleVersion) {
      const current = await this.organisation.directoryEntry(KIND[kind], landlord.code, row.id);
      refused.current = current ?? undefined;
      form.values = { ...form.values, expectedVersion: String(current?.version ?? row.version) };
      form.errors = { _form: t.edit.stale };
      return 409;
    }
    if (isConflict(e)) {
      const merged = e instanceof DomainError && e.details.merged === true;
      form.errors = merged
        ? { _form: t.edit.merged }
        : kind === 'contractors'
          ? { name: t.duplicateName }
          : { code: m.duplicateCode };
      return 409;
    }
    const errors = invalidInputOf(e);
    if (!errors) throw e;
    form.errors = inWords(errors, t.messages);
    return 400;
  }

  /** The landlord (in the caller's scope) and the row of this list by id; 404 for anything else. */
  private async load(code: string, kind: Kind, id: string, user: UserPrincipal) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const row = UUID.test(id) ? await this.organisation.directoryEntry(KIND[kind], landlord.code, id) : null;
    if (!row || row.mergedIntoId) throw new DomainError(DomainErrorCode.NotFound, `No such ${KIND[kind]}`);
    return { landlord, row };
  }

  private async render(
    page: PageContext,
    landlord: LandlordEntity,
    kind: Kind,
    row: Row,
    refused: Refused | null,
  ) {
    const { lang } = page;
    const t = words(lang);
    const title = t.edit.title[kind];
    const agencies = kind === 'residences' ? await this.organisation.listAgencies(landlord.code) : [];
    const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
    const base = `${sectionHref(landlord.code, kind)}/${row.id}`;
    const version = String(row.version);
    const formOf = (which: Which): FormState =>
      refused?.which === which
        ? refused.form
        : emptyForm(which === 'edit' ? valuesOf(row, kind, codeOf) : {});
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
    const others = (await this.list(landlord, kind)).filter((o) => o.id !== row.id && o.active);
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

  private list(landlord: LandlordEntity, kind: Kind): Promise<Row[]> {
    if (kind === 'agencies') return this.organisation.listAgencies(landlord.code);
    if (kind === 'residences')
      return this.organisation.listResidences(landlord.code, 'all', { inactive: true });
    return this.organisation.listContractors(landlord.code);
  }
}

/** How a row is named in a title or a list: `Name (CODE)` for agencies and residences, the name otherwise. */
function nameOf(row: Row): string {
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
