import { Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffInvitationsService } from '@suivi/access';
import type { InvitationRefusal, InvitationView, UserPrincipal } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { ROLE_LABELS } from '@suivi/domain';
import { Allow, CurrentUser } from '../../common/access';
import { assertSameOrigin } from '../../common/same-origin';
import { Button, Csrf, Notice } from '../components';
import { dictionary, say } from '../i18n';
import { Layout, homeOf } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: 'Invitation',
    intro: (landlord: string, role: string) =>
      `Un administrateur du bailleur ${landlord} vous invite à travailler pour lui sur Suivi avec votre compte existant, avec le rôle « ${role} ».`,
    explain:
      'Si vous acceptez, vous verrez aussi les dossiers de ce bailleur, et ses administrateurs pourront gérer votre accès chez lui. Rien ne change chez vos autres bailleurs.',
    accept: 'Accepter l’invitation',
    ignore: 'Vous ne vous y attendiez pas ? Ignorez-la : rien ne change sans votre accord.',
    accepted: (landlord: string) => `Invitation acceptée : vous travaillez désormais aussi pour ${landlord}.`,
    gone: 'Cette invitation ne fonctionne plus : elle a déjà servi ou le bailleur l’a retirée. Demandez à son administrateur de vous en envoyer une nouvelle.',
    notYours:
      'Cette invitation est destinée à un autre compte. Déconnectez-vous, puis connectez-vous avec le compte de l’adresse e-mail qui l’a reçue.',
    role: (role: string) =>
      `Cette invitation est pour le rôle « ${role} », et votre compte a un autre rôle (ou une autre entreprise) : un compte a le même rôle chez tous ses bailleurs. Demandez à un administrateur de la plateforme.`,
    home: 'Retour à l’accueil',
  },
  en: {
    title: 'Invitation',
    intro: (landlord: string, role: string) =>
      `An administrator of ${landlord} invites you to work for them on Suivi with your existing account, with the role “${role}”.`,
    explain:
      'If you accept, you will also see this landlord’s cases, and its administrators will manage your access there. Nothing changes at your other landlords.',
    accept: 'Accept the invitation',
    ignore: 'Not expecting this? Ignore it: nothing changes unless you accept.',
    accepted: (landlord: string) => `Invitation accepted: you now also work for ${landlord}.`,
    gone: 'This invitation no longer works: it was used already or the landlord withdrew it. Ask its administrator to send you a new one.',
    notYours:
      'This invitation is for another account. Sign out, then sign in with the account of the e-mail address that received it.',
    role: (role: string) =>
      `This invitation is for the role “${role}”, and your account has another role (or another contractor): an account has the same role at all its landlords. Ask a platform administrator.`,
    home: 'Back to the home page',
  },
});

/** How each answer of the page is sent: what the signed-in account may do with the invitation. */
const STATUS: Record<InvitationView['state'], number> = {
  open: 200,
  accepted: 200,
  gone: 404,
  'not-yours': 403,
  role: 409,
};

/**
 * An invitation to work for another landlord with one's existing account (made when that landlord's
 * administrator created a staff account with the person's address): the invited account, signed in, reads
 * which landlord invites it with which role and accepts it. Not signed in, the visitor is sent to the sign-in
 * (two-step included) and brought back here.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('account/invitations')
export class InvitationPages {
  constructor(
    @Inject(StaffInvitationsService) private readonly invitations: StaffInvitationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Allow('session.self')
  async show(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.invitations.view(token, user.userId);
    // The notice after accepting; an invitation accepted earlier is simply gone.
    const shown: InvitationView = view.state === 'accepted' && done !== 'accepted' ? { state: 'gone' } : view;
    sendPage(reply, this.page(page, user, token, shown), STATUS[shown.state]);
  }

  @Post(':token')
  @Allow('session.self')
  async accept(
    @Page() page: PageContext,
    @Param('token') token: string,
    @CurrentUser() user: UserPrincipal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    const refusal: InvitationRefusal | null = await this.invitations.accept(token, user.userId);
    if (refusal === null) {
      return seeOther(reply, `/account/invitations/${encodeURIComponent(token)}?done=accepted`);
    }
    // The refusal shown is the one the acceptance met; the role one says which role was invited.
    const view = await this.invitations.view(token, user.userId);
    const shown: InvitationView =
      refusal === 'role' && 'landlordName' in view
        ? { ...view, state: 'role' }
        : { state: refusal === 'role' ? 'gone' : refusal };
    sendPage(reply, this.page(page, user, token, shown), STATUS[shown.state]);
  }

  private page(page: PageContext, user: UserPrincipal, token: string, view: InvitationView) {
    const t = words(page.lang);
    const home = (
      <p>
        <a href={homeOf(user.role)}>{t.home}</a>
      </p>
    );
    let body;
    switch (view.state) {
      case 'open': {
        const role = say(ROLE_LABELS, view.role, page.lang);
        body = (
          <>
            <p>{t.intro(view.landlordName, role)}</p>
            <p>{t.explain}</p>
            <form method="post" action={`/account/invitations/${encodeURIComponent(token)}`} noValidate>
              <Csrf page={page} />
              <Button>{t.accept}</Button>
            </form>
            <p class="muted">{t.ignore}</p>
          </>
        );
        break;
      }
      case 'accepted':
        body = (
          <>
            <Notice kind="success">{t.accepted(view.landlordName)}</Notice>
            {home}
          </>
        );
        break;
      case 'role':
        body = (
          <>
            <p>{t.intro(view.landlordName, say(ROLE_LABELS, view.role, page.lang))}</p>
            <Notice kind="warning">{t.role(say(ROLE_LABELS, view.role, page.lang))}</Notice>
            {home}
          </>
        );
        break;
      case 'not-yours':
        body = (
          <>
            <Notice kind="warning">{t.notYours}</Notice>
            {home}
          </>
        );
        break;
      case 'gone':
        body = (
          <>
            <Notice kind="warning">{t.gone}</Notice>
            {home}
          </>
        );
        break;
    }
    return (
      <Layout page={page} title={t.title}>
        <h1>{t.title}</h1>
        {body}
      </Layout>
    );
  }
}
