import { Body, Controller, Get, Inject, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import {
  CreateAgencyDto,
  CreateContractorDto,
  CreateResidenceDto,
} from '../../organisation/organisation.dto';
import { Button, Csrf, ErrorSummary, Notice, Select, Table, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { ManageLayout, doneMessage, inWords, isConflict, manageWords, sectionHref } from './manage-parts';
import type { Section } from './manage-parts';
import { words } from './directory.words';

type Kind = 'agencies' | 'residences' | 'contractors';

/** Form values as the DTO expects them: trimmed, empty optional fields left out, whole numbers as numbers. */
function plainOf(form: FormState, fields: string[], numbers: string[] = []): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const field of fields) {
    const value = valueOf(form, field).trim();
    if (value === '') continue;
    plain[field] = numbers.includes(field) && /^\d{1,9}$/.test(value) ? Number(value) : value;
  }
  return plain;
}

/** One kind's creation form: the DTO it is checked against, its fields (`numbers` among them), the save. */
interface Creation<T extends object> {
  dto: new () => T;
  fields: string[];
  numbers?: string[];
  save: (landlordCode: string, value: T) => Promise<unknown>;
}

/**
 * Agencies, residences and contractors of a landlord: lists (each row links to its page, where it is edited,
 * deactivated or merged: `DirectoryEditPages`) and forms to add one.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('manage/:code')
export class DirectoryPages {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Get('agencies')
  @Allow('landlord.manage')
  async agencies(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    sendPage(reply, await this.render(page, landlord, 'agencies', emptyForm(), done));
  }

  @Post('agencies')
  @Allow('landlord.manage')
  async createAgency(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.create(page, code, user, reply, 'agencies', body, {
      dto: CreateAgencyDto,
      fields: ['code', 'name'],
      save: (landlordCode, value) =>
        this.organisation.createAgency(landlordCode, value, landlordScopeOf(user)),
    });
  }

  @Get('residences')
  @Allow('landlord.manage')
  async residences(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    sendPage(reply, await this.render(page, landlord, 'residences', emptyForm(), done));
  }

  @Post('residences')
  @Allow('landlord.manage')
  async createResidence(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.create(page, code, user, reply, 'residences', body, {
      dto: CreateResidenceDto,
      fields: ['code', 'name', 'agencyCode', 'address', 'postcode', 'city', 'homesCount'],
      numbers: ['homesCount'],
      save: (landlordCode, value) =>
        this.organisation.createResidence(landlordCode, value, landlordScopeOf(user)),
    });
  }

  @Get('contractors')
  @Allow('landlord.manage')
  async contractors(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    sendPage(reply, await this.render(page, landlord, 'contractors', emptyForm(), done));
  }

  @Post('contractors')
  @Allow('landlord.manage')
  async createContractor(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    return this.create(page, code, user, reply, 'contractors', body, {
      dto: CreateContractorDto,
      fields: ['name', 'trade', 'email', 'phoneE164'],
      save: (landlordCode, value) =>
        this.organisation.createContractor(landlordCode, value, landlordScopeOf(user)),
    });
  }

  /** Runs one creation: 303 to the list, or the form again with what was typed and why it was refused. */
  private async create<T extends object>(
    page: PageContext,
    code: string,
    user: UserPrincipal,
    reply: FastifyReply,
    kind: Kind,
    body: unknown,
    creation: Creation<T>,
  ) {
    const t = words(page.lang);
    const m = manageWords(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const form: FormState = { values: formValues(body), errors: {} };
    let status = 400;
    try {
      const checked = await validateForm(creation.dto, plainOf(form, creation.fields, creation.numbers));
      if (checked.ok) {
        await creation.save(landlord.code, checked.value);
        return seeOther(reply, `${sectionHref(landlord.code, kind)}?done=created`);
      }
      form.errors = inWords(checked.errors, t.messages);
    } catch (e) {
      if (isConflict(e)) {
        status = 409;
        form.errors = kind === 'contractors' ? { name: t.duplicateName } : { code: m.duplicateCode };
      } else {
        const errors = invalidInputOf(e);
        if (!errors) throw e;
        form.errors = inWords(errors, t.messages);
      }
    }
    sendPage(reply, await this.render(page, landlord, kind, form, null), status);
  }

  private async render(
    page: PageContext,
    landlord: LandlordEntity,
    kind: Kind,
    form: FormState,
    done: unknown,
  ) {
    const { lang } = page;
    const t = words(lang);
    const m = manageWords(lang);
    const section: Section = kind;
    const title = m.sections[section];
    const w = t[kind];
    const action = sectionHref(landlord.code, kind);
    const notice = doneMessage(done, {
      created: w.done,
      edited: t.doneEdited,
      deactivated: t.doneDeactivated,
      reactivated: t.doneReactivated,
      merged: t.doneMerged,
    });
    const status = (active: boolean) => (active ? t.active : <strong>{t.inactive}</strong>);
    const editHref = (id: string) => `${action}/${id}`;
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
    };
    const field = (name: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
      <TextField name={name} label={labels[name]} form={form} lang={lang} required {...extra} />
    );
    let list;
    let fields;
    if (kind === 'agencies') {
      const agencies = await this.organisation.listAgencies(landlord.code);
      list = agencies.length ? (
        <Table caption={w.list} head={[t.code, t.name, t.status]}>
          {agencies.map((a) => (
            <tr key={a.id}>
              <th scope="row">
                <a href={editHref(a.id)} aria-label={t.edit.link(a.code)}>
                  {a.code}
                </a>
              </th>
              <td>{a.name}</td>
              <td>{status(a.active)}</td>
            </tr>
          ))}
        </Table>
      ) : null;
      fields = (
        <>
          {field('code', { hint: t.codeHint, size: 'medium', maxLength: 32, autoComplete: 'off' })}
          {field('name', { maxLength: 200 })}
        </>
      );
    } else if (kind === 'residences') {
      const [residences, agencies] = await Promise.all([
        this.organisation.listResidences(landlord.code, 'all', { inactive: true }),
        this.organisation.listAgencies(landlord.code),
      ]);
      const agencyOf = new Map(agencies.map((a) => [a.id, a.name]));
      list = residences.length ? (
        <Table caption={w.list} head={[t.code, t.name, t.agency, t.address, t.homes, t.status]}>
          {residences.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <a href={editHref(r.id)} aria-label={t.edit.link(r.code)}>
                  {r.code}
                </a>
              </th>
              <td>{r.name}</td>
              <td>{r.agencyId ? agencyOf.get(r.agencyId) : ''}</td>
              <td>
                {r.address}, {r.postcode} {r.city}
              </td>
              <td class="num">{r.homesCount}</td>
              <td>{status(r.active)}</td>
            </tr>
          ))}
        </Table>
      ) : null;
      fields = (
        <>
          {field('code', { hint: t.codeHint, size: 'medium', maxLength: 32, autoComplete: 'off' })}
          {field('name', { maxLength: 200 })}
          <Select
            name="agencyCode"
            label={t.agency}
            form={form}
            lang={lang}
            placeholder={t.noAgency}
            options={agencies
              .filter((a) => a.active)
              .map((a) => ({ value: a.code, label: `${a.name} (${a.code})` }))}
          />
          {field('address', { maxLength: 300, autoComplete: 'off' })}
          {field('postcode', { size: 'short', maxLength: 16, autoComplete: 'off' })}
          {field('city', { maxLength: 100, autoComplete: 'off' })}
          {field('homesCount', { size: 'short', inputMode: 'numeric' })}
        </>
      );
    } else {
      const contractors = await this.organisation.listContractors(landlord.code);
      list = contractors.length ? (
        <Table caption={w.list} head={[t.name, t.trade, t.email, t.phone, t.status]}>
          {contractors.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <a href={editHref(c.id)} aria-label={t.edit.link(c.name)}>
                  {c.name}
                </a>
              </th>
              <td>{c.trade ?? ''}</td>
              <td>{c.email ?? ''}</td>
              <td>{c.phoneE164 ?? ''}</td>
              <td>{status(c.active)}</td>
            </tr>
          ))}
        </Table>
      ) : null;
      fields = (
        <>
          {field('name', { maxLength: 200 })}
          {field('trade', { required: false, hint: t.tradeHint, maxLength: 64 })}
          {field('email', { required: false, type: 'email', autoComplete: 'off' })}
          {field('phoneE164', { required: false, type: 'tel', hint: t.phoneHint, autoComplete: 'off' })}
        </>
      );
    }
    return (
      <ManageLayout page={page} landlord={landlord} section={section} title={title}>
        <h1>{title}</h1>
        {notice ? <Notice kind="success">{notice}</Notice> : null}
        <ErrorSummary form={form} lang={lang} labels={labels} />
        <p>{w.intro}</p>
        <h2>{w.list}</h2>
        {list ?? <p>{w.none}</p>}
        <h2>{w.create}</h2>
        <form method="post" action={action} noValidate>
          <Csrf page={page} />
          {fields}
          <Button>{w.submit}</Button>
        </form>
      </ManageLayout>
    );
  }
}
