import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { Audience, Channel, SendFailure } from '@suivi/domain';
import type { MessageFacts } from './message-facts';

/** A delivery state of an outbox row (see NotificationEntity). */
export type NotificationStatus =
  | 'pending'
  | 'queued'
  | 'retrying'
  | 'sending'
  | 'sent'
  | 'delivered'
  | 'undelivered'
  | 'failed'
  | 'unknown'
  | 'suppressed'
  | 'superseded';

/** One outbox row to write for an event: a recipient on one channel. */
export interface NewNotification {
  audience: Audience;
  /** '' for the tenant; the contractor's or staff member's id otherwise. */
  recipientId: string;
  channel: Channel;
  address: string;
  locale: 'fr' | 'en';
  /** Not sent before this time (a non-urgent SMS waits for daytime). */
  notBefore: Date;
  /** Held for the morning by the landlord's quiet hours (notBefore is later than the event). */
  held: boolean;
}

/** An outbox row as the delivery reads it. */
export interface NotificationRow {
  id: string;
  status: NotificationStatus;
  complaintId: string;
  seq: number;
  audience: Audience;
  recipientId: string;
  channel: 'email' | 'sms';
  address: string;
  locale: 'fr' | 'en';
  template: string;
  /** What the message tells, stored when the row was written; null on rows written before that. */
  facts: MessageFacts | null;
  /** How many earlier held messages this one sums up (0: a message about its own event). */
  summarises: number;
  /** Held for the morning by quiet hours. */
  held: boolean;
}

/** A row for the relay or the re-feed: what its queue job needs. */
export interface QueueableRow {
  id: string;
  channel: 'email' | 'sms';
  attempts: number;
  jobId: string | null;
}

/** An 'unknown' row due for reconciliation. */
export interface UnknownRow {
  id: string;
  channel: 'email' | 'sms';
  createdAt: Date;
  attempts: number;
}

type Runner = Pick<EntityManager, 'query'>;

/** TypeORM answers an UPDATE … RETURNING with [rows, count]. */
type Updated = [unknown[], number];

/**
 * The owner of the `notifications` table (the outbox) and of `webhook_receipts`: every statement on them
 * from the notifications capability is here. Status changes are conditional updates (`from` states), so
 * concurrent workers never move a row backwards; each answers whether it changed the row.
 */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Writes an event's rows in the caller's transaction, keyed (complaint, seq, audience, recipient,
   * channel, request_key): a row already written is skipped. Answers how many were written.
   */
  async insertForEvent(
    em: Runner,
    event: { complaintId: string; seq: number; template: string },
    rows: NewNotification[],
    facts: MessageFacts,
  ): Promise<number> {
    const inserted: unknown[] = await em.query(
      `INSERT INTO notifications (complaint_id, seq, template, facts, audience, recipient_id, channel, address, locale, not_before, held)
       SELECT $1, $2, $3, $4::jsonb, r.* FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::boolean[])
              AS r(audience, recipient_id, channel, address, locale, not_before, held)
       ON CONFLICT ON CONSTRAINT "UQ_notifications_idempotency" DO NOTHING
       RETURNING id`,
      [
        event.complaintId,
        event.seq,
        event.template,
        JSON.stringify(facts),
        rows.map((r) => r.audience),
        rows.map((r) => r.recipientId),
        rows.map((r) => r.channel),
        rows.map((r) => r.address),
        rows.map((r) => r.locale),
        rows.map((r) => r.notBefore),
        rows.map((r) => r.held),
      ],
    );
    return inserted.length;
  }

  /**
   * Writes one tenant message a person asked for, sent at once, keyed by the request's id
   * (`requestKey`): false when that request's row exists already.
   */
  async insertRequested(row: {
    complaintId: string;
    seq: number;
    template: string;
    channel: Channel;
    address: string;
    locale: 'fr' | 'en';
    requestKey: string;
    facts: MessageFacts | null;
  }): Promise<boolean> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO notifications
              (complaint_id, seq, template, audience, recipient_id, channel, address, locale, not_before, request_key, facts)
       VALUES ($1, $2, $3, 'tenant', '', $4, $5, $6, now(), $7, $8::jsonb)
       ON CONFLICT ON CONSTRAINT "UQ_notifications_idempotency" DO NOTHING
       RETURNING id`,
      [
        row.complaintId,
        row.seq,
        row.template,
        row.channel,
        row.address,
        row.locale,
        row.requestKey,
        row.facts === null ? null : JSON.stringify(row.facts),
      ],
    );
    return inserted.length === 1;
  }

  /**
   * One relay batch in one transaction: claims up to `limit` due pending rows (FOR UPDATE SKIP LOCKED, so
   * relays share the work), oldest first and in event order, lets `enqueue` add their jobs and answer each
   * row's job id, then marks them queued. If `enqueue` throws, the transaction rolls back and the rows stay
   * pending. Answers the count.
   */
  relayDue(limit: number, enqueue: (rows: QueueableRow[]) => Promise<string[]>): Promise<number> {
    return this.db.transaction(async (em) => {
      const rows: QueueableRow[] = await em.query(
        `SELECT id, channel, attempts, job_id AS "jobId" FROM notifications
          WHERE status = 'pending' AND not_before <= now()
          ORDER BY not_before, seq LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      const jobIds = await enqueue(rows);
      await em.query(
        `UPDATE notifications n SET status = 'queued', job_id = j.job_id, queued_at = now(), updated_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS j(id, job_id) WHERE n.id = j.id`,
        [rows.map((r) => r.id), jobIds],
      );
      return rows.length;
    });
  }

  /**
   * Quiet hours' end (issue 16), just before a held SMS is sent. When a later message of the complaint's
   * events went or goes to the same recipient on the same channel (pending, queued, retrying, sending, sent
   * or delivered), the row becomes `superseded` (if still in `from`) and answers `superseded`: the tenant is
   * told where the case stands, not every step of the night. Otherwise the row is the latest, and counts
   * the held messages it now sums up — the earlier held ones since the last one that went — in `summarises`
   * (kept when already higher, for a resent row), answered. Each row decides from rows written before it
   * was due, so concurrent deliveries of one night's rows agree. Null when the row is not in `from`.
   */
  async mergeHeld(
    id: string,
    from: readonly NotificationStatus[],
  ): Promise<{ superseded: true } | { summarises: number } | null> {
    const group = `m.complaint_id = n.complaint_id AND m.audience = n.audience AND m.recipient_id = n.recipient_id
                   AND m.channel = n.channel AND m.request_key = ''`;
    const [gone]: Updated = await this.db.query(
      `UPDATE notifications n SET status = 'superseded', error_code = 'superseded',
              error = 'overtaken by a later message while held for quiet hours', updated_at = now()
        WHERE n.id = $1 AND n.status = ANY($2::text[]) AND n.held AND n.request_key = ''
          AND EXISTS (SELECT 1 FROM notifications m WHERE ${group} AND m.seq > n.seq
                         AND m.status IN ('pending', 'queued', 'retrying', 'sending', 'sent', 'delivered'))
        RETURNING n.id`,
      [id, from],
    );
    if (gone.length === 1) return { superseded: true };
    const [kept]: [{ summarises: number }[], number] = await this.db.query(
      `UPDATE notifications n SET summarises = greatest(n.summarises, (
                SELECT count(*)::int FROM notifications m
                 WHERE ${group} AND m.seq < n.seq AND m.held
                   AND m.status IN ('pending', 'queued', 'retrying', 'superseded')
                   AND m.seq > coalesce((SELECT max(s.seq) FROM notifications s
                                          WHERE s.complaint_id = n.complaint_id AND s.audience = n.audience
                                            AND s.recipient_id = n.recipient_id AND s.channel = n.channel
                                            AND s.request_key = '' AND s.seq < n.seq
                                            AND s.status IN ('sending', 'sent', 'delivered', 'unknown')), 0)))
        WHERE n.id = $1 AND n.status = ANY($2::text[])
        RETURNING n.summarises`,
      [id, from],
    );
    return kept.length === 1 ? { summarises: kept[0].summarises } : null;
  }

  /**
   * A tenant's SMS that ended `failed` or `undelivered` falls back to e-mail (issue 16): one e-mail row
   * with the same event, template and facts, to `email`, keyed `fallback:<sms id>` so it is written once.
   * Nothing is written when the SMS row is not a tenant's, or when that event already has an e-mail to the
   * tenant (sent, or failed: the same address would fail again). Answers whether a row was written.
   */
  async insertEmailFallback(smsId: string, email: string): Promise<boolean> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO notifications (complaint_id, seq, template, facts, audience, recipient_id, channel, address,
                                  locale, not_before, request_key, summarises)
       SELECT n.complaint_id, n.seq, n.template, n.facts, 'tenant', '', 'email', $2, n.locale, now(),
              'fallback:' || n.id::text, n.summarises
         FROM notifications n
        WHERE n.id = $1 AND n.audience = 'tenant' AND n.channel = 'sms' AND n.status IN ('failed', 'undelivered')
          AND NOT EXISTS (SELECT 1 FROM notifications e
                           WHERE e.complaint_id = n.complaint_id AND e.seq = n.seq AND e.audience = 'tenant'
                             AND e.channel = 'email' AND e.request_key = '')
       ON CONFLICT ON CONSTRAINT "UQ_notifications_idempotency" DO NOTHING
       RETURNING id`,
      [smsId, email],
    );
    return inserted.length === 1;
  }

  /**
   * The latest message of a complaint's events to one recipient (any channel): its event, template and
   * facts — what that recipient was last told, the case as it stands for them. Null when there is none.
   */
  async latestFor(
    complaintId: string,
    audience: Audience,
    recipientId: string,
  ): Promise<{ seq: number; template: string; facts: MessageFacts | null } | null> {
    const [row]: { seq: number; template: string; facts: MessageFacts | null }[] = await this.db.query(
      `SELECT seq, template, facts FROM notifications
        WHERE complaint_id = $1 AND audience = $2 AND recipient_id = $3 AND request_key = ''
        ORDER BY seq DESC, facts IS NULL LIMIT 1`,
      [complaintId, audience, recipientId],
    );
    return row ?? null;
  }

  /**
   * An agent's resend (issue 16): the row goes back to the outbox if it is in one of `from`, to `address`
   * (the one on file now), not before `notBefore`, telling `template` with `facts` (the case as it stands
   * now) and standing for `summarises` earlier messages. False when the row was not in `from`.
   */
  async requeue(
    id: string,
    from: readonly NotificationStatus[],
    change: {
      address: string;
      notBefore: Date;
      held: boolean;
      template: string;
      facts: MessageFacts | null;
      summarises: number;
    },
  ): Promise<boolean> {
    const [rows]: Updated = await this.db.query(
      `UPDATE notifications SET status = 'pending', address = $3, not_before = $4, held = $5, template = $6,
              facts = coalesce($7::jsonb, facts), summarises = $8, updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [
        id,
        from,
        change.address,
        change.notBefore,
        change.held,
        change.template,
        change.facts === null ? null : JSON.stringify(change.facts),
        change.summarises,
      ],
    );
    return rows.length === 1;
  }

  /** The row a provider's id names: its id, complaint, audience and channel; null when none. */
  async byProviderId(
    providerId: string,
  ): Promise<{ id: string; complaintId: string; audience: Audience; channel: 'email' | 'sms' } | null> {
    const [row]: { id: string; complaintId: string; audience: Audience; channel: 'email' | 'sms' }[] =
      await this.db.query(
        `SELECT id, complaint_id AS "complaintId", audience, channel FROM notifications WHERE provider_id = $1`,
        [providerId],
      );
    return row ?? null;
  }

  /**
   * Rows 'queued' or 'retrying' unchanged for more than `olderThanMs`, oldest first, with `stamp`: their
   * `updated_at` as text, to the microsecond (see `unchangedSince`).
   */
  stale(olderThanMs: number, limit: number): Promise<(Omit<QueueableRow, 'attempts'> & { stamp: string })[]> {
    return this.db.query(
      `SELECT id, channel, job_id AS "jobId", updated_at::text AS stamp FROM notifications
        WHERE status IN ('queued', 'retrying') AND updated_at < now() - $1 * interval '1 millisecond'
        ORDER BY updated_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  /** The ids among `rows` still queued or retrying under the same job id and `updated_at` stamp. */
  async unchangedSince(rows: { id: string; jobId: string; stamp: string }[]): Promise<Set<string>> {
    const unchanged: { id: string }[] = await this.db.query(
      `SELECT n.id FROM notifications n
         JOIN unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS j(id, job_id, stamp) ON n.id = j.id
        WHERE n.status IN ('queued', 'retrying') AND coalesce(n.job_id, n.id::text) = j.job_id
          AND n.updated_at = j.stamp`,
      [rows.map((r) => r.id), rows.map((r) => r.jobId), rows.map((r) => r.stamp)],
    );
    return new Set(unchanged.map((r) => r.id));
  }

  /** Notifications counted by channel and delivery status (for /metrics). */
  countsByChannelAndStatus(): Promise<{ channel: string; status: string; n: number }[]> {
    return this.db.query(
      'SELECT channel, status, count(*)::int AS n FROM notifications GROUP BY channel, status',
    );
  }

  /** Rows waiting for the relay now (night-time SMS excluded), and the oldest one's age in seconds. */
  async backlog(): Promise<{ pending: number; oldestSeconds: number | null }> {
    const [row]: { pending: number; oldest: number | null }[] = await this.db.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(not_before))::float AS oldest
         FROM notifications WHERE status = 'pending' AND not_before <= now()`,
    );
    return { pending: row.pending, oldestSeconds: row.oldest };
  }

  /** One row for its delivery, or null when it is gone. */
  async find(id: string): Promise<NotificationRow | null> {
    const [row]: NotificationRow[] = await this.db.query(
      `SELECT id, status, complaint_id AS "complaintId", seq, audience, recipient_id AS "recipientId", channel,
              address, locale, template, facts, summarises, held
         FROM notifications WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The one update that makes a send uncertain ('sending', one more attempt); false when the row was not in `from`. */
  async markSending(id: string, from: readonly NotificationStatus[]): Promise<boolean> {
    const [rows]: Updated = await this.db.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [id, from],
    );
    return rows.length === 1;
  }

  /** A send the provider took: 'sent' with its id, errors cleared. */
  async markSent(id: string, providerId: string): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = 'sent', provider_id = $2, sent_at = now(), updated_at = now(),
              error_code = NULL, error = NULL
        WHERE id = $1 AND status = 'sending'`,
      [id, providerId],
    );
  }

  /** Settles a row in `status` with the failure's code and message (cut to 1,000 characters), if in `from`. */
  async finish(
    id: string,
    status: NotificationStatus,
    failure: Pick<SendFailure, 'code' | 'message'>,
    from: readonly NotificationStatus[],
  ): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = $2, error_code = $3, error = $4, updated_at = now()
        WHERE id = $1 AND status = ANY($5::text[])`,
      [id, status, failure.code, failure.message.slice(0, 1000), from],
    );
  }

  /** Rows still 'sending' after `olderThanMs` lost their process mid-send: they become 'unknown'. Answers the count. */
  async markInterrupted(olderThanMs: number): Promise<number> {
    const [rows]: Updated = await this.db.query(
      `UPDATE notifications SET status = 'unknown', error_code = 'interrupted',
              error = 'the sending process stopped mid-send', updated_at = now()
        WHERE status = 'sending' AND updated_at < now() - $1 * interval '1 millisecond' RETURNING id`,
      [olderThanMs],
    );
    return rows.length;
  }

  /** 'unknown' rows unchanged for `olderThanMs`, with fewer than `maxAttempts` sends, oldest first. */
  unknownDue(olderThanMs: number, maxAttempts: number, limit: number): Promise<UnknownRow[]> {
    return this.db.query(
      `SELECT id, channel, created_at AS "createdAt", attempts FROM notifications
        WHERE status = 'unknown' AND updated_at < now() - $1 * interval '1 millisecond' AND attempts < $2
        ORDER BY updated_at LIMIT $3`,
      [olderThanMs, maxAttempts, limit],
    );
  }

  /**
   * An 'unknown' row found at the provider: 'sent' with its id. False when the row is no longer unknown.
   * @throws the unique violation of UQ_notifications_provider_id when that id is another row's.
   */
  async markFoundSent(id: string, providerId: string): Promise<boolean> {
    const [rows]: Updated = await this.db.query(
      `UPDATE notifications SET status = 'sent', provider_id = $2, sent_at = coalesce(sent_at, now()),
              error_code = NULL, error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'unknown' RETURNING id`,
      [id, providerId],
    );
    return rows.length === 1;
  }

  /** An 'unknown' row goes back to the outbox, to be sent again now. False when it is no longer unknown. */
  async resendUnknown(id: string): Promise<boolean> {
    const [rows]: Updated = await this.db.query(
      `UPDATE notifications SET status = 'pending', not_before = now(), error_code = 'reconciled_resend',
              error = 'outcome unclear: sent again', updated_at = now()
        WHERE id = $1 AND status = 'unknown' RETURNING id`,
      [id],
    );
    return rows.length === 1;
  }

  /**
   * A provider's delivery report: the row sent under `providerId` moves to `status` if it is in one of
   * `from`, with the provider's error code (prefixed `twilio_`) when given. False when no row moved.
   */
  async applyDeliveryReport(input: {
    providerId: string;
    status: string;
    errorCode: string | null;
    from: string[];
  }): Promise<boolean> {
    const [rows]: Updated = await this.db.query(
      `UPDATE notifications
          SET status = $2::varchar, updated_at = now(),
              delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() ELSE delivered_at END,
              error_code = CASE WHEN $3::text IS NULL THEN error_code ELSE 'twilio_' || $3 END
        WHERE provider_id = $1 AND status = ANY($4::text[])
        RETURNING id`,
      [input.providerId, input.status, input.errorCode, input.from],
    );
    return rows.length > 0;
  }

  /** Records a webhook delivery (key cut to 80 characters); false when it was recorded before. */
  async firstReceipt(kind: 'sms_status' | 'sms_inbound', key: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO webhook_receipts (kind, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key`,
      [kind, key.slice(0, 80)],
    );
    return rows.length > 0;
  }
}
