import { Body, Controller, Get, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { complaintScopeOf, landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { ComplaintsService, SEARCH_MAX_LENGTH, UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import { CHANNEL_LABELS } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordEntity } from '@suivi/persistence';
import { ComplaintQueryDto, FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { Allow, CurrentUser } from '../../common/access';
import { Choices, Select, Table } from '../components';
import type { Option } from '../components';
import { levelLabel } from '../complaint-parts';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { FilingForm, filingPlain, filingWords, friendlyErrors } from './filing-form';
import { agentWords } from './queue.words';
import { StaffNav } from './staff-nav';
import { PAGE_SIZE, DESK_CHANNELS, filingYes, filingNo, QueuePage } from './queue.view';

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
      const t = agentWords(page.lang);
      form.errors = Object.fromEntries(
        Object.keys(checked.errors).map((k) => [
          k,
          k === 'q' && String(given.q).length > SEARCH_MAX_LENGTH ? t.searchTooLong : t.badFilter,
        ]),
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
    // The landlord's wording of the questions: the landlord chosen, or the only one the user works for.
    const landlord =
      landlords.find((l) => l.code === valueOf(form, 'landlordCode')) ??
      (landlords.length === 1 ? landlords[0] : undefined);
    const questions = landlord ? await this.urgency.questions(landlordCalendarRow(landlord)) : undefined;
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
          questions={questions}
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
