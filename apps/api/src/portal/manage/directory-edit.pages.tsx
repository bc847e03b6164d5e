import { Body, Controller, Get, Inject, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { DirectoryService, OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { ActivationDto } from '../../organisation/organisation.dto';
import { formValues, invalidInputOf, validateForm, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { inWords, isConflict, manageWords, sectionHref } from './manage-parts';
import { DirectoryEditView, FIELDS, KIND } from './directory-edit.view';
import type { Kind, Refused, Row } from './directory-edit.view';
import { words } from './directory.words';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole number typed in a form, else the text itself (the DTO then refuses it). */
const numberOr = (value: string): unknown => (/^\d{1,9}$/.test(value) ? Number(value) : value);

/**
 * One agency, residence or contractor of a landlord (issue 18 M4), for its admins: a form to edit it
 * (posted over someone else's edit: 409, keeping what was typed), a button to deactivate or reactivate it,
 * and a form to merge it, as a duplicate, into another. Without JavaScript; errors beside the fields and
 * in a summary at the top.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('manage/:code')
export class DirectoryEditPages {
  constructor(
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
  ) {}

  @Get(':kind/:id')
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('kind') kind: string,
    @Param('id') id: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const { landlord, row } = await this.load(code, kind, id, user);
    sendPage(reply, await this.render(page, landlord, row.kind, row.row, null));
  }

  /** Saves the edit form: 303 back to the list, or the form again with what was typed (400 / 409). */
  @Post(':kind/:id')
  @Allow('landlord.manage')
  async edit(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('kind') kindParam: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const { landlord, row: loaded } = await this.load(code, kindParam, id, user);
    const { kind, row } = loaded;
    const form: FormState = { values: formValues(body), errors: {} };
    const spec = FIELDS[kind];
    const plain: Record<string, unknown> = {};
    for (const field of spec.fields) {
      const value = valueOf(form, field).trim();
      plain[field] =
        spec.optional.includes(field) && value === ''
          ? null
          : spec.numbers.includes(field)
            ? numberOr(value)
            : value;
    }
    plain.expectedVersion = numberOr(valueOf(form, 'expectedVersion').trim());
    const refused: Refused = { which: 'edit', form };
    let status = 400;
    try {
      const checked = await validateForm(spec.dto, plain);
      if (checked.ok) {
        const scope = landlordScopeOf(user);
        const value = checked.value as Record<string, unknown>;
        const ref = { id: row.id };
        if (kind === 'agencies')
          await this.directory.editAgency(landlord.code, ref, value, scope, user.userId);
        else if (kind === 'residences') {
          await this.directory.editResidence(landlord.code, ref, value, scope, user.userId);
        } else await this.directory.editContractor(landlord.code, row.id, value, scope, user.userId);
        return seeOther(reply, `${sectionHref(landlord.code, kind)}?done=edited`);
      }
      form.errors = inWords(checked.errors, t.messages);
    } catch (e) {
      status = await this.refusal(e, refused, kind, landlord, row, page);
    }
    sendPage(reply, await this.render(page, landlord, kind, row, refused), status);
  }

  /** Deactivates or reactivates (the button posts `active` = `false` or `true`). */
  @Post(':kind/:id/active')
  @Allow('landlord.manage')
  async activate(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('kind') kindParam: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const { landlord, row: loaded } = await this.load(code, kindParam, id, user);
    const { kind, row } = loaded;
    const form: FormState = { values: formValues(body), errors: {} };
    const refused: Refused = { which: 'activation', form };
    const active = valueOf(form, 'active') === 'true';
    let status = 400;
    try {
      const checked = await validateForm(ActivationDto, {
        expectedVersion: numberOr(valueOf(form, 'expectedVersion').trim()),
      });
      if (checked.ok) {
        await this.directory.setActive(
          KIND[kind],
          landlord.code,
          { id: row.id },
          active,
          checked.value.expectedVersion,
          landlordScopeOf(user),
          user.userId,
        );
        return seeOther(
          reply,
          `${sectionHref(landlord.code, kind)}?done=${active ? 'reactivated' : 'deactivated'}`,
        );
      }
      form.errors = { _form: words(page.lang).edit.stale };
    } catch (e) {
      status = await this.refusal(e, refused, kind, landlord, row, page);
    }
    sendPage(reply, await this.render(page, landlord, kind, row, refused), status);
  }

  /** Merges this row, a duplicate, into the one chosen (`into`, an id of the same list). */
  @Post(':kind/:id/merge')
  @Allow('landlord.manage')
  async merge(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Param('kind') kindParam: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const { landlord, row: loaded } = await this.load(code, kindParam, id, user);
    const { kind, row } = loaded;
    const form: FormState = { values: formValues(body), errors: {} };
    const refused: Refused = { which: 'merge', form };
    const into = valueOf(form, 'into').trim();
    // The version the page was read at, checked as the JSON API checks it: a form without one (or with a
    // garbled one) would otherwise merge whatever the row has become since, unseen.
    const checked = await validateForm(ActivationDto, {
      expectedVersion: numberOr(valueOf(form, 'expectedVersion').trim()),
    });
    let status = 400;
    if (!UUID.test(into)) {
      form.errors = { into: t.messages.into };
    } else if (!checked.ok) {
      form.errors = { _form: t.edit.stale };
    } else {
      try {
        await this.directory.merge(
          KIND[kind],
          landlord.code,
          { id: row.id },
          { id: into },
          checked.value.expectedVersion,
          landlordScopeOf(user),
          user.userId,
        );
        return seeOther(reply, `${sectionHref(landlord.code, kind)}?done=merged`);
      } catch (e) {
        if (e instanceof DomainError && e.code === DomainErrorCode.NotFound) {
          // The row chosen is not one of this landlord's (the list offers only those).
          form.errors = { into: t.messages.into };
        } else status = await this.refusal(e, refused, kind, landlord, row, page);
      }
    }
    sendPage(reply, await this.render(page, landlord, kind, row, refused), status);
  }

  /**
   * A refused change in the page's words: field errors (400), a taken code or name (409, beside the field),
   * a post over someone else's change (409: the record as saved now is shown and the version refreshed, so
   * saving again replaces it), a merge meanwhile (409). Answers the status; other errors are thrown again.
   */
  private async refusal(
    e: unknown,
    refused: Refused,
    kind: Kind,
    landlord: LandlordEntity,
    row: Row,
    page: PageContext,
  ): Promise<number> {
    const t = words(page.lang);
    const m = manageWords(page.lang);
    const { form } = refused;
    if (e instanceof DomainError && e.code === DomainErrorCode.StaleVersion) {
      const current = await this.directory.directoryEntry(KIND[kind], landlord.code, row.id);
      refused.current = current ?? undefined;
      form.values = { ...form.values, expectedVersion: String(current?.version ?? row.version) };
      form.errors = { _form: t.edit.stale };
      return 409;
    }
    if (isConflict(e)) {
      const merged = e instanceof DomainError && e.details.merged === true;
      form.errors = merged
        ? { _form: t.edit.merged }
        : kind === 'contractors'
          ? { name: t.duplicateName }
          : { code: m.duplicateCode };
      return 409;
    }
    const errors = invalidInputOf(e);
    if (!errors) throw e;
    form.errors = inWords(errors, t.messages);
    return 400;
  }

  /**
   * The landlord (in the caller's scope) and the row of the list named `kind` (`agencies`, `residences`,
   * `contractors`) by id; 404 for any other list, id or a merged row.
   */
  private async load(code: string, kind: string, id: string, user: UserPrincipal) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    if (!Object.hasOwn(KIND, kind)) throw new DomainError(DomainErrorCode.NotFound, 'No such list');
    const k = kind as Kind;
    const row = UUID.test(id) ? await this.directory.directoryEntry(KIND[k], landlord.code, id) : null;
    if (!row || row.mergedIntoId) throw new DomainError(DomainErrorCode.NotFound, `No such ${KIND[k]}`);
    return { landlord, row: { kind: k, row: row as Row } };
  }

  private async render(
    page: PageContext,
    landlord: LandlordEntity,
    kind: Kind,
    row: Row,
    refused: Refused | null,
  ) {
    const agencies = kind === 'residences' ? await this.organisation.listAgencies(landlord.code) : [];
    const others = (await this.list(landlord, kind)).filter((o) => o.id !== row.id && o.active);
    return (
      <DirectoryEditView
        page={page}
        landlord={landlord}
        kind={kind}
        row={row}
        refused={refused}
        agencies={agencies}
        others={others}
      />
    );
  }

  private list(landlord: LandlordEntity, kind: Kind): Promise<Row[]> {
    if (kind === 'agencies') return this.organisation.listAgencies(landlord.code);
    if (kind === 'residences')
      return this.organisation.listResidences(landlord.code, 'all', { inactive: true });
    return this.organisation.listContractors(landlord.code);
  }
}
