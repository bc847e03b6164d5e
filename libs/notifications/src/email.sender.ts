import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { MessageSink } from './message-sink';

export interface Email {
  to: string;
  subject: string;
  text: string;
  /** Our notification id, as a header: lets a mailbox or the provider's logs be matched to the outbox. */
  notificationId: string;
}

/** nodemailer behind one method: pooled SMTP from SMTP_URL, or the development sink. */
@Injectable()
export class EmailSender implements OnModuleDestroy {
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MessageSink) private readonly sink: MessageSink,
  ) {
    const url = config.notifications.smtpUrl;
    this.transport = url
      ? createTransport({
          url,
          pool: true,
          maxConnections: 10,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
        } as Parameters<typeof createTransport>[0])
      : null;
  }

  /** Sends and answers the provider's message id; throws the transport's error as it is. */
  async send(email: Email): Promise<string> {
    if (!this.transport) {
      return this.sink.write({ channel: 'email', to: email.to, subject: email.subject, text: email.text });
    }
    const info = await this.transport.sendMail({
      from: this.config.notifications.mailFrom,
      to: email.to,
      subject: email.subject,
      text: email.text,
      headers: { 'X-Suivi-Notification': email.notificationId },
    });
    return String(info.messageId);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
