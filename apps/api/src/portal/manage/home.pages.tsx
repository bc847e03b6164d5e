import { Controller, Get, Inject, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { SECTIONS, manageWords, sectionHref } from './manage-parts';
import { words } from './home.words';

/** A landlord admin's home: the landlords in their scope (every landlord for platform admins). */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('manage')
export class ManageHomePages {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Get()
  @Allow('landlord.manage')
  async home(@Page() page: PageContext, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    const t = words(page.lang);
    const m = manageWords(page.lang);
    const landlords = await this.organisation.listLandlords(landlordScopeOf(user));
    sendPage(
      reply,
      <Layout page={page} title={t.title} wide>
        <h1>{t.title}</h1>
        <p>{t.intro}</p>
        {landlords.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <>
            <h2>{t.landlords}</h2>
            <ul class="cards">
              {landlords.map((l) => (
                <li key={l.id}>
                  <h3>
                    {l.name} <span class="muted">({t.code(l.code)})</span>
                  </h3>
                  <ul class="manage-links">
                    {SECTIONS.map((s) => (
                      <li key={s}>
                        <a href={sectionHref(l.code, s)}>{m.sections[s]}</a>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        )}
      </Layout>,
    );
  }
}
