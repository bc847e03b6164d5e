import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import type { Twilio } from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { MessageSink } from './message-sink';

export interface Sms {
  to: string;
  body: string;
  /** Where Twilio reports delivery (absent for the sink). */
  statusCallback?: string;
}

/**
 * Sends every request to `origin` instead of Twilio's hosts, keeping path, auth and body: how the tests and
 * the benchmark point the real SDK at a local server that speaks Twilio's REST API.
 */
class OriginRequestClient extends twilio.RequestClient {
  constructor(
    private readonly origin: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    return super.request<TData>({ ...opts, uri: `${this.origin}${url.pathname}${url.search}` });
  }
}

/** The twilio SDK behind one method: a messaging service or a sender number from config, or the sink. */
@Injectable()
export class SmsSender {
  private readonly client: Twilio | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MessageSink) private readonly sink: MessageSink,
  ) {
    const settings = config.notifications.twilio;
    this.client = settings
      ? twilio(settings.accountSid, settings.authToken, {
          // Retries are ours (BullMQ, with the failure classification): the SDK must not resend by itself.
          autoRetry: false,
          timeout: config.delivery.providerTimeoutMs,
          keepAlive: true,
          ...(settings.apiUrl
            ? {
                httpClient: new OriginRequestClient(settings.apiUrl, {
                  timeout: config.delivery.providerTimeoutMs,
                  keepAlive: true,
                }),
              }
            : {}),
        })
      : null;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  /** Sends and answers the provider's message id (SM…); throws the SDK's RestException or network error. */
  async send(sms: Sms): Promise<string> {
    if (!this.client) return this.sink.write({ channel: 'sms', to: sms.to, text: sms.body });
    const settings = this.config.notifications.twilio as NonNullable<AppConfig['notifications']['twilio']>;
    const message = await this.client.messages.create({
      to: sms.to,
      body: sms.body,
      ...(settings.messagingServiceSid
        ? { messagingServiceSid: settings.messagingServiceSid }
        : { from: settings.from as string }),
      ...(sms.statusCallback ? { statusCallback: sms.statusCallback } : {}),
    });
    return message.sid;
  }

  /**
   * Reconciliation: the sids of the messages with this body that Twilio sent to `to` between `from` and
   * `until` (its message list filtered by To and DateSent), oldest first. Throws the SDK's error when Twilio
   * cannot say. The development sink keeps no list: there, nothing is found.
   */
  async findSent(sms: { to: string; body: string }, from: Date, until: Date): Promise<string[]> {
    if (!this.client) return [];
    const messages = await this.client.messages.list({
      to: sms.to,
      dateSentAfter: from,
      dateSentBefore: until,
      limit: 200,
    });
    return messages
      .filter((m) => m.body === sms.body)
      .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))
      .map((m) => m.sid);
  }

  /** Twilio's signature check for webhooks, against the URL Twilio was given. */
  validSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    const settings = this.config.notifications.twilio;
    if (!settings || !signature) return false;
    return twilio.validateRequest(settings.authToken, signature, url, params);
  }
}
