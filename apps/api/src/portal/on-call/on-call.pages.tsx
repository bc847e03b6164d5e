import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { OnCallDuty } from '@suivi/complaints';
import type { OnCallAlertView } from '@suivi/complaints';
import { CATEGORY_LABELS, DomainError, DomainErrorCode, STATUS_LABELS, formatReference } from '@suivi/domain';
import { Public } from '../../common/access';
import { assertSameOrigin } from '../../common/same-origin';
import { Button, DateTime, Deadline, Notice } from '../components';
import { dictionary, say } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: (ref: string) => `Astreinte : urgence ${ref}`,
    heading: 'Alerte d’astreinte',
    intro:
      'Une urgence a été signalée en dehors des heures de bureau. Accusez réception pour dire que vous vous en occupez : sans cela, la personne suivante et le superviseur seront alertés.',
    escalated: 'Cette alerte a été remontée : la personne alertée avant vous n’a pas répondu.',
    acknowledge: 'J’accuse réception, je m’en occupe',
    acknowledged: (at: string) => `Alerte prise en charge (${at}). Les alertes suivantes sont arrêtées.`,
    takenByOther: (at: string) => `Une autre personne d’astreinte a déjà pris l’alerte (${at}).`,
    reference: 'Dossier',
    status: 'État',
    problem: 'Problème',
    urgency: 'Niveau d’urgence',
    filed: 'Signalé le',
    due: 'À prendre en charge avant',
    where: 'Adresse',
    unit: 'Logement',
    access: 'Accès',
    tenant: 'Locataire',
    description: 'Description du locataire',
    none: '—',
    open: 'Ouvrir le dossier (compte Suivi)',
  },
  en: {
    title: (ref: string) => `On call: emergency ${ref}`,
    heading: 'On-call alert',
    intro:
      'An emergency was reported outside office hours. Acknowledge it to say you are dealing with it: otherwise the next person and the supervisor will be alerted.',
    escalated: 'This alert was escalated: the person alerted before you did not answer.',
    acknowledge: 'I acknowledge, I am dealing with it',
    acknowledged: (at: string) => `Alert acknowledged (${at}). The next alerts are stopped.`,
    takenByOther: (at: string) => `Another on-call person already took the alert (${at}).`,
    reference: 'Case',
    status: 'Status',
    problem: 'Problem',
    urgency: 'Urgency level',
    filed: 'Reported on',
    due: 'To acknowledge by',
    where: 'Address',
    unit: 'Home',
    access: 'Access',
    tenant: 'Tenant',
    description: 'The tenant’s description',
    none: '—',
    open: 'Open the case (Suivi account)',
  },
});

const notFound = () => new DomainError(DomainErrorCode.NotFound, 'No such on-call alert');

/**
 * The page an on-call alert's link opens (no account: the link's token is the alert's): the emergency's
 * essentials and one button that acknowledges the alert. Opening the link records nothing — phones and mail
 * scanners fetch links to preview them, and a preview must not stop the escalation —; the button does, once.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('a')
export class OnCallPages {
  constructor(
    @Inject(OnCallDuty) private readonly duty: OnCallDuty,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Public()
  async view(@Page() page: PageContext, @Param('token') token: string, @Res() reply: FastifyReply) {
    const alert = await this.duty.view(token);
    if (!alert) throw notFound();
    sendPage(reply, render(page, token, alert));
  }

  @Post(':token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  async acknowledge(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // The link is the secret; a post another site makes a browser send is refused all the same.
    assertSameOrigin(request, this.config.publicBaseUrl);
    const alert = await this.duty.acknowledge(token);
    if (!alert) throw notFound();
    seeOther(reply, `/a/${encodeURIComponent(token)}`);
  }
}

function render(page: PageContext, token: string, alert: OnCallAlertView) {
  const { lang } = page;
  const t = words(lang);
  const tz = alert.timeZone;
  const reference = formatReference(alert.reference);
  const at = (d: Date) =>
    new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      day: '2-digit',
      month: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: tz,
    }).format(new Date(d));
  const residence = alert.residence;
  return (
    <Layout page={page} title={t.title(reference)}>
      <h1>
        {t.heading} — {reference}
      </h1>
      {alert.acknowledgedAt ? (
        <Notice kind="success">{t.acknowledged(at(alert.acknowledgedAt))}</Notice>
      ) : alert.chainAcknowledgedAt ? (
        <Notice kind="info">{t.takenByOther(at(alert.chainAcknowledgedAt))}</Notice>
      ) : (
        <>
          {alert.level > 1 ? <Notice kind="warning">{t.escalated}</Notice> : null}
          <p>{t.intro}</p>
          <form method="post" action={`/a/${encodeURIComponent(token)}`}>
            <Button>{t.acknowledge}</Button>
          </form>
        </>
      )}
      <dl class="facts">
        <dt>{t.reference}</dt>
        <dd>{reference}</dd>
        <dt>{t.status}</dt>
        <dd>{say(STATUS_LABELS, alert.status, lang)}</dd>
        <dt>{t.problem}</dt>
        <dd>{say(CATEGORY_LABELS, alert.category, lang)}</dd>
        <dt>{t.urgency}</dt>
        <dd>{alert.urgencyLevel ?? t.none}</dd>
        <dt>{t.filed}</dt>
        <dd>
          <DateTime at={alert.filedAt} lang={lang} timeZone={tz} />
        </dd>
        {alert.nextDueAt ? (
          <>
            <dt>{t.due}</dt>
            <dd>
              <Deadline at={alert.nextDueAt} lang={lang} timeZone={tz} />
            </dd>
          </>
        ) : null}
        <dt>{t.where}</dt>
        <dd>
          {residence ? (
            <>
              {residence.name}
              <br />
              {residence.address}, {residence.postcode} {residence.city}
            </>
          ) : (
            t.none
          )}
        </dd>
        {alert.unit ? (
          <>
            <dt>{t.unit}</dt>
            <dd>{alert.unit}</dd>
          </>
        ) : null}
        <dt>{t.access}</dt>
        <dd>{alert.accessNotes ?? t.none}</dd>
        <dt>{t.tenant}</dt>
        <dd>
          {alert.tenant ? (
            <>
              {alert.tenant.name}
              {alert.tenant.phone ? (
                <>
                  {' — '}
                  <a href={`tel:${alert.tenant.phone}`}>{alert.tenant.phone}</a>
                </>
              ) : null}
            </>
          ) : (
            t.none
          )}
        </dd>
      </dl>
      <h2>{t.description}</h2>
      <p class="prewrap">{alert.description}</p>
      <p>
        <a href={`/agent/complaints/${reference}`}>{t.open}</a>
      </p>
    </Layout>
  );
}
