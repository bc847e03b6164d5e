import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { emptyForm, formValues, invalidInputOf, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManagePages, doneMessage, sectionHref } from './manage-parts';
import { words } from './numbers.words';
import { render } from './numbers.view';

/** The numbers a landlord admin sets for the public pages (issue 14, J4). */
@ManagePages('numbers')
export class NumbersPages {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Get()
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const form = emptyForm({
      publicPhone: landlord.publicPhone ?? '',
      smsNumber: landlord.smsNumber ?? '',
      ...Object.fromEntries(agencies.map((a) => [`agency.${a.code}`, a.publicPhone ?? ''])),
    });
    const t = words(page.lang);
    sendPage(reply, render(page, landlord, agencies, form, doneMessage(done, { numbers: t.saved })));
  }

  @Post()
  @Allow('landlord.manage')
  async save(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const form: FormState = { values: formValues(body), errors: {} };
    // Only the fields this page declares are read: the landlord's two and one per existing agency.
    const text = (name: string) => valueOf(form, name).slice(0, 32);
    try {
      await this.organisation.setPublicNumbers(
        landlord.code,
        {
          publicPhone: text('publicPhone'),
          smsNumber: text('smsNumber'),
          agencies: Object.fromEntries(agencies.map((a) => [a.code, text(`agency.${a.code}`)])),
        },
        scope,
      );
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      form.errors = Object.fromEntries(Object.keys(errors).map((field) => [field, t.invalid]));
      return sendPage(reply, render(page, landlord, agencies, form, null), 400);
    }
    seeOther(reply, `${sectionHref(landlord.code, 'numbers')}?done=numbers`);
  }
}
