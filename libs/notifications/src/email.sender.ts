import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import type { ProviderError } from '@suivi/domain';
import { MessageSink } from './message-sink';
import { Slots } from './slots';

export interface Email {
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative of `text` (multipart/alternative), when there is one. */
  html?: string;
  /**
   * A tenant's e-mail: the one-click unsubscribe URL (RFC 8058), sent as `List-Unsubscribe` (RFC 2369)
   * with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
   */
  unsubscribeUrl?: string;
  /** Our notification id: the Message-ID is derived from it, and it is sent as a header too. */
  notificationId: string;
}

/** Pooled SMTP connections; as many messages are handed to nodemailer at once, never more. */
const MAX_CONNECTIONS = 10;

/**
 * The Message-ID of a notification's email: the same for every send of that notification, so a resend after
 * an unclear outcome is one message to mail systems (RFC 5322 §3.6.4: one Message-ID, one message), and a
 * mailbox or the provider's logs can be matched to the outbox. `from` gives the domain (RFC 5322 id-right).
 */
export function messageIdOf(notificationId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'suivi.local';
  return `<${notificationId}@${domain}>`;
}

/**
 * nodemailer behind one method: pooled SMTP from SMTP_URL, or the development sink.
 *
 * The outcome of a send is only uncertain once the message itself has gone out, so `send` calls `handOver`
 * (the caller marks the outbox row 'sending') only once one of the pooled connections is free for this
 * message: a message waiting for a connection was never handed to the provider and stays retryable. A
 * failure says how far the SMTP transaction got (`stage`), which the pooled transport does not: it reports a
 * connection lost before DATA and one lost after the message went out alike, as `ECONNECTION` on `CONN`.
 * The pool is closed when the application shuts down, after the workers have finished their jobs.
 */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter | null;
  private readonly slots = new Slots(MAX_CONNECTIONS);
  /** The message stream nodemailer is sending, per Message-ID (to read whether it went out). */
  private readonly streams = new Map<string, Readable>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MessageSink) private readonly sink: MessageSink,
  ) {
    const url = config.notifications.smtpUrl;
    const timeout = config.delivery.providerTimeoutMs;
    this.transport = url
      ? createTransport({
          url,
          pool: true,
          maxConnections: MAX_CONNECTIONS,
          connectionTimeout: Math.min(10_000, timeout),
          greetingTimeout: Math.min(10_000, timeout),
          socketTimeout: timeout,
        } as Parameters<typeof createTransport>[0])
      : null;
    this.transport?.use('stream', (mail: MailMessage, done: (err?: Error | null) => void) => {
      const id = String(mail.data.messageId);
      const message = mail.message as unknown as { createReadStream(): Readable };
      const create = message.createReadStream.bind(message);
      message.createReadStream = () => {
        const stream = create();
        this.streams.set(id, stream);
        return stream;
      };
      done();
    });
  }

  /**
   * Sends and answers the provider's message id, or null when `handOver` answered false (another process
   * took the message: nothing was sent). Throws the transport's error with `stage` set.
   */
  async send(email: Email, handOver: () => Promise<boolean>): Promise<string | null> {
    const messageId = messageIdOf(email.notificationId, this.config.notifications.mailFrom);
    if (!this.transport) {
      if (!(await handOver())) return null;
      return this.sink.write({ channel: 'email', to: email.to, subject: email.subject, text: email.text });
    }
    const release = await this.slots.acquire();
    try {
      if (!(await handOver())) return null;
      const info = await this.transport.sendMail({
        from: this.config.notifications.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.html ? { html: email.html } : {}),
        messageId,
        headers: {
          'X-Suivi-Notification': email.notificationId,
          // Prepared: an address in angle brackets, ASCII, never folded or encoded by nodemailer.
          ...(email.unsubscribeUrl
            ? {
                'List-Unsubscribe': { prepared: true, value: `<${email.unsubscribeUrl}>` },
                'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
              }
            : {}),
        },
      });
      return String(info.messageId);
    } catch (e) {
      const error = e as ProviderError;
      // nodemailer's own test (pool-resource): a message stream never read is a message never sent.
      error.stage = this.streams.get(messageId)?.readableDidRead ? 'message' : 'envelope';
      throw e;
    } finally {
      this.streams.delete(messageId);
      release();
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
