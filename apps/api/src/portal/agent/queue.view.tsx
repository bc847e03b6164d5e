/**
 * The agents' queue: filters, counts, the list of cases with their next deadline, paging.
 */
import { ComplaintsService } from '@suivi/complaints';
import type { ComplaintSummary } from '@suivi/complaints';
import {
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_STATES,
  HOLD_REASON_LABELS,
  INTAKE_CHANNELS,
  STAGE_LABELS,
  STATUS_LABELS,
} from '@suivi/domain';
import { Choices, Deadline, ErrorSummary, Notice, Select, Table } from '../components';
import type { Option } from '../components';
import { levelLabel } from '../complaint-parts';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { categoryOptions } from './filing-form';
import { NoSearchResult, QueueSearch } from './queue-search.view';
import { agentWords } from './queue.words';
import { StaffNav } from './staff-nav';

export const PAGE_SIZE = 25;
/** A next deadline this close is marked "due soon". */
const DUE_SOON_MS = 24 * 3_600_000;

/** Channels a request reaches the front desk by (the web and partners file themselves). */
export const DESK_CHANNELS = INTAKE_CHANNELS.filter((c) => c !== 'web' && c !== 'partner');
const FILTERS = ['q', 'landlord', 'status', 'agency', 'category', 'urgency', 'channel', 'overdue'] as const;

export const filingYes = (lang: Lang) => (lang === 'fr' ? 'Oui' : 'Yes');
export const filingNo = (lang: Lang) => (lang === 'fr' ? 'Non' : 'No');

type QueueList = Awaited<ReturnType<ComplaintsService['list']>>;
type QueueCounts = Awaited<ReturnType<ComplaintsService['counts']>>;

/** The queue with the current filters kept in every link (`page` changed, `lang` left to the cookie). */
function queueHref(form: FormState, changes: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = key in changes ? changes[key] : form.values[key];
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  const pageNumber = 'page' in changes ? changes.page : null;
  if (pageNumber && pageNumber !== '1') params.set('page', pageNumber);
  const query = params.toString();
  return query ? `/agent?${query}` : '/agent';
}

/** Overdue, due soon, or neither: in words, not only in colour. */
/** A tenant's message that failed (issue 16), in words: the agent corrects the address and resends it. */
function FailedMessageBadge(props: { channel: 'sms' | 'email' | null; lang: Lang }) {
  if (!props.channel) return null;
  return (
    <>
      {' '}
      <span class="badge overdue">{agentWords(props.lang).messageFailed(props.channel)}</span>
    </>
  );
}

export function DueBadge(props: { nextDue: ComplaintSummary['nextDue']; lang: Lang }) {
  const t = agentWords(props.lang);
  if (!props.nextDue) return null;
  if (props.nextDue.overdue) return <span class="badge overdue">{t.overdue}</span>;
  if (Date.parse(props.nextDue.at) - Date.now() < DUE_SOON_MS)
    return <span class="badge soon">{t.soon}</span>;
  return null;
}

export function QueuePage(props: {
  page: PageContext;
  form: FormState;
  list: QueueList;
  counts: QueueCounts;
  choices: { timeZones: Record<string, string>; landlords: Option[]; agencies: Option[]; levels: Option[] };
}) {
  const { page, form, list, counts, choices } = props;
  const lang = page.lang;
  const t = agentWords(lang);
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const first = list.total === 0 ? 0 : (list.page - 1) * list.pageSize + 1;
  const last = Math.min(list.total, list.page * list.pageSize);
  const q = typeof form.values.q === 'string' && !form.errors.q ? form.values.q.trim() : '';
  // The filters fold away (a native <details>, no script) so the cases fill the first screen; they stay
  // open while one is in use or refused, so the agent sees what narrows the list.
  const filtering =
    FILTERS.some((key) => key !== 'q' && form.values[key]) || Object.keys(form.errors).length > 0;
  return (
    <Layout page={page} title={t.queue} wide>
      <StaffNav lang={lang} current="/agent" />
      <div class="queue-head">
        <h1>{t.queue}</h1>
        <QueueSearch form={form} lang={lang} />
      </div>
      <ErrorSummary
        form={form}
        lang={lang}
        labels={{ status: t.status, agency: t.agency, category: t.category, q: t.searchLabel }}
      />
      <section aria-labelledby="counts-title" class="queue-counts">
        <h2 id="counts-title" class="visually-hidden">
          {t.counts}
        </h2>
        <p>
          <strong>{q ? t.searchResults(counts.total, q) : t.matching(counts.total)}</strong>
          {counts.overdue > 0 ? (
            <>
              {', '}
              <a href={queueHref(form, { overdue: 'true', page: null })}>
                <span class="badge overdue">{t.overdueCount(counts.overdue)}</span>
              </a>
            </>
          ) : null}
          <span class="visually-hidden"> — {t.byStatus} :</span>
        </p>
        <ul class="status-counts">
          {COMPLAINT_STATES.map((state) => {
            const count = counts.byStatus[state];
            return (
              <li key={state}>
                <a href={queueHref(form, { status: state, page: null })}>
                  {say(STATUS_LABELS, state, lang)} : {count?.total ?? 0}
                </a>
                {count?.overdue ? ` (${t.overdueCount(count.overdue)})` : ''}
              </li>
            );
          })}
        </ul>
      </section>
      <details class="filters-form" open={filtering}>
        <summary>
          <h2 id="filters-title">{t.filters}</h2>
        </summary>
        <form method="get" action="/agent" aria-labelledby="filters-title">
          {q ? <input type="hidden" name="q" value={q} /> : null}
          <div class="filters">
            {choices.landlords.length > 1 ? (
              <Select
                name="landlord"
                label={t.landlord}
                form={form}
                lang={lang}
                placeholder={t.all}
                options={choices.landlords}
              />
            ) : null}
            <Select
              name="status"
              label={t.status}
              form={form}
              lang={lang}
              placeholder={t.all}
              options={COMPLAINT_STATES.map((s) => ({ value: s, label: say(STATUS_LABELS, s, lang) }))}
            />
            <Select
              name="agency"
              label={t.agency}
              form={form}
              lang={lang}
              placeholder={t.all}
              options={choices.agencies}
            />
            <Select
              name="category"
              label={t.category}
              form={form}
              lang={lang}
              placeholder={t.all}
              options={categoryOptions(lang)}
            />
            <Select
              name="urgency"
              label={t.urgency}
              form={form}
              lang={lang}
              placeholder={t.all}
              options={choices.levels}
            />
            <Select
              name="channel"
              label={t.channel}
              form={form}
              lang={lang}
              placeholder={t.all}
              options={INTAKE_CHANNELS.map((c) => ({ value: c, label: say(CHANNEL_LABELS, c, lang) }))}
            />
          </div>
          <Choices
            name="overdue"
            label={t.overdue}
            form={form}
            lang={lang}
            multiple
            options={[{ value: 'true', label: t.overdueOnly }]}
          />
          <div class="actions">
            <button type="submit" class="button primary">
              {t.apply}
            </button>
            <a class="button secondary" href="/agent">
              {t.reset}
            </a>
          </div>
        </form>
      </details>
      {list.items.length === 0 ? (
        q ? (
          <NoSearchResult q={q} lang={lang} />
        ) : (
          <Notice>{t.none}</Notice>
        )
      ) : (
        <Table
          caption={t.table(first, last, list.total)}
          head={[t.reference, t.status, t.category, t.urgency, t.place, t.channel, t.nextDue]}
        >
          {list.items.map((c) => (
            <tr
              key={c.reference}
              class={c.nextDue?.overdue ? 'overdue' : undefined}
              data-reference={c.reference}
            >
              <th scope="row">
                <a class="queue-ref" href={`/agent/complaints/${c.reference}`}>
                  {c.reference}
                </a>
              </th>
              <td>
                {say(STATUS_LABELS, c.status, lang)}
                {c.worksReported ? (
                  <>
                    {' '}
                    <span class="badge check">{t.worksReported}</span>
                  </>
                ) : null}
                {c.escalated ? (
                  <>
                    {' '}
                    <span class="badge escalated">{t.escalated}</span>
                  </>
                ) : null}
                <FailedMessageBadge channel={c.messageFailed} lang={lang} />
                {c.onHold ? (
                  <>
                    {' '}
                    <span class="badge soon">
                      {t.onHold} : {say(HOLD_REASON_LABELS, c.onHold, lang)}
                    </span>
                  </>
                ) : null}
              </td>
              <td>{say(CATEGORY_LABELS, c.category, lang)}</td>
              <td>
                {c.emergency ? (
                  <>
                    <span class="badge emergency">{t.emergency}</span>
                    {c.urgency && levelLabel(c.urgency, lang) !== t.emergency
                      ? ` ${levelLabel(c.urgency, lang)}`
                      : null}
                  </>
                ) : c.urgency ? (
                  levelLabel(c.urgency, lang)
                ) : (
                  '—'
                )}
                {c.safetyReview ? (
                  <>
                    {' '}
                    <span class="badge review">{t.safetyReview}</span>
                  </>
                ) : null}
              </td>
              <td>{[c.residence, c.agency].filter(Boolean).join(' · ') || '—'}</td>
              <td>{say(CHANNEL_LABELS, c.channel, lang)}</td>
              <td>
                {c.nextDue ? (
                  <>
                    <DueBadge nextDue={c.nextDue} lang={lang} />{' '}
                    {c.breached && !c.nextDue.overdue ? (
                      <>
                        <span class="badge breached">{t.breached}</span>{' '}
                      </>
                    ) : null}
                    {say(STAGE_LABELS, c.nextDue.stage, lang)} :{' '}
                    <Deadline
                      at={c.nextDue.at}
                      lang={lang}
                      timeZone={choices.timeZones[c.landlord] ?? 'Europe/Paris'}
                    />
                  </>
                ) : c.breached ? (
                  <span class="badge breached">{t.breached}</span>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label={t.pagination}>
          {list.page > 1 ? (
            <a href={queueHref(form, { page: String(list.page - 1) })} rel="prev">
              {t.previous}
            </a>
          ) : (
            <span />
          )}
          <span>{t.pageOf(list.page, pages)}</span>
          {list.page < pages ? (
            <a href={queueHref(form, { page: String(list.page + 1) })} rel="next">
              {t.next}
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </Layout>
  );
}
