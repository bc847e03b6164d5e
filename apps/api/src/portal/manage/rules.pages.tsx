import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import type { RecordedUrgency } from '@suivi/complaints';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import type { FieldError, RuleSet } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { parseJsonInput } from '../../common/edge';
import { EvaluateDto, PublishRuleSetDto } from '../../urgency/urgency.controller';
import { emptyForm, fieldErrors, formValues, validateForm, valueOf, valuesOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManagePages, doneMessage, inWords, sectionHref } from './manage-parts';
import { words } from './rules.words';
import type { Words } from './rules.words';
import { today } from './rules-parts.view';
import type { RulesView, RuleProblem } from './rules-parts.view';
import { rulesPage, oldVersionPage } from './rules.view';

/** The landlord admin's rule sets: the version in force, its history, the editor, publication and dry runs. */
@ManagePages('rules')
export class RulesPages {
  constructor(
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get()
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @Query('from') from: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const row = landlordCalendarRow(landlord);
    const current = await this.urgency.current(row);
    const versions = await this.urgency.versions(landlord.id);
    // `?from=N` takes an older published version into the editor.
    const fromVersion = typeof from === 'string' && /^\d{1,6}$/.test(from) ? Number(from) : null;
    const start =
      fromVersion !== null && versions.some((v) => v.version === fromVersion)
        ? await this.urgency.version(row, fromVersion)
        : current;
    const form = emptyForm({
      ruleSet: JSON.stringify(start.ruleSet, null, 2),
      category: 'heating',
      description: '',
      date: today(),
    });
    const t = words(page.lang);
    sendPage(
      reply,
      rulesPage(page, {
        landlord,
        current,
        versions,
        form,
        ruleErrors: [],
        done: doneMessage(done, { published: t.published }),
      }),
    );
  }

  @Get('versions/:version')
  @Allow('landlord.manage')
  async version(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('version') versionParam: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const versions = await this.urgency.versions(landlord.id);
    const entry = /^\d{1,6}$/.test(versionParam)
      ? versions.find((v) => v.version === Number(versionParam))
      : undefined;
    if (!entry) throw new DomainError(DomainErrorCode.NotFound, `No version ${versionParam}`);
    const published = await this.urgency.version(landlordCalendarRow(landlord), entry.version);
    sendPage(reply, oldVersionPage(page, landlord, published, entry));
  }

  @Post()
  @Allow('landlord.manage')
  async publish(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const form: FormState = { values: formValues(body), errors: {} };
    const parsed = await parseDraft(valueOf(form, 'ruleSet'), t);
    let ruleErrors = parsed.ok ? [] : parsed.errors;
    if (parsed.ok) {
      try {
        await this.urgency.publish(landlord.id, parsed.value, user.userId);
        return seeOther(reply, `${sectionHref(landlord.code, 'rules')}?done=published`);
      } catch (e) {
        ruleErrors = ruleErrorsOf(e, t);
      }
    }
    form.errors.ruleSet = t.problems(ruleErrors.length);
    const status = ruleErrors.some((f) => f.field === '_conflict') ? 409 : 400;
    sendPage(reply, rulesPage(page, await this.view(landlord, form, ruleErrors)), status);
  }

  @Post('try')
  @Allow('landlord.manage')
  async tryRules(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const row = landlordCalendarRow(landlord);
    const form: FormState = { values: formValues(body), errors: {} };
    const date = valueOf(form, 'date').trim();
    const example = await validateForm(EvaluateDto, {
      category: valueOf(form, 'category') || undefined,
      flags: valuesOf(form, 'flags'),
      description: valueOf(form, 'description'),
      ...(date ? { at: `${date}T12:00:00Z` } : {}),
    });
    if (!example.ok) {
      const { at, ...rest } = inWords(example.errors, t.messages);
      form.errors = at ? { ...rest, date: at } : rest;
    }
    const parsed = await parseDraft(valueOf(form, 'ruleSet'), t);
    let ruleErrors = parsed.ok ? [] : parsed.errors;
    let trial: RulesView['trial'];
    if (example.ok) {
      const input = {
        category: example.value.category,
        flags: example.value.flags ?? [],
        description: example.value.description,
      };
      const at = example.value.at ? new Date(example.value.at) : new Date();
      const current = await this.urgency.tryRules(row, input, at);
      let draft: RecordedUrgency | null = null;
      if (parsed.ok) {
        try {
          draft = await this.urgency.tryRules(row, input, at, parsed.value);
        } catch (e) {
          ruleErrors = ruleErrorsOf(e, t);
        }
      }
      trial = { current, draft, draftRuleSet: parsed.ok ? parsed.value : null };
    }
    if (ruleErrors.length) form.errors.ruleSet = t.problems(ruleErrors.length);
    const refused = Object.keys(form.errors).length > 0;
    sendPage(
      reply,
      rulesPage(page, { ...(await this.view(landlord, form, ruleErrors)), trial }),
      refused ? 400 : 200,
    );
  }

  private async view(
    landlord: LandlordEntity,
    form: FormState,
    ruleErrors: RuleProblem[],
  ): Promise<RulesView> {
    return {
      landlord,
      current: await this.urgency.current(landlordCalendarRow(landlord)),
      versions: await this.urgency.versions(landlord.id),
      form,
      ruleErrors,
    };
  }
}

/** The typed JSON as a rule set, checked by the API's DTO; each problem as a field error. */
async function parseDraft(
  text: string,
  t: Words,
): Promise<{ ok: true; value: RuleSet } | { ok: false; errors: RuleProblem[] }> {
  if (!text.trim()) return { ok: false, errors: [{ field: 'ruleSet', message: t.jsonEmpty }] };
  let value: unknown;
  try {
    value = parseJsonInput(text, 'ruleSet');
  } catch (e) {
    return { ok: false, errors: [{ field: 'ruleSet', message: `${t.jsonInvalid} ${(e as Error).message}` }] };
  }
  const checked = await validateForm(PublishRuleSetDto, { ruleSet: value });
  if (!checked.ok) {
    return {
      ok: false,
      errors: Object.entries(checked.errors).map(([field, message]) => ({ field, message })),
    };
  }
  return { ok: true, value: checked.value.ruleSet };
}

/** A refusal of the rules (400: every failing field; 409: a publication raced this one); others rethrown. */
function ruleErrorsOf(e: unknown, t: Words): RuleProblem[] {
  if (e instanceof DomainError && e.code === DomainErrorCode.InvalidInput) {
    // Each problem coded (`fieldErrors`), so the list is worded in the page's language.
    const fields = (e.details.fields ?? []) as FieldError[];
    return fields.length
      ? fields.map((f) => ({ field: f.field, message: fieldErrors([f])[f.field] }))
      : [{ field: 'ruleSet', message: { code: 'invalid', params: {}, message: e.message } }];
  }
  if (e instanceof DomainError && e.code === DomainErrorCode.Conflict) {
    return [{ field: '_conflict', message: t.conflict }];
  }
  throw e;
}
