import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  to: string;
  subject: string;
  text: string;
  /** The HTML alternative, or null when the message has none. */
  html: string | null;
  /** The header fields as sent, by lower-case name (the first of each): `list-unsubscribe`, … */
  headers: Record<string, string>;
  notificationId: string | undefined;
  /** The Message-ID header: a resend of one notification carries the same one. */
  messageId: string | undefined;
  /** When the message was fully received (ms since the epoch). */
  receivedAt: number;
}

/** Header fields as they were sent (unfolded), not as mailparser interprets them (it turns List-* into objects). */
function rawHeaders(lines: readonly { key: string; line: string }[]): Record<string, string> {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const { key, line } of lines) {
    if (!(key in headers))
      headers[key] = line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
  }
  return headers;
}

/**
 * Failures on demand, for every `every`-th message received (1 = all): `drop-after-data` receives the
 * message (it counts as received) and closes the connection before replying; `slow-reply` receives it and
 * replies only after `delayMs` (past the client's socket timeout, the client cannot know it was taken).
 */
export interface SmtpFault {
  mode: 'drop-after-data' | 'slow-reply';
  every: number;
  delayMs?: number;
}

/**
 * A real SMTP server on loopback, for tests and benchmarks (smtp-server, nodemailer's own): what Suivi sends arrives over SMTP, and
 * replies can be scripted — `reject…@` addresses get 550.
 */
export class TestSmtpServer {
  readonly received: ReceivedEmail[] = [];
  /** Set to make the server fail on demand; null to behave. */
  fault: SmtpFault | null = null;
  /** Faults applied so far. */
  faults = 0;
  private count = 0;
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
              html: typeof mail.html === 'string' ? mail.html : null,
              headers: rawHeaders(mail.headerLines),
              notificationId: mail.headers.get('x-suivi-notification') as string | undefined,
              messageId: mail.messageId,
              receivedAt: Date.now(),
            });
          }
          const fault = this.fault;
          this.count += 1;
          if (fault && this.count % fault.every === 0) {
            this.faults += 1;
            if (fault.mode === 'drop-after-data') return this.drop(session.id);
            setTimeout(() => callback(), fault.delayMs ?? 5_000);
            return;
          }
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  port = 0;

  async start(): Promise<this> {
    // A client that vanishes (a worker killed mid-send) is an 'error' on the server: part of the tests.
    this.server.on('error', () => undefined);
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

  /** Closes the client's connection without a reply (smtp-server keeps its connections, with their ids). */
  private drop(sessionId: string): void {
    const connections = (
      this.server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
    ).connections;
    for (const connection of connections) if (connection.id === sessionId) connection._socket.destroy();
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
