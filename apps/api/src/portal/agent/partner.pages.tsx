import { Body, Controller, Get, Inject, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { actorOf, complaintScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { ComplaintsService, LinksService, UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { Allow, CurrentUser } from '../../common/access';
import { Notice } from '../components';
import { linkHolderAction } from '../link-actions';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { isPlaceField } from '../filing-fields';
import { filingPlain, friendlyErrors } from './filing-form';
import { words } from './partner.words';
import { PARTNER_FORMS, partnerCommand } from './partner.view';
import type { PartnerForm, PartnerReport } from './partner.view';
import { PartnerCasePage, PartnerReportsPage } from './partner-report.view';
import { PartnerFilePage } from './partner-file.view';

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
    const reports = await this.links.partnerComplaints(user.partnerOrganisationId ?? NO_ORGANISATION);
    sendPage(reply, <PartnerReportsPage page={page} reports={reports} />);
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
    return <PartnerCasePage page={page} report={report} form={form} notice={notice} open={open} />;
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
    return <PartnerFilePage page={page} form={form} q={q} options={options} questions={questions} />;
  }
}
