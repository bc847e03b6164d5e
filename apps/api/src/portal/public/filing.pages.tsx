import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ANONYMOUS } from '@suivi/access';
import { ComplaintsService, UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import type { TenantContactInput } from '@suivi/complaints';
import { CATEGORIES, DomainError, DomainErrorCode } from '@suivi/domain';
import type { Phrase, UrgencyFlag } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { ResidenceMatch } from '@suivi/organisation';
import { Public } from '../../common/access';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { ResidenceSearchDto } from '../../organisation/organisation.dto';
import { isPlaceField } from '../filing-fields';
import { emptyForm, fieldErrors, formValues, invalidInputOf, validateForm, valuesOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { common } from '../i18n';
import type { Lang } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import {
  FILING_DRAFT_COOKIE,
  FILING_DRAFT_TTL_MS,
  FilingDrafts,
  isDraftToken,
  newDraftToken,
} from './filing-drafts';
import { words } from './filing.words';
import { isStep, fieldsOf, questionsFor, asked, neighbour, stepPath, plainFiling } from './filing-steps';
import type { FilingStep, Answers } from './filing-steps';
import { findPage, stepPage } from './filing.view';

/**
 * Filing without an account: find the residence by everyday words, then one question per page (the
 * GOV.UK pattern), a check-your-answers page and the confirmation. Works without JavaScript: the answers
 * are kept server-side (FilingDrafts) under a random cookie, so they survive going back, changing an
 * answer and switching language; URLs carry no personal data. Each step is checked with the API's own
 * FileComplaintDto (and the phone with the landlord's country) as soon as it is posted, and the filing
 * goes through ComplaintsService exactly as the API files for an anonymous tenant (web channel).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('file')
export class FilingPages {
  private readonly drafts: FilingDrafts;

  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @InjectDataSource() db: DataSource,
  ) {
    this.drafts = new FilingDrafts(db);
  }

  @Get()
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  async find(@Page() page: PageContext, @Query('q') q: unknown, @Res() reply: FastifyReply) {
    const t = words(page.lang);
    const form = emptyForm();
    if (typeof q !== 'string' || q.trim() === '') return sendPage(reply, findPage(page, form, null));
    form.values.q = q.slice(0, 100);
    const checked = await validateForm(ResidenceSearchDto, { q: q.trim() });
    if (!checked.ok) {
      form.errors.q = t.qTooShort;
      return sendPage(reply, findPage(page, form, null), 400);
    }
    const found = await this.organisation.searchResidences(checked.value.q);
    sendPage(reply, findPage(page, form, found));
  }

  @Get(':landlordCode/:residenceCode')
  @Public()
  async start(
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    seeOther(reply, stepPath(residence, 'unit'));
  }

  @Get(':landlordCode/:residenceCode/:step')
  @Public()
  async show(
    @Page() page: PageContext,
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Param('step') step: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    if (!isStep(step)) throw new DomainError(DomainErrorCode.NotFound, 'No such step');
    const answers = await this.answersOf(request, residence);
    if (!answers['tenant.language']) answers['tenant.language'] = page.lang;
    if (!asked(step, answers)) return seeOther(reply, stepPath(residence, neighbour(step, answers, 1)!));
    const form = emptyForm({ ...answers });
    sendPage(
      reply,
      stepPage(page, residence, step, form, answers, request, await this.questionsOf(residence)),
    );
  }

  @Post(':landlordCode/:residenceCode/:step')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  async answer(
    @Page() page: PageContext,
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Param('step') step: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    if (!isStep(step)) throw new DomainError(DomainErrorCode.NotFound, 'No such step');
    const token = this.tokenOf(request, reply);
    const answers = await this.drafts.load(token, residence.landlordCode, residence.residenceCode);
    if (!answers['tenant.language']) answers['tenant.language'] = page.lang;
    if (step === 'check') return this.send(page, residence, token, answers, request, reply);

    const posted = formValues(body);
    for (const field of fieldsOf(step)) {
      const value =
        field === 'shareContactWithContractor' ? valuesOf(emptyForm(posted), field)[0] : posted[field];
      answers[field] = typeof value === 'string' ? value.slice(0, 5000) : '';
    }
    // What was typed is kept even when refused: a language switch on the refused page loses nothing.
    await this.drafts.save(token, residence.landlordCode, residence.residenceCode, answers);
    const errors = await this.refusals(step, answers, residence, page.lang);
    if (Object.keys(errors).length) {
      const form: FormState = { values: { ...answers }, errors };
      return sendPage(
        reply,
        stepPage(page, residence, step, form, answers, request, await this.questionsOf(residence)),
        400,
      );
    }
    const next = posted.next === 'check' ? 'check' : neighbour(step, answers, 1)!;
    seeOther(reply, stepPath(residence, asked(next, answers) ? next : neighbour(next, answers, 1)!));
  }

  /** The last step: everything checked again as the API would, filed, the draft forgotten. */
  private async send(
    page: PageContext,
    residence: ResidenceMatch,
    token: string,
    answers: Answers,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const checked = await validateForm(FileComplaintDto, plainFiling(answers, residence));
    const questions = await this.questionsOf(residence);
    const refused = (errors: FieldMessages) => {
      const form: FormState = { values: { ...answers }, errors: messagesFor(errors, page.lang) };
      sendPage(reply, stepPage(page, residence, 'check', form, answers, request, questions), 400);
    };
    if (!checked.ok) return refused(checked.errors);
    try {
      // Always as a tenant on the web, even when a signed-in member of staff uses this public form.
      const filed = await fileAs(this.complaints, checked.value, ANONYMOUS);
      await this.drafts.remove(token);
      void reply.clearCookie(FILING_DRAFT_COOKIE, { path: '/file' });
      seeOther(reply, `/t/${filed.trackingToken}?filed=1`);
    } catch (e) {
      const invalid = invalidInputOf(e);
      if (!invalid) throw e;
      refused(invalid);
    }
  }

  /** The refusals of one step's answers, in the page's words, next to its fields. */
  private async refusals(
    step: FilingStep,
    answers: Answers,
    residence: ResidenceMatch,
    lang: Lang,
  ): Promise<Record<string, string>> {
    const t = words(lang);
    const mine = fieldsOf(step);
    const errors: Record<string, string> = {};
    if (step === 'safety') {
      for (const flag of questionsFor(answers)) {
        if (!['yes', 'no', 'unknown', ''].includes(answers[`flag.${flag}`] ?? '')) {
          errors[`flag.${flag}`] = common(lang).fieldInvalid;
        }
      }
      return errors;
    }
    const checked = await validateForm(FileComplaintDto, plainFiling(answers, residence));
    if (!checked.ok) {
      for (const [field, message] of Object.entries(messagesFor(checked.errors, lang))) {
        if (mine.includes(field)) errors[field] = message;
      }
      if (step === 'category' && !(CATEGORIES as readonly string[]).includes(answers.category ?? '')) {
        errors.category = t.messages.category;
      }
    }
    if (step === 'contact' || step === 'channel') {
      const contact = plainFiling(answers, residence).tenant as TenantContactInput;
      const refused = await this.complaints.checkContact(residence.landlordCode, {
        ...contact,
        name: contact.name || '-',
        preferredChannel: step === 'contact' ? undefined : contact.preferredChannel,
      });
      for (const [field, message] of Object.entries(messagesFor(fieldErrors(refused), lang))) {
        if (step === 'contact' && mine.includes(field)) errors[field] ??= message;
        // A channel whose phone or e-mail is missing is refused on the channel's own page.
        if (step === 'channel') errors['tenant.preferredChannel'] ??= t.messages['tenant.preferredChannel'];
      }
    }
    return errors;
  }

  private async answersOf(request: FastifyRequest, residence: ResidenceMatch): Promise<Answers> {
    const token = request.cookies?.[FILING_DRAFT_COOKIE];
    if (!isDraftToken(token)) return {};
    return this.drafts.load(token, residence.landlordCode, residence.residenceCode);
  }

  /** The draft's token from its cookie, or a new one set as the cookie. */
  private tokenOf(request: FastifyRequest, reply: FastifyReply): string {
    const current = request.cookies?.[FILING_DRAFT_COOKIE];
    if (isDraftToken(current)) return current;
    const token = newDraftToken();
    void reply.setCookie(FILING_DRAFT_COOKIE, token, {
      path: '/file',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: FILING_DRAFT_TTL_MS / 1000,
    });
    return token;
  }

  /** The safety questions as the landlord's rules in force word them (the default wording otherwise). */
  private async questionsOf(residence: ResidenceMatch): Promise<Record<UrgencyFlag, Phrase>> {
    const landlord = await this.organisation.landlord(residence.landlordCode, 'all');
    return this.urgency.questions(landlordCalendarRow(landlord));
  }

  private async residence(landlordCode: string, residenceCode: string): Promise<ResidenceMatch> {
    const found =
      landlordCode.length <= 32 && residenceCode.length <= 32
        ? await this.organisation.findResidence(landlordCode, residenceCode)
        : null;
    if (!found) throw new DomainError(DomainErrorCode.NotFound, 'No such residence');
    return found;
  }
}

/** The refusals (the DTO's or the service's) in the page's words, next to the field they concern. */
function messagesFor(errors: FieldMessages, lang: Lang): Record<string, string> {
  const t = words(lang);
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (isPlaceField(field)) {
      out._form = t.messages.place;
    } else if (field === 'tenant') {
      out['tenant.name'] = t.messages['tenant.name'];
    } else if (
      (field === 'tenant.phone' || field === 'tenant.email') &&
      typeof message !== 'string' &&
      (message.code === 'requiredForChannel' || message.code === 'required')
    ) {
      out[field] = t.messages[`${field}.needed`];
    } else if (field.startsWith('flags')) {
      out._form = common(lang).fieldInvalid;
    } else {
      out[field] = t.messages[field] ?? common(lang).fieldInvalid;
    }
  }
  return out;
}
