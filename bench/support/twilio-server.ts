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
 * A local HTTP server answering Twilio's REST API for sending messages (POST
 * /2010-04-01/Accounts/{sid}/Messages.json, basic auth, form body), so the real twilio SDK runs unchanged.
 * Scripted numbers: +33600000001 is invalid (21211), +33600000002 is rate limited (429, code 20429) on its
 * first two tries.
 */
export class TestTwilioServer {
  readonly accountSid = `AC${'a1'.repeat(16)}`;
  readonly authToken = 'test-twilio-auth-token';
  readonly received: ReceivedSms[] = [];
  private readonly tries = new Map<string, number>();
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
    this.received.push({
      sid,
      to,
      body: form.get('Body') ?? '',
      from: form.get('From') ?? undefined,
      statusCallback: form.get('StatusCallback') ?? undefined,
      receivedAt: Date.now(),
    });
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

  stop(): Promise<void> {
    // The SDK keeps connections alive; close them too, or the test process would wait for them.
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
