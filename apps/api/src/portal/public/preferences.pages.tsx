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
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { EMAIL_PREFERENCES } from '@suivi/domain';
import type { EmailPreference } from '@suivi/domain';
import { MessagePreferences } from '@suivi/notifications';
import type { TenantPreferences } from '@suivi/notifications';
import { Public } from '../../common/access';
import { assertSameOrigin } from '../../common/same-origin';
import { Button, Choices, ErrorSummary, Notice } from '../components';
import { emptyForm, formValues, valueOf } from '../forms';
import type { FormState } from '../forms';
import { dictionary } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: 'Vos messages',
    intro: (ref: string, landlord: string) =>
      `Les messages sur votre dossier ${ref} (${landlord}). Vous choisissez ce que vous recevez ; votre dossier continue d’être traité de la même façon.`,
    email: 'E-mails',
    emailAll: 'Un e-mail à chaque étape',
    emailEssential: 'Seulement les e-mails essentiels',
    emailEssentialHint:
      'Dépôt et prise en charge, rendez-vous, travaux à confirmer, clôture et réponse à un réexamen.',
    emailNone: 'Aucun e-mail',
    sms: 'SMS',
    smsOn: 'Recevoir les SMS de suivi',
    smsOff: 'Ne plus recevoir de SMS (comme répondre STOP)',
    save: 'Enregistrer mes choix',
    saved: 'Vos choix sont enregistrés.',
    unsubscribed:
      'C’est fait : vous ne recevrez plus que les e-mails essentiels sur ce dossier. Vous pouvez changer d’avis ci-dessous.',
    nothing: 'Aucun téléphone ni e-mail n’est enregistré pour ce dossier : vous ne recevez pas de messages.',
    choose: 'Choisissez une option',
    back: 'Le lien de suivi reçu dans chaque message ouvre votre dossier.',
  },
  en: {
    title: 'Your messages',
    intro: (ref: string, landlord: string) =>
      `The messages about your case ${ref} (${landlord}). You choose what you get; your case is handled the same way.`,
    email: 'E-mails',
    emailAll: 'An e-mail at every step',
    emailEssential: 'Only the essential e-mails',
    emailEssentialHint:
      'Report received and taken on, appointment, works to confirm, closing, and the answer to a review.',
    emailNone: 'No e-mail',
    sms: 'Text messages (SMS)',
    smsOn: 'Get text updates',
    smsOff: 'No more text messages (like replying STOP)',
    save: 'Save my choices',
    saved: 'Your choices are saved.',
    unsubscribed:
      'Done: you will only get the essential e-mails about this case. You can change your mind below.',
    nothing: 'No phone or e-mail is on file for this case: you get no messages.',
    choose: 'Choose an option',
    back: 'The tracking link in every message opens your case.',
  },
});

/** The one-click unsubscribe body (RFC 8058 §3.1), and nothing else. */
function isOneClick(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const entries = Object.entries(body as Record<string, unknown>);
  return entries.length === 1 && entries[0][0] === 'List-Unsubscribe' && entries[0][1] === 'One-Click';
}

/**
 * The tenant's message preferences (issue 16, item 5) at the List-Unsubscribe URL of their e-mails. A POST
 * with exactly `List-Unsubscribe=One-Click` (RFC 8058: sent by mail systems without cookies or any token
 * but the link's) leaves only the essential e-mails and answers 200; a GET changes nothing and shows the
 * choices as a form (no JavaScript), whose post is checked as the portal's other forms (same origin).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('u')
export class PreferencesPages {
  constructor(
    @Inject(MessagePreferences) private readonly preferences: MessagePreferences,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  async show(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const current = await this.preferences.view(token);
    const t = words(page.lang);
    const notice = query.saved === '1' ? t.saved : undefined;
    sendPage(reply, <PreferencesPage page={page} token={token} current={current} notice={notice} />);
  }

  @Post(':token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  async post(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    if (isOneClick(body)) {
      await this.preferences.unsubscribe(token);
      const current = await this.preferences.view(token);
      return sendPage(
        reply,
        <PreferencesPage page={page} token={token} current={current} notice={t.unsubscribed} />,
      );
    }
    assertSameOrigin(request, this.config.publicBaseUrl);
    const current = await this.preferences.view(token);
    const form: FormState = { values: formValues(body), errors: {} };
    const email = valueOf(form, 'email');
    const sms = valueOf(form, 'sms');
    if (current.hasEmail && !(EMAIL_PREFERENCES as readonly string[]).includes(email)) {
      form.errors.email = t.choose;
    }
    if (current.hasPhone && sms !== 'on' && sms !== 'off') form.errors.sms = t.choose;
    if (!current.hasEmail && !current.hasPhone) form.errors._form = t.nothing;
    if (Object.keys(form.errors).length) {
      return sendPage(
        reply,
        <PreferencesPage page={page} token={token} current={current} form={form} />,
        400,
      );
    }
    await this.preferences.change(token, {
      ...(current.hasEmail ? { email: email as EmailPreference } : {}),
      ...(current.hasPhone ? { sms: sms === 'on' } : {}),
    });
    seeOther(reply, `/u/${token}?saved=1`);
  }
}

/** The choices: which e-mails (if an e-mail is on file), SMS on or off (if a phone is). */
function PreferencesPage(props: {
  page: PageContext;
  token: string;
  current: TenantPreferences;
  form?: FormState;
  notice?: string;
}) {
  const { page, current } = props;
  const t = words(page.lang);
  const form =
    props.form ?? emptyForm({ email: current.emailPreference, sms: current.smsOptedOut ? 'off' : 'on' });
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.title}</h1>
      {props.notice ? (
        <Notice kind="success">
          <p>{props.notice}</p>
        </Notice>
      ) : null}
      <p>{t.intro(current.reference, current.landlordName)}</p>
      {!current.hasEmail && !current.hasPhone ? (
        <p>{t.nothing}</p>
      ) : (
        <>
          <ErrorSummary form={form} lang={page.lang} labels={{ email: t.email, sms: t.sms }} />
          <form method="post" action={`/u/${props.token}`} noValidate>
            {current.hasEmail ? (
              <Choices
                name="email"
                label={t.email}
                form={form}
                lang={page.lang}
                required
                options={[
                  { value: 'all', label: t.emailAll },
                  { value: 'essential', label: t.emailEssential, hint: t.emailEssentialHint },
                  { value: 'none', label: t.emailNone },
                ]}
              />
            ) : null}
            {current.hasPhone ? (
              <Choices
                name="sms"
                label={t.sms}
                form={form}
                lang={page.lang}
                required
                options={[
                  { value: 'on', label: t.smsOn },
                  { value: 'off', label: t.smsOff },
                ]}
              />
            ) : null}
            <Button>{t.save}</Button>
          </form>
        </>
      )}
      <p class="muted">{t.back}</p>
    </Layout>
  );
}
