/**
 * The contractor's work-order page: the order, the home, the appointment, and the forms of the actions
 * the link offers now (`LinkActionForm`).
 */
import type { ComponentChildren } from 'preact';
import { DateTime as Luxon } from 'luxon';
import { WorkOrdersService } from '@suivi/complaints';
import type { EndedWorkOrder } from '@suivi/complaints';
import { ACTION_LABELS, CATEGORY_LABELS, ROLE_LABELS, STATUS_LABELS } from '@suivi/domain';
import { ErrorSummary, TextArea, TextField, formatDate } from '../components';
import { Appointment, UrgencyDecision } from '../complaint-parts';
import { emptyForm } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { LinkActionForm } from '../link-actions';
import { words } from './work-order.words';

type WorkOrderView = Awaited<ReturnType<WorkOrdersService['workOrderView']>>;

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
      <section class="box work-stage" aria-labelledby="stage-title">
        <h2 id="stage-title">{t.whereWeAre}</h2>
        <p data-stage={view.stage}>{stageSentence(view, lang)}</p>
      </section>
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
      {view.actions.length === 1 && view.actions[0] === 'note' ? <p>{t.onlyNote}</p> : null}
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
      <Contact landlord={view.landlord} lang={lang} />
    </Layout>
  );
}

/** What is left to do at this stage, with the date of the step that led there (issue 18, M6). */
function stageSentence(view: WorkOrderView, lang: PageContext['lang']): string {
  const t = words(lang);
  const on = (at: string | null) => (at ? formatDate(at, lang, view.timeZone, 'date') : '—');
  switch (view.stage) {
    case 'to_book':
    case 'booked':
    case 'closed':
      return t.stage[view.stage];
    case 'reported':
      return t.stage.reported(on(view.reportedAt));
    case 'rework':
      return t.stage.rework(on(view.contestedAt));
    case 'checked':
      return t.stage.checked(on(view.checkedAt));
  }
}

/** Whom the contractor asks: the landlord, by name, with its public phone when it has one. */
function Contact(props: { landlord: { name: string; phone: string | null }; lang: PageContext['lang'] }) {
  const t = words(props.lang);
  return (
    <section aria-labelledby="contact-title">
      <h2 id="contact-title">{t.contact}</h2>
      <p>
        {t.contactLandlord(props.landlord.name)}
        {props.landlord.phone ? (
          <>
            {' — '}
            <a href={`tel:${props.landlord.phone}`}>{props.landlord.phone}</a>
          </>
        ) : null}
      </p>
    </section>
  );
}

/**
 * A work-order link that no longer opens its order (closed, reassigned, replaced): how and when it ended,
 * by which role, the reference, "nothing left to do" and whom to ask. Only what the contractor saw before:
 * no tenant name, phone, unit, access notes or description.
 */
export function endedWorkOrderPage(page: PageContext, ended: EndedWorkOrder) {
  const { lang } = page;
  const t = words(lang);
  const on = formatDate(ended.endedAt, lang, ended.timeZone, 'date');
  const by = ended.endedByRole ? t.byRole(say(ROLE_LABELS, ended.endedByRole, lang)) : '';
  const signedInContractor = page.principal.kind === 'user' && page.principal.role === 'contractor';
  return (
    <Layout page={page} title={t.endedTitle(ended.reference)}>
      <h1>
        {t.heading} <span class="reference">{ended.reference}</span>
      </h1>
      <p class="muted">{t.forContractor(ended.contractor)}</p>
      <section class="box work-stage" aria-labelledby="stage-title">
        <h2 id="stage-title">{t.whereWeAre}</h2>
        <p data-ended={ended.reason}>{t.ended[ended.reason](on, by)}</p>
        <p>
          <strong>{t.nothingLeft}</strong>
        </p>
      </section>
      <dl class="facts">
        <dt>{t.problem}</dt>
        <dd>{say(CATEGORY_LABELS, ended.category, lang)}</dd>
        {ended.residence ? (
          <>
            <dt>{t.residence}</dt>
            <dd>
              {ended.residence}
              {ended.city ? `, ${ended.city}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      <Contact landlord={ended.landlord} lang={lang} />
      {signedInContractor ? (
        <p>
          <a href="/contractor">{t.myOrders}</a>
        </p>
      ) : null}
    </Layout>
  );
}
