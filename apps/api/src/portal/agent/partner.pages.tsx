import { Body, Controller, Get, Inject, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { actorOf, complaintScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { ComplaintsService, LinksService, UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import { CATEGORY_LABELS, DomainError, DomainErrorCode, STATUS_LABELS } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { Allow, CurrentUser } from '../../common/access';
import { Choices, DateTime, ErrorSummary, Notice, Select, Table, TextField } from '../components';
import { linkHolderAction } from '../link-actions';
import { NextStep, StatusSteps, Timeline, UrgencyDecision } from '../complaint-parts';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { say } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { isPlaceField } from '../filing-fields';
import { FilingForm, filingPlain, friendlyErrors } from './filing-form';
import { words, durationWords } from './partner.words';
import {
  STEP_KEYS,
  STEP_ACTIONS,
  PARTNER_FORMS,
  PartnerActions,
  PartnerNav,
  AnswerState,
  partnerCommand,
} from './partner.view';
import type { PartnerForm, PartnerReport } from './partner.view';

/** Durations in words live with the area's words; the partner page tests read them from here. */
export { durationWords } from './partner.words';

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000';

/** Partners (social workers, charities): their reports with the landlord's response times, and filing. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('partners')
export class PartnerPages {
  constructor(
    @Inject(LinksService) private readonly links: LinksService,
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
  ) {}

  @Get()
  @Allow('partner.complaints')
  async reports(@Page() page: PageContext, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    const lang = page.lang;
    const t = words(lang);
    const reports = await this.links.partnerComplaints(user.partnerOrganisationId ?? NO_ORGANISATION);
    sendPage(
      reply,
      <Layout page={page} title={t.reportsTitle} wide>
        <PartnerNav lang={lang} current="/partners" />
        <h1>{t.reportsTitle}</h1>
        <p>{t.reportsIntro}</p>
        {reports.length === 0 ? (
          <Notice>{t.none}</Notice>
        ) : (
          <Table
            caption={t.caption}
            head={[t.reference, t.yourRef, t.landlord, t.category, t.filed, t.status, t.answer]}
          >
            {reports.map((r) => (
              <tr key={r.reference}>
                <th scope="row">
                  <a href={`/partners/complaints/${r.reference}`}>{r.reference}</a>
                </th>
                <td>{r.caseReference ?? '—'}</td>
                <td>{r.landlord}</td>
                <td>{say(CATEGORY_LABELS, r.category, lang)}</td>
                <td>
                  <DateTime at={r.filedAt} lang={lang} timeZone={r.timeZone} />
                </td>
                <td>{say(STATUS_LABELS, r.status, lang)}</td>
                <td>
                  <AnswerState report={r} lang={lang} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Layout>,
    );
  }

  @Get('complaints/:reference')
  @Allow('partner.complaints')
  async report(
    @Page() page: PageContext,
    @Param('reference') reference: string,
    @Query('done') done: string | undefined,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.reportOf(user, reference);
    const t = words(page.lang);
    const notice =
      done === 'filed' ? (
        <Notice kind="success">{t.filedDone}</Notice>
      ) : done && Object.hasOwn(t.actionDone, done) ? (
        <Notice kind="success">{t.actionDone[done]}</Notice>
      ) : undefined;
    sendPage(reply, this.casePage(page, report, emptyForm({}), notice));
  }

  /**
   * A partner's action on a report it filed, for the tenant: a note, a visit finding (a public note marked
   * as a visit), a review request (stage 2) or reopening — through the same transition as the JSON API,
   * scoped to the partner's organisation. Field errors: 400 with the page again; a stale version or an
   * action the case no longer allows: 409 with the page as it stands now; done: 303 to the case page.
   */
  @Post('complaints/:reference/:action')
  @Allow('partner.complaints')
  async act(
    @Page() page: PageContext,
    @Param('reference') reference: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const report = await this.reportOf(user, reference);
    const field = `${action}.text`;
    await linkHolderAction({
      action,
      offered: PARTNER_FORMS,
      body,
      home: `/partners/complaints/${report.reference}`,
      reply,
      act: async (form) => {
        const text = valueOf(form, field);
        const version = Number(valueOf(form, 'expectedVersion'));
        if (!text.trim()) form.errors[field] = t.missingText;
        else if (text.length > 5000) form.errors[field] = t.tooLong;
        if (form.errors[field]) return { status: 400 };
        if (!Number.isInteger(version) || version < 1) return { status: 409, notice: t.conflict };
        await this.complaints.transition(
          report.reference,
          partnerCommand(action as PartnerForm, text),
          version,
          actorOf(user),
          complaintScopeOf(user),
        );
        return { done: true };
      },
      refused: (refused, _error, form) => {
        if (refused.status === 400) {
          // The one text box is the only field: the domain refuses it when it shows nothing.
          form.errors[field] = t.missingText;
          return { status: 400 };
        }
        return {
          status: 409,
          notice: refused.code === DomainErrorCode.ReopenWindowExpired ? t.reopenExpired : t.conflict,
        };
      },
      render: async (form, notice) => {
        // The case as it stands now (a 409 means it moved on); what was typed stays in the form.
        return this.casePage(
          page,
          await this.reportOf(user, reference),
          form,
          notice ? <Notice kind="warning">{notice}</Notice> : undefined,
          action,
        );
      },
    });
  }

  private async reportOf(user: UserPrincipal, reference: string) {
    const [report] = await this.links.partnerComplaints(
      user.partnerOrganisationId ?? NO_ORGANISATION,
      reference,
    );
    if (!report) throw new DomainError(DomainErrorCode.NotFound, 'No report with this reference');
    return report;
  }

  private casePage(
    page: PageContext,
    report: PartnerReport,
    form: FormState,
    notice: VNode | undefined,
    open?: string,
  ) {
    const lang = page.lang;
    const t = words(lang);
    const tz = report.timeZone;
    const firstAt = (actions: string[]) =>
      report.timeline.find((e) => actions.includes(e.action))?.at ?? null;
    return (
      <Layout page={page} title={t.caseTitle(report.reference)}>
        <PartnerNav lang={lang} current="" />
        <h1>
          {t.caseTitle('')}
          <span class="reference">{report.reference}</span>
        </h1>
        <ErrorSummary
          form={form}
          lang={lang}
          labels={Object.fromEntries(PARTNER_FORMS.map((a) => [`${a}.text`, t.actionText[a]]))}
        />
        {notice}
        <dl class="facts">
          <dt>{t.status}</dt>
          <dd>
            <strong>{say(STATUS_LABELS, report.status, lang)}</strong>
          </dd>
          <dt>{t.answer}</dt>
          <dd>
            <AnswerState report={report} lang={lang} />
          </dd>
          <dt>{t.landlord}</dt>
          <dd>{report.landlord}</dd>
          <dt>{t.category}</dt>
          <dd>{say(CATEGORY_LABELS, report.category, lang)}</dd>
          <dt>{t.filed}</dt>
          <dd>
            <DateTime at={report.filedAt} lang={lang} timeZone={tz} />
          </dd>
          {report.caseReference ? (
            <>
              <dt>{t.yourRef}</dt>
              <dd>{report.caseReference}</dd>
            </>
          ) : null}
        </dl>
        <NextStep step={report.nextStep} lang={lang} timeZone={tz} />
        <PartnerActions report={report} lang={lang} page={page} form={form} open={open} />
        <section aria-labelledby="timings-title">
          <h2 id="timings-title">{t.timings}</h2>
          <Table caption={t.timingsCaption} head={[t.step, t.when, t.after]}>
            {STEP_KEYS.map((key) => {
              const at = firstAt(STEP_ACTIONS[key]);
              const hours = report.hoursToStep[key];
              return (
                <tr key={key}>
                  <th scope="row">{t.steps[key]}</th>
                  <td>{at ? <DateTime at={at} lang={lang} timeZone={tz} /> : t.notYet}</td>
                  <td>{hours === null || hours === undefined ? t.notYet : durationWords(hours, lang)}</td>
                </tr>
              );
            })}
          </Table>
        </section>
        <StatusSteps status={report.status} lang={lang} />
        {report.urgency ? <UrgencyDecision urgency={report.urgency} lang={lang} timeZone={tz} /> : null}
        <Timeline items={report.timeline} lang={lang} timeZone={tz} title={t.history} />
      </Layout>
    );
  }

  @Get('file')
  @Allow('partner.complaints')
  async fileForm(@Page() page: PageContext, @Query('q') q: string | undefined, @Res() reply: FastifyReply) {
    const query = typeof q === 'string' ? q.slice(0, 100) : '';
    sendPage(reply, await this.filePage(page, emptyForm({ q: query, 'tenant.language': page.lang })));
  }

  @Post('file')
  @Allow('partner.complaints')
  async file(
    @Page() page: PageContext,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const form: FormState = { values: formValues(body), errors: {} };
    const { q: _q, place: _place, op, searched: _searched, ...rest } = form.values;
    // The residence search is a button of this same form: it draws the form again with every field as
    // typed and the residences found, and files nothing. Enter in a field posts `op=enter` (the form's
    // first, hidden, button): a search when the search box holds a search not yet made, else the filing —
    // Enter in the last box of a filled form used to search again in silence and file nothing.
    const newSearch = valueOf(form, 'q').trim() !== valueOf(form, 'searched').trim();
    if (op === 'search' || (op === 'enter' && newSearch)) {
      delete form.values.op;
      return sendPage(reply, await this.filePage(page, form));
    }
    const [landlordCode, residenceCode] = valueOf(form, 'place').split('/');
    const plain = filingPlain({ values: rest, errors: {} });
    Object.assign(plain, { landlordCode: landlordCode ?? '', ...(residenceCode ? { residenceCode } : {}) });
    plain.partner = {
      tenantConsent: valueOf(form, 'partner.tenantConsent') === 'yes',
      ...(valueOf(form, 'partner.caseReference').trim()
        ? { caseReference: valueOf(form, 'partner.caseReference').trim() }
        : {}),
    };
    const refuse = async (errors: FieldMessages) => {
      const placed: FieldMessages = {};
      for (const [field, message] of Object.entries(errors)) {
        placed[isPlaceField(field) ? 'place' : field] ??= message;
      }
      form.errors = friendlyErrors(placed, page.lang);
      sendPage(reply, await this.filePage(page, form), 400);
    };
    const checked = await validateForm(FileComplaintDto, plain);
    if (!checked.ok) return refuse(checked.errors);
    try {
      const filed = await fileAs(this.complaints, checked.value, user);
      seeOther(reply, `/partners/complaints/${filed.reference}?done=filed`);
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      await refuse(errors);
    }
  }

  private async filePage(page: PageContext, form: FormState) {
    const lang = page.lang;
    const t = words(lang);
    const q = valueOf(form, 'q').slice(0, 100);
    const found = await this.organisation.searchResidences(q, 50);
    const options = found.map((r) => ({
      value: `${r.landlordCode}/${r.residenceCode}`,
      label: `${r.name} — ${r.address}, ${r.postcode} ${r.city} (${r.landlordName})`,
    }));
    // The landlord's wording of the questions: the place chosen's, or the one landlord of every place found.
    const chosen = valueOf(form, 'place').split('/')[0];
    const landlordCode = found.some((r) => r.landlordCode === chosen)
      ? chosen
      : found.length && found.every((r) => r.landlordCode === found[0].landlordCode)
        ? found[0].landlordCode
        : undefined;
    const questions = landlordCode
      ? await this.urgency.questions(landlordCalendarRow(await this.organisation.landlord(landlordCode)))
      : undefined;
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
                hint={t.placeHint(found.length)}
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
}
