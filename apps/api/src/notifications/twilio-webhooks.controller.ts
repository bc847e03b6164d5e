import { Controller, ForbiddenException, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@suivi/domain';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { SmsSender, SmsWebhooksService } from '@suivi/notifications';
import { Public } from '../common/access';
import { spacedControls } from '../common/edge';

const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/** Where Twilio's webhooks are mounted: the edge lets their control characters through (see `relayed`). */
export const TWILIO_WEBHOOKS = '/webhooks/twilio/';

/**
 * Twilio posts many fields beyond the few read here, so its forms are read by hand rather than through the
 * global whitelist pipe (which would refuse the unknown ones); a missing or malformed field is still a 400.
 */
function formOf(request: FastifyRequest, required: string[]): Record<string, string> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  // A phone's form feed or escape (GSM 03.38) is read as a space: the message is kept, its controls not (the
  // edge lets them through for these routes only; the signature was checked on the text as sent).
  const form = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, spacedControls(String(v))]));
  const fields = required
    .filter((name) => !form[name] || (name === 'MessageSid' && !MESSAGE_SID.test(form[name])))
    .map((field) => ({ field, message: 'is missing or malformed' }));
  if (fields.length > 0) throw DomainError.invalidInput(fields);
  return form;
}

/**
 * Twilio's webhooks. Every request must carry a valid X-Twilio-Signature for the URL Twilio was given
 * (PUBLIC_BASE_URL + path): 403 otherwise.
 */
@ApiExcludeController()
@Controller(TWILIO_WEBHOOKS.slice(1, -1))
export class TwilioWebhooksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SmsSender) private readonly sms: SmsSender,
    @Inject(SmsWebhooksService) private readonly webhooks: SmsWebhooksService,
  ) {}

  private check(request: FastifyRequest): void {
    const signature = request.headers['x-twilio-signature'];
    const url = `${this.config.publicBaseUrl}${request.url}`;
    const params = Object.fromEntries(
      Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    if (!this.sms.validSignature(typeof signature === 'string' ? signature : undefined, url, params)) {
      throw new ForbiddenException({ code: 'BAD_SIGNATURE', message: 'Invalid Twilio signature' });
    }
  }

  @Post('status')
  @Public()
  @HttpCode(204)
  async status(@Req() request: FastifyRequest): Promise<void> {
    this.check(request);
    const form = formOf(request, ['MessageSid', 'MessageStatus']);
    await this.webhooks.statusCallback({
      messageSid: form.MessageSid,
      status: form.MessageStatus,
      errorCode: form.ErrorCode || undefined,
    });
  }

  @Post('sms')
  @Public()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  async inbound(@Req() request: FastifyRequest): Promise<string> {
    this.check(request);
    const form = formOf(request, ['MessageSid', 'From', 'Body']);
    const { reply } = await this.webhooks.inbound({
      messageSid: form.MessageSid,
      from: form.From,
      body: form.Body.slice(0, 1600),
    });
    return this.webhooks.twiml(reply);
  }
}
