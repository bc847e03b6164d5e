/**
 * The queue's search box: one GET field (works without JavaScript) finding a case by reference, tenant's
 * phone or name, or address (see readSearch in libs/complaints), and what to say when nothing matches.
 */
import { SEARCH_MAX_LENGTH } from '@suivi/complaints';
import { fieldId } from '../components';
import { valueOf } from '../forms';
import type { FormState } from '../forms';
import type { Lang } from '../i18n';
import { agentWords } from './queue.words';

/** The search form: label, hint, the field (with its error beside it), and the button. */
export function QueueSearch(props: { form: FormState; lang: Lang }) {
  const t = agentWords(props.lang);
  const id = fieldId('q');
  const error = props.form.errors.q;
  return (
    <form method="get" action="/agent" role="search" class="queue-search" aria-label={t.searchLabel}>
      <div class={`field${error ? ' has-error' : ''}`}>
        <label for={id}>{t.searchLabel}</label>
        <p class="hint" id={`${id}-hint`}>
          {t.searchHint}
        </p>
        {error ? (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
        <div class="search-row">
          <input
            id={id}
            name="q"
            type="search"
            value={valueOf(props.form, 'q')}
            maxLength={SEARCH_MAX_LENGTH}
            autoComplete="off"
            spellcheck={false}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          />
          <button type="submit" class="button primary">
            {t.search}
          </button>
        </div>
      </div>
    </form>
  );
}

/** Nothing found: the search repeated, what else to try, and the way back to the whole queue. */
export function NoSearchResult(props: { q: string; lang: Lang }) {
  const t = agentWords(props.lang);
  return (
    <div class="notice warning" role="status">
      <p>
        <strong>{t.noResult(props.q)}</strong>
      </p>
      <p>{t.noResultHelp}</p>
      <p>
        <a href="/agent">{t.wholeQueue}</a>
      </p>
    </div>
  );
}
