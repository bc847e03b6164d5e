import { ROLE_LABELS, STAFF_EVENT_LABELS, eventLabel } from '@suivi/domain';
import { Csrf, DateTime, Table } from '../components';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import type { PageContext } from '../page';
import { complaintWords } from './complaint.words';
import type { Detail } from './complaint.types';

/** Every event, public and internal entries alike, internal ones marked in words. */
export function StaffTimeline(props: { detail: Detail; lang: Lang }) {
  const { detail, lang } = props;
  const t = complaintWords(lang);
  const tz = detail.timeZone;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t.timeline}</h2>
      <ol class="timeline">
        {detail.timeline.map((e) => {
          const internalOnly = !!STAFF_EVENT_LABELS[e.action] || (e.action === 'note' && !e.publicText);
          return (
            <li key={e.seq} class={internalOnly ? 'internal' : undefined}>
              <span class="when">
                <DateTime at={e.at} lang={lang} timeZone={tz} />
              </span>
              <strong>{eventLabel(e.action, lang, e.payload)}</strong>{' '}
              <span class="muted">
                ({t.by} {say(ROLE_LABELS, e.actor.role, lang)})
              </span>
              {internalOnly ? (
                <>
                  {' '}
                  <span class="badge internal" title={t.internalHint}>
                    {t.internal}
                  </span>
                </>
              ) : null}
              {e.publicText ? (
                <p>
                  <span class="muted">{t.toTenant} :</span> {e.publicText}
                </p>
              ) : null}
              {e.internalText ? (
                <p>
                  <span class="badge internal">{t.staffOnly}</span> {e.internalText}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Each message and how far it got; failed and unclear ones can be sent again. */
export function Deliveries(props: { page: PageContext; detail: Detail }) {
  const { page, detail } = props;
  const lang = page.lang;
  const t = complaintWords(lang);
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t.messages}</h2>
      {detail.notifications.length === 0 ? (
        <p>{t.noMessages}</p>
      ) : (
        <Table
          caption={t.messagesCaption}
          head={[t.about, t.audience, t.via, t.state, t.attempts, t.error, t.resend]}
        >
          {detail.notifications.map((m) => (
            <tr key={m.id}>
              <th scope="row">{eventLabel(m.about, lang)}</th>
              <td>{say(ROLE_LABELS, m.audience, lang)}</td>
              <td>{t.channels[m.channel] ?? m.channel}</td>
              <td>
                <span
                  class={`badge ${m.status === 'failed' || m.status === 'undelivered' ? 'overdue' : m.status === 'unknown' ? 'soon' : m.status === 'delivered' || m.status === 'sent' ? 'ok' : ''}`}
                >
                  {t.deliveryStates[m.status] ?? m.status}
                </span>
              </td>
              <td class="num">{m.attempts}</td>
              <td>
                {m.error ? (
                  <>
                    {/* In the page's words by its code; the provider's own text only as a technical detail. */}
                    {t.deliveryError(m.error.code)} (<code>{m.error.code}</code>)
                    {m.error.message ? (
                      <details class="provider-text">
                        <summary>{t.providerText}</summary>
                        <span lang="en">{m.error.message}</span>
                      </details>
                    ) : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {m.status === 'failed' || m.status === 'unknown' || m.status === 'undelivered' ? (
                  <form
                    method="post"
                    action={`/agent/complaints/${detail.reference}/notifications/${m.id}/resend`}
                    class="inline"
                  >
                    <Csrf page={page} />
                    <button
                      type="submit"
                      class="button secondary"
                      aria-label={t.resendLabel(eventLabel(m.about, lang))}
                    >
                      {t.resend}
                    </button>
                  </form>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
