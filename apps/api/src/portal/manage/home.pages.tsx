import { Controller, Get, Inject, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { dictionary } from '../i18n';
import { Layout } from '../layout';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { SECTIONS, manageWords, sectionHref } from './manage-parts';

const words = dictionary({
  fr: {
    title: 'Administration',
    intro:
      'Les bailleurs que vous administrez. Pour chacun : ses règles d’urgence, son calendrier, les comptes de son équipe, ses agences, résidences et entreprises.',
    none: 'Votre compte n’administre encore aucun bailleur. Demandez à un administrateur Suivi de vous y rattacher.',
    landlords: 'Bailleurs administrés',
    code: (code: string) => `code ${code}`,
  },
  en: {
    title: 'Administration',
    intro:
      'The landlords you administer. For each: its urgency rules, its calendar, its staff accounts, its agencies, residences and contractors.',
    none: 'Your account does not administer any landlord yet. Ask a Suivi administrator to add you to one.',
    landlords: 'Landlords you administer',
    code: (code: string) => `code ${code}`,
  },
});

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
