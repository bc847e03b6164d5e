import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface ReceivedSms {
  sid: string;
  to: string;
  body: string;
  from: string | undefined;
  statusCallback: string | undefined;
  receivedAt: number;
}

/**
 * Failures on demand, for every `every`-th message request (1 = all): `drop-before-answer` closes the
 * connection without an answer — after taking the message (it counts as received) on the odd faults, before
 * taking it on the even ones, so both sides of the uncertainty occur.
 */
export interface TwilioFault {
  mode: 'drop-before-answer';
  every: number;
}

/**
 * A local HTTP server answering Twilio's REST API for sending messages (POST
 * /2010-04-01/Accounts/{sid}/Messages.json, basic auth, form body) and listing them (GET, filtered by To and
 * DateSent> / DateSent<, one page), so the real twilio SDK runs unchanged.
 * Scripted numbers: +33600000001 is invalid (21211), +33600000002 is rate limited (429, code 20429) on its
 * first two tries.
 */
export class TestTwilioServer {
  readonly accountSid = `AC${'a1'.repeat(16)}`;
  readonly authToken = 'test-twilio-auth-token';
  readonly received: ReceivedSms[] = [];
  private readonly tries = new Map<string, number>();
  /** Set to make the server fail on demand; null to behave. */
  fault: TwilioFault | null = null;
  /** Faults applied so far, and list requests answered. */
  faults = 0;
  lookups = 0;
  private count = 0;
  private server: Server | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  to(number: string): ReceivedSms[] {
    return this.received.filter((m) => m.to === number);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const expectedAuth = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expectedAuth) {
      return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return reply(200, this.list(url.searchParams));
    }
    if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      return reply(404, { code: 20404, message: 'Not found', status: 404 });
    }
    const to = form.get('To') ?? '';
    if (to === '+33600000001') {
      return reply(400, {
        code: 21211,
        message: `The 'To' number ${to} is not a valid phone number.`,
        status: 400,
      });
    }
    if (to === '+33600000002') {
      const n = (this.tries.get(to) ?? 0) + 1;
      this.tries.set(to, n);
      if (n <= 2) return reply(429, { code: 20429, message: 'Too Many Requests', status: 429 });
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const fault = this.fault;
    this.count += 1;
    const drop = fault !== null && this.count % fault.every === 0;
    if (drop) this.faults += 1;
    if (drop && this.faults % 2 === 0) {
      req.socket.destroy();
      return;
    }
    this.received.push({
      sid,
      to,
      body: form.get('Body') ?? '',
      from: form.get('From') ?? undefined,
      statusCallback: form.get('StatusCallback') ?? undefined,
      receivedAt: Date.now(),
    });
    if (drop) {
      req.socket.destroy();
      return;
    }
    reply(201, {
      sid,
      account_sid: this.accountSid,
      to,
      from: form.get('From'),
      body: form.get('Body'),
      status: 'queued',
      num_segments: '1',
      date_created: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json`,
    });
  }

  /** GET Messages.json: the messages to `To` sent within `DateSent>` / `DateSent<`, newest first. */
  private list(query: URLSearchParams): object {
    this.lookups += 1;
    const to = query.get('To');
    const after = query.get('DateSent>');
    const before = query.get('DateSent<');
    const messages = this.received
      .filter((m) => (!to || m.to === to) && (!after || m.receivedAt >= Date.parse(after)))
      .filter((m) => !before || m.receivedAt <= Date.parse(before))
      .sort((a, b) => b.receivedAt - a.receivedAt)
      .map((m) => ({
        sid: m.sid,
        account_sid: this.accountSid,
        to: m.to,
        from: m.from ?? null,
        body: m.body,
        status: 'sent',
        num_segments: '1',
        date_created: new Date(m.receivedAt).toUTCString(),
        date_sent: new Date(m.receivedAt).toUTCString(),
        uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`,
      }));
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages.json`;
    return {
      messages,
      page: 0,
      page_size: messages.length,
      start: 0,
      end: Math.max(messages.length - 1, 0),
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
    };
  }

  stop(): Promise<void> {
    // The SDK keeps connections alive; close them too, or the test process would wait for them.
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
