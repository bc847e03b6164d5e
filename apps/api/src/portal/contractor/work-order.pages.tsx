import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { DateTime as Luxon } from 'luxon';
import { CONTRACTOR_ACTIONS, LinksService } from '@suivi/complaints';
import { ACTION_LABELS, CATEGORY_LABELS, DomainError, DomainErrorCode, STATUS_LABELS } from '@suivi/domain';
import { Public } from '../../common/access';
import { ContractorActionDto, contractorCommand } from '../../tracking/tracking.controller';
import { Button, ErrorSummary, Notice, TextArea, TextField } from '../components';
import { Appointment, UrgencyDecision } from '../complaint-parts';
import { emptyForm, formValues, localiseMessage, transitionRefusal, validateForm, valueOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { dictionary, say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: (ref: string) => `Bon d’intervention ${ref}`,
    heading: 'Bon d’intervention',
    forContractor: (name: string) => `Pour : ${name}`,
    status: 'État du dossier',
    problem: 'Problème',
    description: 'Description du locataire',
    where: 'Adresse',
    unit: 'Logement',
    access: 'Accès',
    noAccess: 'Aucune consigne.',
    tenant: 'Locataire',
    tenantNotShared: 'Le locataire n’a pas souhaité partager ses coordonnées : passez par le bailleur.',
    appointment: 'Rendez-vous',
    noAppointment: 'Aucun rendez-vous fixé.',
    appointmentText: (day: string, from: string, to: string) => `${day}, de ${from} à ${to}`,
    schedule: 'Proposer ou confirmer le rendez-vous',
    scheduleIntro: (tz: string) => `Heures locales du logement (${tz}). Le locataire sera prévenu.`,
    date: 'Date',
    start: 'Heure d’arrivée (début du créneau)',
    end: 'Fin du créneau',
    reportDone: 'Déclarer les travaux faits',
    reportIntro: 'Le locataire et le bailleur seront prévenus et vérifieront les travaux.',
    reportText: 'Ce qui a été fait',
    reportHint: 'Pièces changées, réglages, ce qui reste à prévoir.',
    note: 'Écrire au bailleur',
    noteText: 'Votre message',
    noteHint: 'Seul le bailleur le lira (pas le locataire).',
    done: {
      schedule: 'Rendez-vous enregistré. Le locataire est prévenu.',
      report_done: 'Travaux déclarés faits. Merci.',
      note: 'Message envoyé au bailleur.',
    } as Record<string, string>,
    conflict:
      'Ce dossier a changé pendant que vous le lisiez (quelqu’un d’autre a agi). Voici son état actuel ; ce que vous aviez saisi est conservé si l’action est encore possible.',
    noActions: 'Aucune action n’est possible sur ce dossier pour le moment.',
    missing: 'Indiquez-le',
    badDate: 'Indiquez une date valide (jj/mm/aaaa)',
    badTime: 'Indiquez une heure valide (hh:mm)',
    endBeforeStart: 'La fin doit venir après le début',
    missingText: 'Écrivez quelques mots',
    tooLong: 'Ce texte est trop long',
  },
  en: {
    title: (ref: string) => `Work order ${ref}`,
    heading: 'Work order',
    forContractor: (name: string) => `For: ${name}`,
    status: 'Case status',
    problem: 'Problem',
    description: 'The tenant’s description',
    where: 'Address',
    unit: 'Home',
    access: 'Access',
    noAccess: 'No instructions.',
    tenant: 'Tenant',
    tenantNotShared: 'The tenant chose not to share their contact details: go through the landlord.',
    appointment: 'Appointment',
    noAppointment: 'No appointment booked.',
    appointmentText: (day: string, from: string, to: string) => `${day}, from ${from} to ${to}`,
    schedule: 'Propose or confirm the appointment',
    scheduleIntro: (tz: string) => `Local time at the home (${tz}). The tenant will be told.`,
    date: 'Date',
    start: 'Arrival time (start of the slot)',
    end: 'End of the slot',
    reportDone: 'Report the works done',
    reportIntro: 'The tenant and the landlord will be told and will check the works.',
    reportText: 'What was done',
    reportHint: 'Parts replaced, settings, anything still to plan.',
    note: 'Write to the landlord',
    noteText: 'Your message',
    noteHint: 'Only the landlord will read it (not the tenant).',
    done: {
      schedule: 'Appointment recorded. The tenant has been told.',
      report_done: 'Works reported done. Thank you.',
      note: 'Message sent to the landlord.',
    } as Record<string, string>,
    conflict:
      'This case changed while you were reading it (someone else acted). Here is where it stands now; what you typed is kept if the action is still possible.',
    noActions: 'No action is possible on this case for now.',
    missing: 'Enter it',
    badDate: 'Enter a valid date (dd/mm/yyyy)',
    badTime: 'Enter a valid time (hh:mm)',
    endBeforeStart: 'The end must come after the start',
    missingText: 'Write a few words',
    tooLong: 'This text is too long',
  },
});

type WorkOrderView = Awaited<ReturnType<LinksService['workOrderView']>>;

/** `2026-12-01` and `08:30` in the landlord's zone → the instant, or null when either does not parse. */
function localInstant(date: string, time: string, zone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const at = Luxon.fromISO(`${date}T${time}`, { zone });
  return at.isValid ? at.toJSDate() : null;
}

/** The contractor's page from the link in their message (no account): the order, the appointment, works done. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('w')
export class WorkOrderPages {
  constructor(@Inject(LinksService) private readonly links: LinksService) {}

  @Get(':token')
  @Public()
  async view(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.links.workOrderView(token);
    const t = words(page.lang);
    const message = typeof done === 'string' ? t.done[done] : undefined;
    sendPage(
      reply,
      workOrderPage(
        page,
        view,
        token,
        prefilled(view),
        message ? <Notice kind="success">{message}</Notice> : null,
      ),
    );
  }

  @Post(':token/:action')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  async act(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    if (!(CONTRACTOR_ACTIONS as readonly string[]).includes(action)) {
      throw new DomainError(DomainErrorCode.NotFound, 'No such action');
    }
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const refuse = async (status: number, notice?: string) => {
      const view = await this.links.workOrderView(token);
      sendPage(
        reply,
        workOrderPage(page, view, token, form, notice ? <Notice kind="warning">{notice}</Notice> : null),
        status,
      );
    };
    const plain: Record<string, unknown> = {
      action,
      expectedVersion: Number(valueOf(form, 'expectedVersion')) || undefined,
    };
    if (action === 'schedule') {
      const view = await this.links.workOrderView(token);
      const date = valueOf(form, 'schedule.date').trim();
      const startTime = valueOf(form, 'schedule.start').trim();
      const endTime = valueOf(form, 'schedule.end').trim();
      // The errors follow from what parses: a well-shaped but impossible time (12:60) is refused too.
      const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date) && localInstant(date, '12:00', view.timeZone) !== null;
      if (!dateOk) form.errors['schedule.date'] = date ? t.badDate : t.missing;
      const start = dateOk ? localInstant(date, startTime, view.timeZone) : null;
      const end = dateOk ? localInstant(date, endTime, view.timeZone) : null;
      const timeOk = (time: string) => /^\d{2}:\d{2}$/.test(time) && localInstant('2000-01-01', time, 'UTC');
      if (!timeOk(startTime)) form.errors['schedule.start'] = startTime ? t.badTime : t.missing;
      if (!timeOk(endTime)) form.errors['schedule.end'] = endTime ? t.badTime : t.missing;
      if (!start || !end) {
        form.errors['schedule.date'] ??= t.badDate;
        return refuse(400);
      }
      if (Object.keys(form.errors).length) return refuse(400);
      plain.appointment = { start: start.toISOString(), end: end.toISOString() };
    } else {
      const text = valueOf(form, `${action}.text`);
      if (text.trim()) plain.text = text;
    }
    const checked = await validateForm(ContractorActionDto, plain);
    if (!checked.ok) {
      if (checked.errors.expectedVersion) return refuse(409, t.conflict);
      Object.assign(form.errors, fieldMessages(action, checked.errors, page.lang));
      return refuse(400);
    }
    try {
      await this.links.contractorAct(token, contractorCommand(checked.value), checked.value.expectedVersion);
    } catch (e) {
      const refused = transitionRefusal(e);
      if (refused.status === 409) return refuse(409, t.conflict);
      Object.assign(form.errors, fieldMessages(action, refused.errors, page.lang));
      return refuse(400);
    }
    seeOther(reply, `/w/${token}?done=${action}`);
  }
}

/**
 * The API's field names → this page's fields, in the page's words. The DTO's problems carry a code; the
 * appointment's window and a missing text come from the domain as sentences (`appointmentProblems`,
 * `requiredText`), which have no code yet and are told apart by their words.
 */
function fieldMessages(action: string, errors: FieldMessages, lang: Lang): FieldMessages {
  const t = words(lang);
  const out: FieldMessages = {};
  for (const [field, message] of Object.entries(errors)) {
    const sentence = typeof message === 'string' ? message : '';
    if (field.startsWith('appointment')) {
      // The slot's window (APPOINTMENT_LIMITS): too far back or ahead is about the day; too long, the end.
      if (/in the past|days ahead/.test(sentence)) out['schedule.date'] = localiseMessage(sentence, lang);
      else if (/must be after/.test(sentence)) out['schedule.end'] = t.endBeforeStart;
      else if (/hours after/.test(sentence)) out['schedule.end'] = localiseMessage(sentence, lang);
      else out[field === 'appointment.end' ? 'schedule.end' : 'schedule.start'] = t.badTime;
    } else if (field === 'text') {
      out[`${action}.text`] = sentence.includes('required') ? t.missingText : t.tooLong;
    } else {
      out._form = typeof message === 'string' ? `${field}: ${message}` : message;
    }
  }
  return out;
}

/** The schedule form starts from the current appointment, in the landlord's zone. */
function prefilled(view: WorkOrderView): FormState {
  if (!view.appointment) return emptyForm();
  const start = Luxon.fromISO(view.appointment.start, { zone: view.timeZone });
  const end = Luxon.fromISO(view.appointment.end, { zone: view.timeZone });
  return emptyForm({
    'schedule.date': start.toFormat('yyyy-MM-dd'),
    'schedule.start': start.toFormat('HH:mm'),
    'schedule.end': end.toFormat('HH:mm'),
  });
}

function workOrderPage(
  page: PageContext,
  view: WorkOrderView,
  token: string,
  form: FormState,
  notice: ComponentChildren,
) {
  const { lang } = page;
  const t = words(lang);
  const tz = view.timeZone;
  const version = <input type="hidden" name="expectedVersion" value={String(view.version)} />;
  const base = `/w/${token}`;
  const address = 'address' in view.address && view.address.address ? view.address : null;
  return (
    <Layout page={page} title={t.title(view.reference)}>
      <h1>
        {t.heading} <span class="reference">{view.reference}</span>
      </h1>
      {notice}
      <ErrorSummary
        form={form}
        lang={lang}
        labels={{
          'schedule.date': t.date,
          'schedule.start': t.start,
          'schedule.end': t.end,
          'report_done.text': t.reportText,
          'note.text': t.noteText,
        }}
      />
      <p class="muted">{t.forContractor(view.contractor)}</p>
      <dl class="facts">
        <dt>{t.status}</dt>
        <dd>{say(STATUS_LABELS, view.status, lang)}</dd>
        <dt>{t.problem}</dt>
        <dd>{say(CATEGORY_LABELS, view.category, lang)}</dd>
        <dt>{t.where}</dt>
        <dd>
          {address ? (
            <>
              {address.residence}
              <br />
              {address.address}, {address.postcode} {address.city}
            </>
          ) : (
            '—'
          )}
        </dd>
        {view.address.unit ? (
          <>
            <dt>{t.unit}</dt>
            <dd>{view.address.unit}</dd>
          </>
        ) : null}
        <dt>{t.access}</dt>
        <dd>{view.accessNotes ?? t.noAccess}</dd>
        <dt>{t.tenant}</dt>
        <dd>
          {view.tenant ? (
            <>
              {view.tenant.firstName}
              {view.tenant.phone ? (
                <>
                  {' — '}
                  <a href={`tel:${view.tenant.phone}`}>{view.tenant.phone}</a>
                </>
              ) : null}
            </>
          ) : (
            t.tenantNotShared
          )}
        </dd>
        <dt>{t.appointment}</dt>
        <dd>
          {view.appointment ? (
            <Appointment appointment={view.appointment} lang={lang} timeZone={tz} />
          ) : (
            t.noAppointment
          )}
        </dd>
      </dl>
      <h2>{t.description}</h2>
      <p class="prewrap">{view.description}</p>
      {view.urgency ? <UrgencyDecision urgency={view.urgency} lang={lang} timeZone={tz} /> : null}
      {view.actions.length === 0 ? <p>{t.noActions}</p> : null}
      {view.actions.includes('schedule') ? (
        <section class="box" aria-labelledby="schedule-title">
          <h2 id="schedule-title">{t.schedule}</h2>
          <p>{t.scheduleIntro(tz)}</p>
          <form method="post" action={`${base}/schedule`} noValidate>
            {version}
            <TextField name="schedule.date" label={t.date} type="date" form={form} lang={lang} required />
            <TextField name="schedule.start" label={t.start} type="time" form={form} lang={lang} required />
            <TextField name="schedule.end" label={t.end} type="time" form={form} lang={lang} required />
            <Button>{say(ACTION_LABELS, 'schedule', lang)}</Button>
          </form>
        </section>
      ) : null}
      {view.actions.includes('report_done') ? (
        <section class="box" aria-labelledby="report-title">
          <h2 id="report-title">{t.reportDone}</h2>
          <p>{t.reportIntro}</p>
          <form method="post" action={`${base}/report_done`} noValidate>
            {version}
            <TextArea
              name="report_done.text"
              label={t.reportText}
              hint={t.reportHint}
              form={form}
              lang={lang}
              rows={4}
              maxLength={5000}
            />
            <Button>{say(ACTION_LABELS, 'report_done', lang)}</Button>
          </form>
        </section>
      ) : null}
      {view.actions.includes('note') ? (
        <details open={!!form.errors['note.text'] || undefined}>
          <summary>{t.note}</summary>
          <form method="post" action={`${base}/note`} noValidate>
            {version}
            <TextArea
              name="note.text"
              label={t.noteText}
              hint={t.noteHint}
              form={form}
              lang={lang}
              required
              rows={4}
              maxLength={5000}
            />
            <Button kind="secondary">{t.note}</Button>
          </form>
        </details>
      ) : null}
    </Layout>
  );
}
