import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  AccountsService,
  LANDLORD_STAFF_ROLES,
  UsersService,
  landlordScopeOf,
  passwordProblem,
  passwordUserInputs,
} from '@suivi/access';
import type { StaffAccount, UserPrincipal } from '@suivi/access';
import { ROLE_LABELS } from '@suivi/domain';
import type { ContractorEntity, LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { CreateStaffAccountDto, UpdateStaffAccountDto } from '../../users/users.dto';
import {
  Button,
  Choices,
  Csrf,
  DateTime,
  ErrorSummary,
  Notice,
  Select,
  Table,
  TextField,
} from '../components';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { dictionary, say } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManageLayout, ManagePages, doneMessage, inWords, isConflict, sectionHref } from './manage-parts';

const words = dictionary({
  fr: {
    title: 'Comptes et rôles',
    intro:
      'Les comptes de l’équipe de ce bailleur. Un compte désactivé ne peut plus se connecter et ses sessions ouvertes s’arrêtent aussitôt ; il peut être réactivé.',
    list: 'Comptes du bailleur',
    name: 'Nom',
    email: 'Adresse e-mail',
    role: 'Rôle',
    created: 'Créé le',
    lastSignIn: 'Dernière connexion',
    state: 'État',
    active: 'Actif',
    disabled: 'Désactivé',
    never: 'jamais',
    change: (name: string) => `Modifier le compte de ${name}`,
    changeShort: 'Modifier',
    none: 'Aucun compte pour l’instant.',
    create: 'Créer un compte',
    displayName: 'Nom et prénom',
    password: 'Mot de passe initial',
    passwordHint:
      '12 caractères au moins, ni courant ni facile à deviner. Transmettez-le à la personne par un autre moyen ; elle pourra se connecter aussitôt.',
    roleHints: {
      agent: 'Accueil, saisie et suivi des dossiers.',
      supervisor: 'Comme un chargé de clientèle, et traite les demandes de réexamen.',
      landlord_admin: 'Règles, calendrier, comptes, agences, résidences et entreprises.',
      contractor: 'Une entreprise : voit les ordres de travaux qui lui sont confiés.',
    } as Record<string, string>,
    contractor: 'Entreprise (pour un compte entreprise)',
    contractorPick: '— choisir —',
    submitCreate: 'Créer le compte',
    created_: 'Compte créé. La personne peut se connecter avec le mot de passe initial.',
    updated: 'Compte modifié.',
    disabledDone: 'Compte désactivé : il ne peut plus se connecter.',
    enabledDone: 'Compte réactivé.',
    taken: 'Un compte existe déjà avec cette adresse e-mail.',
    editTitle: (name: string) => `Compte de ${name}`,
    roleTitle: 'Rôle',
    saveRole: 'Enregistrer le rôle',
    access: 'Accès',
    disable: 'Désactiver ce compte',
    enable: 'Réactiver ce compte',
    disableHint: 'La personne est déconnectée partout et ne peut plus se connecter.',
    isDisabled: 'Ce compte est désactivé.',
    back: 'Retour aux comptes',
    resetTitle: 'Mot de passe',
    resetHint:
      'Envoie à la personne un lien pour choisir un nouveau mot de passe (valable une heure). Son mot de passe actuel ne fonctionne plus et ses sessions sont fermées aussitôt.',
    resetButton: 'Envoyer un lien de réinitialisation',
    resetDone: 'Lien de réinitialisation envoyé ; les sessions du compte sont fermées.',
    messages: {
      email: 'Donnez une adresse e-mail valide.',
      displayName: 'Donnez le nom de la personne.',
      role: 'Choisissez un rôle.',
      contractorId: 'Choisissez l’entreprise de ce compte.',
    } as Record<string, string>,
  },
  en: {
    title: 'Accounts and roles',
    intro:
      'The accounts of this landlord’s staff. A disabled account can no longer sign in and its open sessions stop at once; it can be enabled again.',
    list: 'The landlord’s accounts',
    name: 'Name',
    email: 'Email address',
    role: 'Role',
    created: 'Created on',
    lastSignIn: 'Last sign-in',
    state: 'State',
    active: 'Active',
    disabled: 'Disabled',
    never: 'never',
    change: (name: string) => `Change ${name}’s account`,
    changeShort: 'Change',
    none: 'No account yet.',
    create: 'Create an account',
    displayName: 'Full name',
    password: 'Initial password',
    passwordHint:
      'At least 12 characters, neither common nor easy to guess. Give it to the person another way; they can sign in at once.',
    roleHints: {
      agent: 'Front desk, intake and case follow-up.',
      supervisor: 'As an agent, and handles review requests.',
      landlord_admin: 'Rules, calendar, accounts, agencies, residences and contractors.',
      contractor: 'A contractor: sees the work orders given to it.',
    } as Record<string, string>,
    contractor: 'Contractor (for a contractor account)',
    contractorPick: '— choose —',
    submitCreate: 'Create the account',
    created_: 'Account created. The person can sign in with the initial password.',
    updated: 'Account changed.',
    disabledDone: 'Account disabled: it can no longer sign in.',
    enabledDone: 'Account enabled again.',
    taken: 'An account already exists with this email address.',
    editTitle: (name: string) => `${name}’s account`,
    roleTitle: 'Role',
    saveRole: 'Save the role',
    access: 'Access',
    disable: 'Disable this account',
    enable: 'Enable this account',
    disableHint: 'The person is signed out everywhere and can no longer sign in.',
    isDisabled: 'This account is disabled.',
    back: 'Back to the accounts',
    resetTitle: 'Password',
    resetHint:
      'Sends the person a link to choose a new password (it works for one hour). Their current password stops working and their sessions end at once.',
    resetButton: 'Send a reset link',
    resetDone: 'Reset link sent; the account’s sessions are closed.',
    messages: {
      email: 'Give a valid email address.',
      displayName: 'Give the person’s name.',
      role: 'Choose a role.',
      contractorId: 'Choose this account’s contractor.',
    } as Record<string, string>,
  },
});

type Words = ReturnType<typeof words>;

const roleOptions = (t: Words, lang: PageContext['lang']) =>
  LANDLORD_STAFF_ROLES.map((r) => ({ value: r, label: say(ROLE_LABELS, r, lang), hint: t.roleHints[r] }));

const contractorOptions = (contractors: ContractorEntity[]) =>
  contractors.map((c) => ({ value: c.id, label: c.trade ? `${c.name} (${c.trade})` : c.name }));

/** The role and the contractor of an account: the same fields when it is created and when it is changed. */
function RoleFields(props: {
  t: Words;
  lang: PageContext['lang'];
  form: FormState;
  contractors: ContractorEntity[];
}) {
  const { t, lang, form } = props;
  return (
    <>
      <Choices name="role" label={t.role} form={form} lang={lang} required options={roleOptions(t, lang)} />
      <Select
        name="contractorId"
        label={t.contractor}
        form={form}
        lang={lang}
        placeholder={t.contractorPick}
        options={contractorOptions(props.contractors)}
      />
    </>
  );
}

/** The landlord's staff accounts: list, creation with an initial password, role changes, disable/enable. */
@ManagePages('users')
export class UsersPages {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
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
      password: valueOf(form, 'password'),
      role: valueOf(form, 'role'),
      ...(valueOf(form, 'contractorId') ? { contractorId: valueOf(form, 'contractorId') } : {}),
    });
    const weak = passwordProblem(
      valueOf(form, 'password'),
      passwordUserInputs(valueOf(form, 'email'), valueOf(form, 'displayName'), landlord.code, landlord.name),
      page.lang,
    );
    if (!checked.ok || weak) {
      form.errors = checked.ok ? {} : inWords(checked.errors, t.messages);
      if (weak) form.errors.password = weak;
      return sendPage(reply, await this.listPage(page, landlord, form, null), 400);
    }
    try {
      await this.users.createForLandlord(landlord, checked.value);
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
      await this.users.updateForLandlord(
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
    return this.users.accountOf(landlord.id, id);
  }

  private async listPage(page: PageContext, landlord: LandlordEntity, form: FormState, done: string | null) {
    const { lang } = page;
    const t = words(lang);
    const tz = landlord.timezone;
    const accounts = await this.users.listForLandlord(landlord.id);
    const contractors = await this.organisation.listContractors(landlord.code);
    const base = sectionHref(landlord.code, 'users');
    const labels = {
      email: t.email,
      displayName: t.displayName,
      password: t.password,
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
          <TextField
            name="password"
            type="password"
            label={t.password}
            hint={t.passwordHint}
            form={form}
            lang={lang}
            required
            autoComplete="new-password"
          />
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
