import { cloneElement, isValidElement, toChildArray } from 'preact';
import type { ComponentChildren, JSX, VNode } from 'preact';
import { endsLocalDay } from '@suivi/domain';
import { common, localeTag } from './i18n';
import type { Lang } from './i18n';
import type { FormState } from './forms';
import { sayFieldMessage, valueOf, valuesOf } from './forms';
import type { PageContext } from './page';

export const fieldId = (name: string) => `f-${name.replace(/[^\w-]/g, '-')}`;

/** Dates as people read them, in the landlord's time zone. */
export function formatDate(
  at: string | Date,
  lang: Lang,
  timeZone: string,
  style: 'date' | 'datetime' | 'time' = 'datetime',
): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'date'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : style === 'time'
        ? { hour: '2-digit', minute: '2-digit' }
        : { weekday: 'short', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(localeTag(lang), { ...options, timeZone }).format(
    typeof at === 'string' ? new Date(at) : at,
  );
}

export function DateTime(props: {
  at: string | Date;
  lang: Lang;
  timeZone: string;
  style?: 'date' | 'datetime' | 'time';
}) {
  const iso = typeof props.at === 'string' ? props.at : props.at.toISOString();
  return <time dateTime={iso}>{formatDate(iso, props.lang, props.timeZone, props.style)}</time>;
}

/** The CSRF token of a signed-in person's form (nothing for anonymous forms). */
export function Csrf(props: { page: PageContext }) {
  return props.page.csrf ? <input type="hidden" name="_csrf" value={props.page.csrf} /> : null;
}

/**
 * The list of problems at the top of a refused form, each a link to its field; the messages also sit
 * next to the fields themselves.
 */
export function ErrorSummary(props: { form: FormState; lang: Lang; labels: Record<string, string> }) {
  const entries = Object.entries(props.form.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{common(props.lang).errorSummary}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === '_form' ? (
              sayFieldMessage(message, props.lang)
            ) : (
              <a href={`#${fieldId(field)}`}>
                {props.labels[field] ? `${props.labels[field]} : ` : ''}
                {sayFieldMessage(message, props.lang)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  form: FormState;
  hint?: string;
  required?: boolean;
  lang: Lang;
}

function Label(props: FieldProps & { id: string }) {
  const t = common(props.lang);
  return (
    <label for={props.id}>
      {props.label}
      {props.required ? null : <span class="muted"> ({t.optional})</span>}
    </label>
  );
}

function HintAndError(props: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/**
 * A field's frame: its label, hint and error, then the control `control` draws with the ids and the
 * invalid state those need.
 */
function FieldFrame(
  props: FieldProps & {
    control: (c: { id: string; invalid?: 'true'; describedBy?: string }) => JSX.Element;
  },
) {
  const id = fieldId(props.name);
  const error = localiseErrorOf(props);
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <Label {...props} id={id} />
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.control({
        id,
        invalid: error ? 'true' : undefined,
        describedBy: describedBy(id, props.hint, error),
      })}
    </div>
  );
}

export function TextField(
  props: FieldProps & {
    type?: 'text' | 'email' | 'tel' | 'password' | 'date' | 'datetime-local' | 'number' | 'search' | 'time';
    autoComplete?: string;
    inputMode?: JSX.HTMLAttributes['inputMode'];
    maxLength?: number;
    size?: 'short' | 'medium';
  },
) {
  return (
    <FieldFrame
      {...props}
      control={(c) => (
        <input
          id={c.id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.type === 'password' ? '' : valueOf(props.form, props.name)}
          required={props.required}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          class={props.size}
          aria-invalid={c.invalid}
          aria-describedby={c.describedBy}
        />
      )}
    />
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxLength?: number }) {
  return (
    <FieldFrame
      {...props}
      control={(c) => (
        <textarea
          id={c.id}
          name={props.name}
          rows={props.rows ?? 5}
          required={props.required}
          maxLength={props.maxLength}
          aria-invalid={c.invalid}
          aria-describedby={c.describedBy}
        >
          {valueOf(props.form, props.name)}
        </textarea>
      )}
    />
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function Select(props: FieldProps & { options: Option[]; placeholder?: string }) {
  const current = valueOf(props.form, props.name);
  return (
    <FieldFrame
      {...props}
      control={(c) => (
        <select
          id={c.id}
          name={props.name}
          required={props.required}
          aria-invalid={c.invalid}
          aria-describedby={c.describedBy}
        >
          {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
          {props.options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === current}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** One choice among a few, as a fieldset of radio buttons (or checkboxes with `multiple`). */
export function Choices(props: FieldProps & { options: Option[]; multiple?: boolean; inline?: boolean }) {
  const id = fieldId(props.name);
  const error = localiseErrorOf(props);
  const chosen = props.multiple ? valuesOf(props.form, props.name) : [valueOf(props.form, props.name)];
  const t = common(props.lang);
  return (
    <fieldset
      class={`field${error ? ' has-error' : ''}${props.inline ? ' inline-choices' : ''}`}
      id={id}
      aria-describedby={describedBy(id, props.hint, error)}
    >
      <legend>
        {props.label}
        {props.required ? null : <span class="muted"> ({t.optional})</span>}
      </legend>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.options.map((o, i) => {
        const optionId = `${id}-${i}`;
        return (
          <div class="choice" key={o.value}>
            <input
              type={props.multiple ? 'checkbox' : 'radio'}
              id={optionId}
              name={props.name}
              value={o.value}
              checked={chosen.includes(o.value)}
              required={props.required && !props.multiple && i === 0}
              aria-describedby={o.hint ? `${optionId}-hint` : undefined}
            />
            <label for={optionId}>{o.label}</label>
            {o.hint ? (
              <p class="hint" id={`${optionId}-hint`}>
                {o.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

export function Button(props: { children: ComponentChildren; kind?: 'primary' | 'secondary' | 'danger' }) {
  return (
    <button type="submit" class={`button ${props.kind ?? 'primary'}`}>
      {props.children}
    </button>
  );
}

/** A short message at the top of a page after an action (the `done` query of a redirect). */
export function Notice(props: { children: ComponentChildren; kind?: 'success' | 'info' | 'warning' }) {
  return (
    <div class={`notice ${props.kind ?? 'info'}`} role="status">
      {props.children}
    </div>
  );
}

/**
 * A table with a caption (screen readers announce it). On a narrow screen (under 30rem, so at 320 CSS px
 * and at 200 % zoom) each row stacks into a card, every cell under its column's name (`data-label`, drawn
 * by suivi.css), so the page never scrolls sideways (WCAG 1.4.10). Only when every row is a `<tr>` whose
 * cells match the head one for one can the names be placed; otherwise the table keeps its own scrolling
 * region (focusable, labelled by the caption).
 */
export function Table(props: { caption: string; head: string[]; children: ComponentChildren }) {
  const rows = labelledRows(props.children, props.head);
  return (
    <div class="table-wrap" role="region" aria-label={props.caption} tabIndex={0}>
      <table class={rows ? 'stacked' : undefined}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows ?? props.children}</tbody>
      </table>
    </div>
  );
}

type CellProps = { children?: ComponentChildren };

/** The rows with each cell named after its column (`data-label`), or null when they cannot all be. */
function labelledRows(children: ComponentChildren, head: string[]): VNode[] | null {
  const rows = toChildArray(children);
  const out: VNode[] = [];
  for (const row of rows) {
    if (!isValidElement(row) || row.type !== 'tr') return null;
    const tr = row as VNode<CellProps>;
    const cells = toChildArray(tr.props.children);
    if (cells.length !== head.length) return null;
    if (cells.some((c) => !isValidElement(c) || (c.type !== 'td' && c.type !== 'th'))) return null;
    out.push(
      cloneElement(
        tr,
        {},
        cells.map((c, i) => cloneElement(c as VNode, { 'data-label': head[i] })),
      ),
    );
  }
  return out;
}

/**
 * A deadline. Working-day deadlines end at local midnight, which people read as the day before ("by
 * Tuesday, end of day"), not as "Wednesday 00:00".
 */
export function Deadline(props: { at: string | Date; lang: Lang; timeZone: string }) {
  const at = typeof props.at === 'string' ? new Date(props.at) : props.at;
  if (!endsLocalDay(at, props.timeZone))
    return <DateTime at={at} lang={props.lang} timeZone={props.timeZone} />;
  const lastDay = new Date(at.getTime() - 60_000);
  return (
    <time dateTime={at.toISOString()}>
      {formatDate(lastDay, props.lang, props.timeZone, 'date')}
      {props.lang === 'fr' ? ' (fin de journée)' : ' (end of day)'}
    </time>
  );
}

function localiseErrorOf(props: { form: FormState; name: string; lang: Lang }): string | undefined {
  const message = props.form.errors[props.name];
  return message ? sayFieldMessage(message, props.lang) : undefined;
}
