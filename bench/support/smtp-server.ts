import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  to: string;
  subject: string;
  text: string;
  notificationId: string | undefined;
  /** When the message was fully received (ms since the epoch). */
  receivedAt: number;
}

/**
 * A real SMTP server on loopback, for tests and benchmarks (smtp-server, nodemailer's own): what Suivi sends arrives over SMTP, and
 * replies can be scripted — `reject…@` addresses get 550.
 */
export class TestSmtpServer {
  readonly received: ReceivedEmail[] = [];
  private readonly server = new SMTPServer({
    size: 1024 * 1024,
    maxClients: 100,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const to = address.address;
      if (to.startsWith('reject')) {
        const error = new Error('5.1.1 Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      return callback();
    },
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo) {
            this.received.push({
              to: rcpt.address,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              notificationId: mail.headers.get('x-suivi-notification') as string | undefined,
              receivedAt: Date.now(),
            });
          }
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedEmail[] {
    return this.received.filter((m) => m.to === address);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
