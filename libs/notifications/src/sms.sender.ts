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
          timeout: 15_000,
          keepAlive: true,
          ...(settings.apiUrl
            ? { httpClient: new OriginRequestClient(settings.apiUrl, { timeout: 15_000, keepAlive: true }) }
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

  /** Twilio's signature check for webhooks, against the URL Twilio was given. */
  validSignature(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    const settings = this.config.notifications.twilio;
    if (!settings || !signature) return false;
    return twilio.validateRequest(settings.authToken, signature, url, params);
  }
}
