import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { UrgencyService, criteriaOf, landlordCalendarRow } from '@suivi/complaints';
import type { PublishedRuleSet, RecordedUrgency } from '@suivi/complaints';
import { DomainError, DomainErrorCode, validateRuleSet } from '@suivi/domain';
import type { RuleSet } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { attachment } from '../../common/safe-headers';
import { EvaluateDto } from '../../urgency/urgency.controller';
import { formValues, validateForm, valueOf, valuesOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManagePages, doneMessage, inWords, isConflict, sectionHref } from './manage-parts';
import { words } from './rules.words';
import { formWords } from './rules-form.words';
import { applyRowOp, rowOpOf, rowsOf, rowsOfRuleSet, ruleSetOfRows, valuesOfRows } from './rules-form';
import type { FormRows } from './rules-form';
import { editorErrors } from './rules-form.errors';
import { parseImport, today } from './rules-parts.view';
import type { RulesView } from './rules-parts.view';
import { rulesPage, oldVersionPage } from './rules.view';

/**
 * Kept beside the draft in the same form: the dry run's example, and `basedOn`, the version in force when the
 * form was opened (a publication over a newer one is refused, 409, rather than silently replacing it).
 */
const EXAMPLE_FIELDS = ['category', 'flags', 'description', 'date', 'basedOn'];

/**
 * The landlord admin's rule sets: the version in force, its history, the form editor (its draft lives in
 * the posted fields only), the preview of the public page, dry runs, JSON import and export, publication.
 */
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
    // `?from=N` takes an older published version into the editor.
    const start = await this.published(landlord, from);
    const current = await this.urgency.current(landlordCalendarRow(landlord));
    const form: FormState = {
      values: {
        ...valuesOfRows(rowsOfRuleSet(start.ruleSet)),
        basedOn: String(current.version),
        category: 'heating',
        description: '',
        date: today(),
      },
      errors: {},
    };
    const t = words(page.lang);
    sendPage(
      reply,
      rulesPage(page, {
        ...(await this.view(landlord, form)),
        done: doneMessage(done, { published: t.published }),
      }),
    );
  }

  /** The version in force (or `?version=N`) as a JSON download, for power users. */
  @Get('export')
  @Allow('landlord.manage')
  async exportJson(
    @Param('code') code: string,
    @Query('version') version: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    const published = await this.published(landlord, version);
    sendJson(reply, published.ruleSet, `rules-${landlord.code}-v${published.version}.json`);
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

  /**
   * Every button of the editor posts here with its `op`: `publish`, `check`, `preview`, `try`, `export`,
   * `import`, or a row operation (`add-level`, `up-rule-3`…). Without an `op` (Enter in a field), the draft
   * is checked, never published.
   */
  @Post()
  @Allow('landlord.manage')
  async post(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const values = formValues(body);
    const op = typeof values.op === 'string' ? values.op : 'check';
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return this.handle(page, landlord, values, op, user, reply);
  }

  /** The dry run, as the JSON editor's `try` button posted it: the same as `op=try`. */
  @Post('try')
  @Allow('landlord.manage')
  async tryRules(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return this.handle(page, landlord, formValues(body), 'try', user, reply);
  }

  private async handle(
    page: PageContext,
    landlord: LandlordEntity,
    values: FormState['values'],
    op: string,
    user: UserPrincipal,
    reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const f = formWords(page.lang);
    let rows: FormRows = rowsOf(values);
    const example = Object.fromEntries(EXAMPLE_FIELDS.filter((k) => k in values).map((k) => [k, values[k]]));
    const form = (draft: FormRows): FormState => ({
      values: { ...valuesOfRows(draft), ...example },
      errors: {},
    });

    const rowOp = rowOpOf(op);
    if (rowOp) {
      const { rows: next, focus } = applyRowOp(rows, rowOp);
      const focused = focus === null ? null : { list: rowOp.list, index: focus };
      return sendPage(reply, rulesPage(page, { ...(await this.view(landlord, form(next))), focus: focused }));
    }

    const notices: string[] = [];
    if (op === 'import') {
      // The import form posts the JSON alone: the imported draft starts from the version in force now.
      example.basedOn = String((await this.urgency.current(landlordCalendarRow(landlord))).version);
      const imported = parseImport(valueOf({ values, errors: {} }, 'json'), f);
      if (!imported.ok) {
        // The import form posts the JSON alone: the editor shows the rules in force again, not empty rows.
        const state = form(
          rowsOfRuleSet((await this.urgency.current(landlordCalendarRow(landlord))).ruleSet),
        );
        state.values.json = valueOf({ values, errors: {} }, 'json');
        state.errors.json = imported.message;
        return sendPage(reply, rulesPage(page, await this.view(landlord, state)), 400);
      }
      rows = rowsOfRuleSet(imported.value);
      notices.push(f.imported);
      if (imported.ignored.length) notices.push(f.ignored(imported.ignored));
    }

    const draft = ruleSetOfRows(rows);
    if (op === 'export') return sendJson(reply, draft, `rules-${landlord.code}-draft.json`);
    const state = form(rows);
    const problems = validateRuleSet(draft);
    state.errors = editorErrors(problems, page.lang);
    const valid = problems.length === 0;

    if (op === 'publish' && valid) {
      const basedOn = valueOf(state, 'basedOn');
      const inForce = (await this.urgency.current(landlordCalendarRow(landlord))).version;
      if (/^\d{1,9}$/.test(basedOn) && Number(basedOn) !== inForce) {
        return sendPage(
          reply,
          rulesPage(page, { ...(await this.view(landlord, state)), conflict: t.stale }),
          409,
        );
      }
      try {
        // The same service, and so the same checks, as the JSON API's POST /landlords/:code/rules.
        await this.urgency.publish(landlord.id, draft, user.userId);
        return seeOther(reply, `${sectionHref(landlord.code, 'rules')}?done=published`);
      } catch (e) {
        if (!isConflict(e)) throw e;
        return sendPage(
          reply,
          rulesPage(page, { ...(await this.view(landlord, state)), conflict: t.conflict }),
          409,
        );
      }
    }
    const view: RulesView = { ...(await this.view(landlord, state)), notices };
    if (op === 'check' && valid) notices.push(f.draftValid);
    if (op === 'preview') {
      view.preview = valid
        ? criteriaOf(landlord.name, { version: latestVersion(view) + 1, publishedAt: null, ruleSet: draft })
        : 'invalid';
    }
    if (op === 'try') view.trial = await this.dryRun(landlord, state, valid ? draft : null, t.messages);
    const refused = Object.keys(state.errors).length > 0 && op !== 'import';
    sendPage(reply, rulesPage(page, view), refused ? 400 : 200);
  }

  /** The example under the rules in force and under the draft (when it is valid); its errors into `state`. */
  private async dryRun(
    landlord: LandlordEntity,
    state: FormState,
    draft: RuleSet | null,
    messages: Record<string, string>,
  ): Promise<RulesView['trial']> {
    const date = valueOf(state, 'date').trim();
    const example = await validateForm(EvaluateDto, {
      category: valueOf(state, 'category') || undefined,
      flags: valuesOf(state, 'flags'),
      description: valueOf(state, 'description'),
      ...(date ? { at: `${date}T12:00:00Z` } : {}),
    });
    if (!example.ok) {
      const { at, ...rest } = inWords(example.errors, messages);
      Object.assign(state.errors, at ? { ...rest, date: at } : rest);
      return undefined;
    }
    const row = landlordCalendarRow(landlord);
    const input = {
      category: example.value.category,
      flags: example.value.flags ?? [],
      description: example.value.description,
    };
    const at = example.value.at ? new Date(example.value.at) : new Date();
    const current = await this.urgency.tryRules(row, input, at);
    let tried: RecordedUrgency | null = null;
    if (draft) tried = await this.urgency.tryRules(row, input, at, draft);
    return { current, draft: tried, draftRuleSet: draft };
  }

  /** The version in force, or the published version `?from=` / `?version=` names when there is one. */
  private async published(landlord: LandlordEntity, wanted: unknown): Promise<PublishedRuleSet> {
    const row = landlordCalendarRow(landlord);
    const versions = await this.urgency.versions(landlord.id);
    const number = typeof wanted === 'string' && /^\d{1,6}$/.test(wanted) ? Number(wanted) : null;
    return number !== null && versions.some((v) => v.version === number)
      ? this.urgency.version(row, number)
      : this.urgency.current(row);
  }

  private async view(landlord: LandlordEntity, form: FormState): Promise<RulesView> {
    return {
      landlord,
      current: await this.urgency.current(landlordCalendarRow(landlord)),
      versions: await this.urgency.versions(landlord.id),
      form,
    };
  }
}

const latestVersion = (view: RulesView) => view.versions[view.versions.length - 1]?.version ?? 0;

/** A rule set as a JSON download. */
function sendJson(reply: FastifyReply, value: unknown, filename: string): void {
  void reply
    .status(200)
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-disposition', attachment(filename))
    .header('cache-control', 'no-store')
    .send(`${JSON.stringify(value, null, 2)}\n`);
}
