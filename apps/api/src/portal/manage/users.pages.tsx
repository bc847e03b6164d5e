import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccountsService, StaffAccountsService, landlordScopeOf } from '@suivi/access';
import type { StaffAccount, UserPrincipal } from '@suivi/access';
import { ROLE_LABELS } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { CreateStaffAccountDto, UpdateStaffAccountDto } from '../../users/users.dto';
import { Button, Csrf, DateTime, ErrorSummary, Notice, Table, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManageLayout, ManagePages, doneMessage, inWords, isConflict, sectionHref } from './manage-parts';
import { words } from './users.words';
import { RoleFields } from './users.view';

/** The landlord's staff accounts: list, creation (the person chooses their password through an e-mailed link), role changes, disable/enable. */
@ManagePages('users')
export class UsersPages {
  constructor(
    @Inject(StaffAccountsService) private readonly staff: StaffAccountsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  @Get()
  @Allow('landlord.manage')
  async list(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    sendPage(
      reply,
      await this.listPage(
        page,
        landlord,
        emptyForm({ role: 'agent' }),
        doneMessage(done, { created: t.created_ }),
      ),
    );
  }

  @Post()
  @Allow('landlord.manage')
  async create(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const form: FormState = { values: formValues(body), errors: {} };
    const checked = await validateForm(CreateStaffAccountDto, {
      email: valueOf(form, 'email').trim(),
      displayName: valueOf(form, 'displayName').trim(),
      role: valueOf(form, 'role'),
      ...(valueOf(form, 'contractorId') ? { contractorId: valueOf(form, 'contractorId') } : {}),
    });
    if (!checked.ok) {
      form.errors = inWords(checked.errors, t.messages);
      return sendPage(reply, await this.listPage(page, landlord, form, null), 400);
    }
    try {
      await this.staff.createForLandlord(landlord, checked.value, user.userId);
    } catch (e) {
      if (isConflict(e)) form.errors = { email: t.taken };
      else form.errors = inWords(invalidInputOf(e) ?? rethrow(e), t.messages);
      return sendPage(reply, await this.listPage(page, landlord, form, null), isConflict(e) ? 409 : 400);
    }
    seeOther(reply, `${sectionHref(landlord.code, 'users')}?done=created`);
  }

  @Get(':id')
  @Allow('landlord.manage')
  async edit(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const account = await this.account(landlord, id);
    const form = emptyForm({ role: account.role, contractorId: account.contractorId ?? '' });
    const message = doneMessage(done, {
      updated: t.updated,
      disabled: t.disabledDone,
      enabled: t.enabledDone,
      reset: t.resetDone,
    });
    sendPage(reply, await this.editPage(page, landlord, account, form, message));
  }

  @Post(':id')
  @Allow('landlord.manage')
  async changeRole(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const form: FormState = { values: formValues(body), errors: {} };
    const contractorId = valueOf(form, 'contractorId');
    return this.change(page, code, id, user, reply, form, {
      role: valueOf(form, 'role'),
      ...(contractorId ? { contractorId } : {}),
    });
  }

  @Post(':id/reset')
  @Allow('landlord.manage')
  async sendReset(
    @Param('code') code: string,
    @Param('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const account = await this.account(landlord, id);
    await this.accounts.resetByAdmin(
      { landlordId: landlord.id, actorUserId: user.userId, actorScope: scope },
      account.id,
    );
    seeOther(reply, `${sectionHref(landlord.code, 'users')}/${account.id}?done=reset`);
  }

  @Post(':id/access')
  @Allow('landlord.manage')
  async setAccess(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const form: FormState = { values: formValues(body), errors: {} };
    return this.change(page, code, id, user, reply, form, { active: valueOf(form, 'active') === 'true' });
  }

  private async change(
    page: PageContext,
    code: string,
    id: string,
    user: UserPrincipal,
    reply: FastifyReply,
    form: FormState,
    plain: Record<string, unknown>,
  ) {
    const t = words(page.lang);
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const account = await this.account(landlord, id);
    const checked = await validateForm(UpdateStaffAccountDto, plain);
    if (!checked.ok) {
      form.errors = inWords(checked.errors, t.messages);
      return sendPage(reply, await this.editPage(page, landlord, account, form, null), 400);
    }
    try {
      await this.staff.updateForLandlord(
        { landlordId: landlord.id, actorUserId: user.userId, actorScope: scope },
        account.id,
        checked.value,
      );
    } catch (e) {
      form.errors = inWords(invalidInputOf(e) ?? rethrow(e), t.messages);
      if (form.errors.active) form.errors = { _form: form.errors.active };
      if (!form.values.role) form.values.role = account.role;
      return sendPage(reply, await this.editPage(page, landlord, account, form, null), 400);
    }
    const done =
      checked.value.active === undefined ? 'updated' : checked.value.active ? 'enabled' : 'disabled';
    seeOther(reply, `${sectionHref(landlord.code, 'users')}/${account.id}?done=${done}`);
  }

  private account(landlord: LandlordEntity, id: string): Promise<StaffAccount> {
    return this.staff.accountOf(landlord.id, id);
  }

  private async listPage(page: PageContext, landlord: LandlordEntity, form: FormState, done: string | null) {
    const { lang } = page;
    const t = words(lang);
    const tz = landlord.timezone;
    const accounts = await this.staff.listForLandlord(landlord.id);
    const contractors = await this.organisation.listContractors(landlord.code);
    const base = sectionHref(landlord.code, 'users');
    const labels = {
      email: t.email,
      displayName: t.displayName,
      role: t.role,
      contractorId: t.contractor,
    };
    return (
      <ManageLayout page={page} landlord={landlord} section="users" title={t.title}>
        <h1>{t.title}</h1>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <ErrorSummary form={form} lang={lang} labels={labels} />
        <p>{t.intro}</p>
        <h2>{t.list}</h2>
        {accounts.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <Table caption={t.list} head={[t.name, t.email, t.role, t.created, t.lastSignIn, t.state, '']}>
            {accounts.map((a) => (
              <tr key={a.id} class={a.active ? undefined : 'inactive'}>
                <th scope="row">{a.displayName}</th>
                <td>{a.email}</td>
                <td>
                  {say(ROLE_LABELS, a.role, lang)}
                  {a.contractorId ? ` — ${contractors.find((c) => c.id === a.contractorId)?.name ?? ''}` : ''}
                </td>
                <td>
                  <DateTime at={a.createdAt} lang={lang} timeZone={tz} style="date" />
                </td>
                <td>
                  {a.lastSignInAt ? <DateTime at={a.lastSignInAt} lang={lang} timeZone={tz} /> : t.never}
                </td>
                <td>
                  <span class={`badge ${a.active ? 'ok' : 'overdue'}`}>
                    {a.active ? t.active : t.disabled}
                  </span>
                </td>
                <td>
                  <a href={`${base}/${a.id}`} aria-label={t.change(a.displayName)}>
                    {t.changeShort}
                  </a>
                </td>
              </tr>
            ))}
          </Table>
        )}
        <h2 id="create">{t.create}</h2>
        <form method="post" action={base} noValidate>
          <Csrf page={page} />
          <TextField
            name="email"
            type="email"
            label={t.email}
            form={form}
            lang={lang}
            required
            autoComplete="off"
          />
          <TextField
            name="displayName"
            label={t.displayName}
            form={form}
            lang={lang}
            required
            autoComplete="off"
          />
          <RoleFields t={t} lang={lang} form={form} contractors={contractors} />
          <p class="hint">{t.createHint}</p>
          <Button>{t.submitCreate}</Button>
        </form>
      </ManageLayout>
    );
  }

  private async editPage(
    page: PageContext,
    landlord: LandlordEntity,
    account: StaffAccount,
    form: FormState,
    done: string | null,
  ) {
    const { lang } = page;
    const t = words(lang);
    const tz = landlord.timezone;
    const contractors = await this.organisation.listContractors(landlord.code);
    const url = `${sectionHref(landlord.code, 'users')}/${account.id}`;
    return (
      <ManageLayout page={page} landlord={landlord} section="users" title={t.editTitle(account.displayName)}>
        <h1>{t.editTitle(account.displayName)}</h1>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <ErrorSummary form={form} lang={lang} labels={{ role: t.role, contractorId: t.contractor }} />
        <dl class="facts">
          <dt>{t.email}</dt>
          <dd>{account.email}</dd>
          <dt>{t.role}</dt>
          <dd>{say(ROLE_LABELS, account.role, lang)}</dd>
          <dt>{t.created}</dt>
          <dd>
            <DateTime at={account.createdAt} lang={lang} timeZone={tz} style="date" />
          </dd>
          <dt>{t.lastSignIn}</dt>
          <dd>
            {account.lastSignInAt ? (
              <DateTime at={account.lastSignInAt} lang={lang} timeZone={tz} />
            ) : (
              t.never
            )}
          </dd>
          <dt>{t.state}</dt>
          <dd>
            <span class={`badge ${account.active ? 'ok' : 'overdue'}`}>
              {account.active ? t.active : t.disabled}
            </span>
          </dd>
        </dl>
        <h2>{t.roleTitle}</h2>
        <form method="post" action={url} noValidate>
          <Csrf page={page} />
          <RoleFields t={t} lang={lang} form={form} contractors={contractors} />
          <Button>{t.saveRole}</Button>
        </form>
        {account.active ? (
          <>
            <h2>{t.resetTitle}</h2>
            <p>{t.resetHint}</p>
            <form method="post" action={`${url}/reset`}>
              <Csrf page={page} />
              <Button kind="secondary">{t.resetButton}</Button>
            </form>
          </>
        ) : null}
        <h2>{t.access}</h2>
        {account.active ? <p>{t.disableHint}</p> : <p>{t.isDisabled}</p>}
        <form method="post" action={`${url}/access`}>
          <Csrf page={page} />
          <input type="hidden" name="active" value={account.active ? 'false' : 'true'} />
          <Button kind={account.active ? 'danger' : 'secondary'}>
            {account.active ? t.disable : t.enable}
          </Button>
        </form>
        <p>
          <a href={sectionHref(landlord.code, 'users')}>{t.back}</a>
        </p>
      </ManageLayout>
    );
  }
}

function rethrow(e: unknown): never {
  throw e;
}
