import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { Button } from './components';
import { formValues, transitionRefusal } from './forms';
import type { FormState, TransitionRefusal } from './forms';
import { seeOther, sendPage } from './page';

/** How a link holder's post ended: done, or refused with its status and, for a conflict, what to say. */
export type LinkOutcome = { done: true } | { status: 400 | 409; notice?: string };

/**
 * A link holder's post — the tenant's `/t/:token/:action`, the contractor's `/w/:token/:action` — in one
 * flow, so both holders are answered the same way:
 * 1. an action the link never offers (`offered`) is a 404, before anything is read;
 * 2. `act` checks the posted form (writing its field errors into `form.errors`) and calls the service;
 * 3. a transition the domain refuses — 400 with fields, 409 — becomes an outcome through `refused`; any
 *    other error is thrown again, for the page error filter;
 * 4. done: 303 to `<home>?done=<action>`; refused: `render` draws the holder's page again with what was
 *    typed, answered with the outcome's status.
 */
export async function linkHolderAction(opts: {
  action: string;
  offered: readonly string[];
  body: unknown;
  /** The holder's page (`/t/<token>`, `/w/<token>`), where a done action returns. */
  home: string;
  reply: FastifyReply;
  act: (form: FormState) => Promise<LinkOutcome>;
  refused: (refusal: TransitionRefusal, error: unknown, form: FormState) => LinkOutcome;
  render: (form: FormState, notice: string | undefined) => Promise<VNode>;
}): Promise<void> {
  if (!opts.offered.includes(opts.action)) {
    throw new DomainError(DomainErrorCode.NotFound, 'No such action');
  }
  const form: FormState = { values: formValues(opts.body), errors: {} };
  let outcome: LinkOutcome;
  try {
    outcome = await opts.act(form);
  } catch (e) {
    outcome = opts.refused(transitionRefusal(e), e, form);
  }
  if ('done' in outcome) return seeOther(opts.reply, `${opts.home}?done=${opts.action}`);
  sendPage(opts.reply, await opts.render(form, outcome.notice), outcome.status);
}

/** The case's version a link holder's form posts back, so a stale page gets a 409, not a lost update. */
export function VersionField(props: { version: number }) {
  return <input type="hidden" name="expectedVersion" value={String(props.version)} />;
}

/**
 * One action's form on a link holder's page: posts to `<base>/<action>` (checked on the server, so the
 * browser's own checks are off), with the case's version when the action is a transition, the action's
 * fields, and its button.
 */
export function LinkActionForm(props: {
  base: string;
  action: string;
  version?: number;
  button: ComponentChildren;
  kind?: 'primary' | 'secondary';
  children?: ComponentChildren;
}) {
  return (
    <form method="post" action={`${props.base}/${props.action}`} noValidate>
      {props.version === undefined ? null : <VersionField version={props.version} />}
      {props.children}
      <Button kind={props.kind}>{props.button}</Button>
    </form>
  );
}
