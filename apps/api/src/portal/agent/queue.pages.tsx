import { Body, Controller, Get, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { complaintScopeOf, landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { ComplaintsService, UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import type { ComplaintSummary } from '@suivi/complaints';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_STATES,
  HOLD_REASON_LABELS,
  INTAKE_CHANNELS,
  STAGE_LABELS,
  STATUS_LABELS,
} from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordEntity } from '@suivi/persistence';
import { ComplaintQueryDto, FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { Allow, CurrentUser } from '../../common/access';
import { Choices, Deadline, ErrorSummary, Notice, Select, Table } from '../components';
import type { Option } from '../components';
import { levelLabel } from '../complaint-parts';
import { emptyForm, formValues, invalidInputOf, validateForm } from '../forms';
import type { FormState } from '../forms';
import { dictionary, say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { FilingForm, categoryOptions, filingPlain, filingWords, friendlyErrors } from './filing-form';

const PAGE_SIZE = 25;
/** A next deadline this close is marked "due soon". */
const DUE_SOON_MS = 24 * 3_600_000;

export const agentWords = dictionary({
  fr: {
    queue: 'File des dossiers',
    queueIntro: 'Les dossiers ouverts, l’échéance la plus proche en premier.',
    staffNav: 'Espace accueil et suivi',
    intake: 'Enregistrer une demande',
    contractors: 'Entreprises',
    filters: 'Filtrer la file',
    status: 'État',
    agency: 'Agence',
    category: 'Problème',
    urgency: 'Urgence',
    channel: 'Arrivée par',
    landlord: 'Bailleur',
    all: 'Tous',
    overdueOnly: 'Seulement les dossiers en retard',
    apply: 'Filtrer',
    reset: 'Effacer les filtres',
    counts: 'Chiffres',
    matching: (n: number) => `${n} dossier${n > 1 ? 's' : ''}`,
    overdueCount: (n: number) => `dont ${n} en retard`,
    byStatus: 'Par état',
    table: (from: number, to: number, total: number) => `Dossiers ${from} à ${to} sur ${total}`,
    reference: 'Référence',
    place: 'Lieu',
    nextDue: 'Prochaine échéance',
    overdue: 'En retard',
    soon: 'Échéance proche',
    onHold: 'En attente',
    safetyReview: 'Sécurité à vérifier',
    messageFailed: (channel: string): string =>
      channel === 'sms' ? 'SMS au locataire non remis' : 'E-mail au locataire non remis',
    none: 'Aucun dossier ne correspond.',
    previous: 'Page précédente',
    next: 'Page suivante',
    pageOf: (p: number, n: number) => `Page ${p} sur ${n}`,
    pagination: 'Pages de la file',
    badFilter: 'Ce filtre n’est pas reconnu ; la file est affichée sans lui.',
    intakeTitle: 'Enregistrer une demande pour un locataire',
    intakeIntro:
      'Au téléphone, à l’accueil ou par courrier : la demande reçoit une référence et les mêmes délais qu’en ligne.',
    intakeChannel: 'Comment la demande est arrivée',
    fileIt: 'Enregistrer la demande',
    contractorsTitle: 'Entreprises',
    contractorsOf: (name: string) => `Entreprises de ${name}`,
    name: 'Nom',
    trade: 'Métier',
    email: 'E-mail',
    phone: 'Téléphone',
    active: 'Active',
    noContractors: 'Aucune entreprise enregistrée.',
  },
  en: {
    queue: 'Case queue',
    queueIntro: 'Open cases, the nearest deadline first.',
    staffNav: 'Front-desk area',
    intake: 'Take a request',
    contractors: 'Contractors',
    filters: 'Filter the queue',
    status: 'Status',
    agency: 'Agency',
    category: 'Problem',
    urgency: 'Urgency',
    channel: 'Came in by',
    landlord: 'Landlord',
    all: 'All',
    overdueOnly: 'Only overdue cases',
    apply: 'Filter',
    reset: 'Clear the filters',
    counts: 'Figures',
    matching: (n: number) => `${n} case${n === 1 ? '' : 's'}`,
    overdueCount: (n: number) => `${n} of them overdue`,
    byStatus: 'By status',
    table: (from: number, to: number, total: number) => `Cases ${from} to ${to} of ${total}`,
    reference: 'Reference',
    place: 'Place',
    nextDue: 'Next deadline',
    overdue: 'Overdue',
    soon: 'Due soon',
    onHold: 'On hold',
    safetyReview: 'Check safety',
    messageFailed: (channel: string): string =>
      channel === 'sms' ? 'Text to the tenant not delivered' : 'E-mail to the tenant not delivered',
    none: 'No case matches.',
    previous: 'Previous page',
    next: 'Next page',
    pageOf: (p: number, n: number) => `Page ${p} of ${n}`,
    pagination: 'Queue pages',
    badFilter: 'This filter is not recognised; the queue is shown without it.',
    intakeTitle: 'Take a request for a tenant',
    intakeIntro:
      'By phone, at the front desk or by letter: the request gets a reference and the same deadlines as online.',
    intakeChannel: 'How the request came in',
    fileIt: 'Record the request',
    contractorsTitle: 'Contractors',
    contractorsOf: (name: string) => `Contractors of ${name}`,
    name: 'Name',
    trade: 'Trade',
    email: 'Email',
    phone: 'Phone',
    active: 'Active',
    noContractors: 'No contractor recorded.',
  },
});

/** The links of the agents' area, on each of its pages. */
export function StaffNav(props: { lang: Lang; current: string }) {
  const t = agentWords(props.lang);
  const links: [string, string][] = [
    ['/agent', t.queue],
    ['/agent/intake', t.intake],
    ['/agent/contractors', t.contractors],
  ];
  return (
    <nav aria-label={t.staffNav} class="area-nav">
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={href === props.current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Channels a request reaches the front desk by (the web and partners file themselves). */
const DESK_CHANNELS = INTAKE_CHANNELS.filter((c) => c !== 'web' && c !== 'partner');
const FILTERS = ['landlord', 'status', 'agency', 'category', 'urgency', 'channel', 'overdue'] as const;

/** The agents' and supervisors' pages: the queue, intake on a tenant's behalf, the contractors. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('agent')
export class AgentQueuePages {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
  ) {}

  @Get()
  @Allow('complaint.list')
  async queue(
    @Page() page: PageContext,
    @Query() raw: Record<string, unknown>,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const form: FormState = emptyForm(formValues(raw));
    delete form.values.lang;
    const given = Object.fromEntries(
      Object.entries(form.values).filter(
        ([key, value]) => value !== '' && key !== 'sort' && key !== 'pageSize',
      ),
    );
    let checked = await validateForm(ComplaintQueryDto, {
      ...given,
      sort: 'nextDue',
      pageSize: String(PAGE_SIZE),
    });
    if (!checked.ok) {
      form.errors = Object.fromEntries(
        Object.keys(checked.errors).map((k) => [k, agentWords(page.lang).badFilter]),
      );
      const refused = checked.errors;
      const valid = Object.fromEntries(Object.entries(given).filter(([key]) => !(key in refused)));
      checked = await validateForm(ComplaintQueryDto, {
        ...valid,
        sort: 'nextDue',
        pageSize: String(PAGE_SIZE),
      });
    }
    if (!checked.ok)
      checked = await validateForm(ComplaintQueryDto, { sort: 'nextDue', pageSize: String(PAGE_SIZE) });
    if (!checked.ok) throw new Error('the default queue query is invalid');
    const query = checked.value;
    const scope = complaintScopeOf(user);
    const [{ list, counts }, choices] = await Promise.all([
      this.complaints.queue(query, scope),
      this.filterChoices(user, page.lang),
    ]);
    sendPage(
      reply,
      <QueuePage page={page} form={form} list={list} counts={counts} choices={choices} />,
      Object.keys(form.errors).length ? 400 : 200,
    );
  }

  /** What the filter selects offer: the user's landlords, their agencies and urgency levels. */
  private async filterChoices(user: UserPrincipal, lang: Lang) {
    const landlords = await this.organisation.listLandlords(landlordScopeOf(user));
    const agencies = new Map<string, string>();
    const levels = new Map<string, string>();
    // Each landlord's agencies and rules at once; the maps are filled in landlord order as before.
    const perLandlord = await Promise.all(
      landlords.map((landlord) =>
        Promise.all([
          this.organisation.listAgencies(landlord.code, 'all'),
          this.urgency.current(landlordCalendarRow(landlord)),
        ]),
      ),
    );
    for (const [landlordAgencies, rules] of perLandlord) {
      for (const agency of landlordAgencies) agencies.set(agency.code, agency.name);
      for (const level of [...rules.ruleSet.levels].sort((a, b) => a.rank - b.rank)) {
        levels.set(level.id, level.label?.[lang] ?? levelLabel(level.id, lang));
      }
    }
    return {
      timeZones: Object.fromEntries(landlords.map((l) => [l.code, l.timezone])),
      landlords: landlords.map((l) => ({ value: l.code, label: l.name })),
      agencies: [...agencies].map(([value, label]) => ({ value, label: `${label} (${value})` })),
      levels: [...levels].map(([value, label]) => ({ value, label })),
    };
  }

  @Get('intake')
  @Allow('complaint.handle')
  async intakeForm(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlords = await this.organisation.listLandlords(landlordScopeOf(user));
    const form = emptyForm({
      channel: 'phone',
      'tenant.language': page.lang,
      ...(landlords.length === 1 ? { landlordCode: landlords[0].code } : {}),
    });
    sendPage(reply, await this.intakePage(page, user, landlords, form));
  }

  @Post('intake')
  @Allow('complaint.handle')
  async intake(
    @Page() page: PageContext,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const form: FormState = { values: formValues(body), errors: {} };
    const landlords = await this.organisation.listLandlords(landlordScopeOf(user));
    const checked = await validateForm(FileComplaintDto, filingPlain(form));
    if (!checked.ok) {
      form.errors = friendlyErrors(checked.errors, page.lang);
      return sendPage(reply, await this.intakePage(page, user, landlords, form), 400);
    }
    try {
      const filed = await fileAs(this.complaints, checked.value, user);
      seeOther(reply, `/agent/complaints/${filed.reference}?done=filed`);
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      form.errors = friendlyErrors(errors, page.lang);
      sendPage(reply, await this.intakePage(page, user, landlords, form), 400);
    }
  }

  private async intakePage(
    page: PageContext,
    user: UserPrincipal,
    landlords: LandlordEntity[],
    form: FormState,
  ) {
    const t = agentWords(page.lang);
    const f = filingWords(page.lang);
    const residences: Option[] = [];
    for (const landlord of landlords) {
      for (const r of await this.organisation.listResidences(landlord.code, landlordScopeOf(user))) {
        residences.push({
          value: r.code,
          label: `${r.name} — ${r.address}, ${r.postcode} ${r.city}${landlords.length > 1 ? ` (${landlord.name})` : ''}`,
        });
      }
    }
    return (
      <Layout page={page} title={t.intakeTitle}>
        <StaffNav lang={page.lang} current="/agent/intake" />
        <h1>{t.intakeTitle}</h1>
        <p>{t.intakeIntro}</p>
        <FilingForm
          page={page}
          form={form}
          action="/agent/intake"
          submit={t.fileIt}
          place={
            <>
              <Choices
                name="channel"
                label={t.intakeChannel}
                form={form}
                lang={page.lang}
                required
                inline
                options={DESK_CHANNELS.map((c) => ({ value: c, label: say(CHANNEL_LABELS, c, page.lang) }))}
              />
              <Select
                name="landlordCode"
                label={f.landlord}
                form={form}
                lang={page.lang}
                required
                placeholder={f.choose}
                options={landlords.map((l) => ({ value: l.code, label: l.name }))}
              />
              <Select
                name="residenceCode"
                label={f.residence}
                hint={f.residenceHint}
                form={form}
                lang={page.lang}
                placeholder={f.choose}
                options={residences}
              />
            </>
          }
        />
      </Layout>
    );
  }

  @Get('contractors')
  @Allow('landlord.directory')
  async contractors(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = agentWords(page.lang);
    const scope = landlordScopeOf(user);
    const landlords = await this.organisation.listLandlords(scope);
    const lists = await Promise.all(
      landlords.map(async (l) => ({
        landlord: l,
        contractors: await this.organisation.listContractors(l.code, scope),
      })),
    );
    sendPage(
      reply,
      <Layout page={page} title={t.contractorsTitle} wide>
        <StaffNav lang={page.lang} current="/agent/contractors" />
        <h1>{t.contractorsTitle}</h1>
        {lists.map(({ landlord, contractors }) =>
          contractors.length === 0 ? (
            <p key={landlord.code}>
              {landlord.name} : {t.noContractors}
            </p>
          ) : (
            <Table
              key={landlord.code}
              caption={t.contractorsOf(landlord.name)}
              head={[t.name, t.trade, t.email, t.phone, t.active]}
            >
              {contractors.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{c.trade ?? '—'}</td>
                  <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
                  <td>{c.phoneE164 ? <a href={`tel:${c.phoneE164}`}>{c.phoneE164}</a> : '—'}</td>
                  <td>{c.active ? filingYes(page.lang) : filingNo(page.lang)}</td>
                </tr>
              ))}
            </Table>
          ),
        )}
      </Layout>,
    );
  }
}

const filingYes = (lang: Lang) => (lang === 'fr' ? 'Oui' : 'Yes');
const filingNo = (lang: Lang) => (lang === 'fr' ? 'Non' : 'No');

type QueueList = Awaited<ReturnType<ComplaintsService['list']>>;
type QueueCounts = Awaited<ReturnType<ComplaintsService['counts']>>;

/** The queue with the current filters kept in every link (`page` changed, `lang` left to the cookie). */
function queueHref(form: FormState, changes: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = key in changes ? changes[key] : form.values[key];
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const pageNumber = 'page' in changes ? changes.page : null;
  if (pageNumber && pageNumber !== '1') params.set('page', pageNumber);
  const query = params.toString();
  return query ? `/agent?${query}` : '/agent';
}

/** Overdue, due soon, or neither: in words, not only in colour. */
/** A tenant's message that failed (issue 16), in words: the agent corrects the address and resends it. */
function FailedMessageBadge(props: { channel: 'sms' | 'email' | null; lang: Lang }) {
  if (!props.channel) return null;
  return (
    <>
      {' '}
      <span class="badge overdue">{agentWords(props.lang).messageFailed(props.channel)}</span>
    </>
  );
}

export function DueBadge(props: { nextDue: ComplaintSummary['nextDue']; lang: Lang }) {
  const t = agentWords(props.lang);
  if (!props.nextDue) return null;
  if (props.nextDue.overdue) return <span class="badge overdue">{t.overdue}</span>;
  if (Date.parse(props.nextDue.at) - Date.now() < DUE_SOON_MS)
    return <span class="badge soon">{t.soon}</span>;
  return null;
}

function QueuePage(props: {
  page: PageContext;
  form: FormState;
  list: QueueList;
  counts: QueueCounts;
  choices: { timeZones: Record<string, string>; landlords: Option[]; agencies: Option[]; levels: Option[] };
}) {
  const { page, form, list, counts, choices } = props;
  const lang = page.lang;
  const t = agentWords(lang);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const first = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const last = Math.min(list.total, list.page * list.pageSize);
  return (
    <Layout page={page} title={t.queue} wide>
      <StaffNav lang={lang} current="/agent" />
      <h1>{t.queue}</h1>
      <p>{t.queueIntro}</p>
      <ErrorSummary
        form={form}
        lang={lang}
        labels={{ status: t.status, agency: t.agency, category: t.category }}
      />
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">{t.counts}</h2>
        <p>
          <strong>{t.matching(counts.total)}</strong>
          {counts.overdue > 0 ? (
            <>
              {', '}
              <a href={queueHref(form, { overdue: 'true', page: null })}>
                <span class="badge overdue">{t.overdueCount(counts.overdue)}</span>
              </a>
            </>
          ) : null}
        </p>
        <h3>{t.byStatus}</h3>
        <ul class="status-counts">
          {COMPLAINT_STATES.map((state) => {
            const count = counts.byStatus[state];
            return (
              <li key={state}>
                <a href={queueHref(form, { status: state, page: null })}>
                  {say(STATUS_LABELS, state, lang)} : {count?.total ?? 0}
                </a>
                {count?.overdue ? ` (${t.overdueCount(count.overdue)})` : ''}
              </li>
            );
          })}
        </ul>
      </section>
      <form method="get" action="/agent" class="filters-form" aria-labelledby="filters-title">
        <h2 id="filters-title">{t.filters}</h2>
        <div class="filters">
          {choices.landlords.length > 1 ? (
            <Select
              name="landlord"
              label={t.landlord}
              form={form}
              lang={lang}
              placeholder={t.all}
              options={choices.landlords}
            />
          ) : null}
          <Select
            name="status"
            label={t.status}
            form={form}
            lang={lang}
            placeholder={t.all}
            options={COMPLAINT_STATES.map((s) => ({ value: s, label: say(STATUS_LABELS, s, lang) }))}
          />
          <Select
            name="agency"
            label={t.agency}
            form={form}
            lang={lang}
            placeholder={t.all}
            options={choices.agencies}
          />
          <Select
            name="category"
            label={t.category}
            form={form}
            lang={lang}
            placeholder={t.all}
            options={categoryOptions(lang)}
          />
          <Select
            name="urgency"
            label={t.urgency}
            form={form}
            lang={lang}
            placeholder={t.all}
            options={choices.levels}
          />
          <Select
            name="channel"
            label={t.channel}
            form={form}
            lang={lang}
            placeholder={t.all}
            options={INTAKE_CHANNELS.map((c) => ({ value: c, label: say(CHANNEL_LABELS, c, lang) }))}
          />
        </div>
        <Choices
          name="overdue"
          label={t.overdue}
          form={form}
          lang={lang}
          multiple
          options={[{ value: 'true', label: t.overdueOnly }]}
        />
        <div class="actions">
          <button type="submit" class="button primary">
            {t.apply}
          </button>
          <a class="button secondary" href="/agent">
            {t.reset}
          </a>
        </div>
      </form>
      {list.items.length === 0 ? (
        <Notice>{t.none}</Notice>
      ) : (
        <Table
          caption={t.table(first, last, list.total)}
          head={[t.reference, t.status, t.category, t.urgency, t.place, t.channel, t.nextDue]}
        >
          {list.items.map((c) => (
            <tr key={c.reference} class={c.nextDue?.overdue ? 'overdue' : undefined}>
              <th scope="row">
                <a href={`/agent/complaints/${c.reference}`}>{c.reference}</a>
              </th>
              <td>
                {say(STATUS_LABELS, c.status, lang)}
                <FailedMessageBadge channel={c.messageFailed} lang={lang} />
                {c.onHold ? (
                  <>
                    {' '}
                    <span class="badge soon">
                      {t.onHold} : {say(HOLD_REASON_LABELS, c.onHold, lang)}
                    </span>
                  </>
                ) : null}
              </td>
              <td>{say(CATEGORY_LABELS, c.category, lang)}</td>
              <td>
                {c.urgency ? levelLabel(c.urgency, lang) : '—'}
                {c.safetyReview ? (
                  <>
                    {' '}
                    <span class="badge review">{t.safetyReview}</span>
                  </>
                ) : null}
              </td>
              <td>{[c.residence, c.agency].filter(Boolean).join(' · ') || '—'}</td>
              <td>{say(CHANNEL_LABELS, c.channel, lang)}</td>
              <td>
                {c.nextDue ? (
                  <>
                    <DueBadge nextDue={c.nextDue} lang={lang} /> {say(STAGE_LABELS, c.nextDue.stage, lang)} :{' '}
                    <Deadline
                      at={c.nextDue.at}
                      lang={lang}
                      timeZone={choices.timeZones[c.landlord] ?? 'Europe/Paris'}
                    />
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label={t.pagination}>
          {list.page > 1 ? (
            <a href={queueHref(form, { page: String(list.page - 1) })} rel="prev">
              {t.previous}
            </a>
          ) : (
            <span />
          )}
          <span>{t.pageOf(list.page, pages)}</span>
          {list.page < pages ? (
            <a href={queueHref(form, { page: String(list.page + 1) })} rel="next">
              {t.next}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  );
}
