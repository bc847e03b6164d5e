import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';

export interface SunkMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
}

/**
 * Where messages go when no SMTP server or Twilio account is configured (the embedded default): appended as
 * JSON lines to a file the README names, and logged — never silently dropped.
 */
@Injectable()
export class MessageSink {
  private readonly logger = new Logger('MessageSink');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get file(): string {
    return this.config.notifications.sinkFile;
  }

  async write(message: SunkMessage): Promise<string> {
    const id = `sink-${randomUUID()}`;
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(
      this.file,
      `${JSON.stringify({ id, at: new Date().toISOString(), ...message })}\n`,
      'utf8',
    );
    this.logger.log(`${message.channel} to ${message.to} written to ${this.file}`);
    return id;
  }
}
