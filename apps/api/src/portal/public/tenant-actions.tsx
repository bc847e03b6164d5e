import { TENANT_ACTIONS } from '@suivi/complaints';
import type { LinksService } from '@suivi/complaints';
import { ACTION_LABELS } from '@suivi/domain';
import { Button, Choices, ErrorSummary, Notice, TextArea } from '../components';
import type { FormState } from '../forms';
import { LinkActionForm, VersionField } from '../link-actions';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { actionWords } from './tenant-actions.words';

type TrackingView = Awaited<ReturnType<LinksService['trackingView']>>;
const WITH_TEXT = ['note', 'reject_works', 'reopen', 'escalate'] as const;
/** Every action a tenant's form may post: the transitions, and the rating once closed. */
export const ALL_TENANT_ACTIONS = [...TENANT_ACTIONS, 'rate'] as const;

/** The tenant's actions the complaint allows now, each a small form posting to `/t/:token/<action>`. */
export function TenantActions(props: {
  view: TrackingView;
  token: string;
  lang: Lang;
  form: FormState;
  /** The action whose form was refused (its disclosure stays open). */
  open?: string;
}) {
  const { view, token, lang, form } = props;
  const t = actionWords(lang);
  const available = view.tenantActions;
  if (available.length === 0) return null;
  const base = `/t/${token}`;
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t.yourActions}</h2>
      <ErrorSummary
        form={form}
        lang={lang}
        labels={Object.fromEntries(WITH_TEXT.map((a) => [`${a}.text`, t.text[a]]))}
      />
      {available.includes('check_works') ? (
        <form method="post" action={`${base}/check_works`} class="box">
          <p>{t.worksQuestion}</p>
          <VersionField version={view.version} />
          <Button>{t.confirmWorks}</Button>
        </form>
      ) : null}
      {WITH_TEXT.filter((action) => available.includes(action)).map((action) => (
        <details key={action} open={props.open === action || undefined}>
          <summary>{say(ACTION_LABELS, action, lang)}</summary>
          <LinkActionForm
            base={base}
            action={action}
            version={view.version}
            button={say(ACTION_LABELS, action, lang)}
            kind={action === 'note' ? 'primary' : 'secondary'}
          >
            <TextArea
              name={`${action}.text`}
              label={t.text[action]}
              hint={t.hint[action]}
              form={form}
              lang={lang}
              required
              rows={4}
              maxLength={5000}
            />
          </LinkActionForm>
        </details>
      ))}
      {available.includes('rate') ? (
        <details open={props.open === 'rate' || undefined}>
          <summary>{t.rate}</summary>
          <LinkActionForm base={base} action="rate" button={t.sendRating}>
            <Choices
              name="rate.score"
              label={t.score}
              hint={t.scoreHint}
              form={form}
              lang={lang}
              required
              inline
              options={['1', '2', '3', '4', '5'].map((n) => ({ value: n, label: n }))}
            />
            <TextArea
              name="rate.comment"
              label={t.comment}
              form={form}
              lang={lang}
              rows={3}
              maxLength={2000}
            />
          </LinkActionForm>
        </details>
      ) : null}
    </section>
  );
}

/** The message shown after an action (303 back with `?done=<action>`). */
export function doneNotice(done: unknown, lang: Lang) {
  const messages = actionWords(lang).done;
  // Only the record's own keys: `?done=constructor` must not find Object's.
  const message = typeof done === 'string' && Object.hasOwn(messages, done) ? messages[done] : undefined;
  return message ? <Notice kind="success">{message}</Notice> : null;
}
