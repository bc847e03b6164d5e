/**
 * The contractor's work-order page: the order, the home, the appointment, and the forms of the actions
 * the link offers now (`LinkActionForm`).
 */
import type { ComponentChildren } from 'preact';
import { DateTime as Luxon } from 'luxon';
import { LinksService } from '@suivi/complaints';
import { ACTION_LABELS, CATEGORY_LABELS, STATUS_LABELS } from '@suivi/domain';
import { ErrorSummary, TextArea, TextField } from '../components';
import { Appointment, UrgencyDecision } from '../complaint-parts';
import { emptyForm } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { LinkActionForm } from '../link-actions';
import { words } from './work-order.words';

type WorkOrderView = Awaited<ReturnType<LinksService['workOrderView']>>;

/** The schedule form starts from the current appointment, in the landlord's zone. */
export function prefilled(view: WorkOrderView): FormState {
  if (!view.appointment) return emptyForm();
  const start = Luxon.fromISO(view.appointment.start, { zone: view.timeZone });
  const end = Luxon.fromISO(view.appointment.end, { zone: view.timeZone });
  return emptyForm({
    'schedule.date': start.toFormat('yyyy-MM-dd'),
    'schedule.start': start.toFormat('HH:mm'),
    'schedule.end': end.toFormat('HH:mm'),
  });
}

export function workOrderPage(
  page: PageContext,
  view: WorkOrderView,
  token: string,
  form: FormState,
  notice: ComponentChildren,
) {
  const { lang } = page;
  const t = words(lang);
  const tz = view.timeZone;
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
          <LinkActionForm
            base={base}
            action="schedule"
            version={view.version}
            button={say(ACTION_LABELS, 'schedule', lang)}
          >
            <TextField name="schedule.date" label={t.date} type="date" form={form} lang={lang} required />
            <TextField name="schedule.start" label={t.start} type="time" form={form} lang={lang} required />
            <TextField name="schedule.end" label={t.end} type="time" form={form} lang={lang} required />
          </LinkActionForm>
        </section>
      ) : null}
      {view.actions.includes('report_done') ? (
        <section class="box" aria-labelledby="report-title">
          <h2 id="report-title">{t.reportDone}</h2>
          <p>{t.reportIntro}</p>
          <LinkActionForm
            base={base}
            action="report_done"
            version={view.version}
            button={say(ACTION_LABELS, 'report_done', lang)}
          >
            <TextArea
              name="report_done.text"
              label={t.reportText}
              hint={t.reportHint}
              form={form}
              lang={lang}
              rows={4}
              maxLength={5000}
            />
          </LinkActionForm>
        </section>
      ) : null}
      {view.actions.includes('note') ? (
        <details open={!!form.errors['note.text'] || undefined}>
          <summary>{t.note}</summary>
          <LinkActionForm base={base} action="note" version={view.version} button={t.note} kind="secondary">
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
          </LinkActionForm>
        </details>
      ) : null}
    </Layout>
  );
}
