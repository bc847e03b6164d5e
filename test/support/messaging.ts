import type { TestSmtpServer } from './smtp';
import type { TestTwilioServer } from './twilio';

/**
 * The settings a suite's API and worker share when messages really go out: the suite's own database and
 * queue namespace (see `isolatedDatabase`: a worker relays every pending notification of its database), the
 * local SMTP and Twilio-speaking servers, a sweep too slow to run during a test, and a one-hour warning
 * window so the sweep cannot touch fresh complaints. Pass the result to `createTestApp` and `testConfig`.
 */
export function messagingSettings(suite: {
  database: string;
  queuePrefix: string;
  smtp: TestSmtpServer;
  sms: TestTwilioServer;
  publicBaseUrl: string;
}): Record<string, string> {
  return {
    DATABASE_URL: suite.database,
    QUEUE_PREFIX: suite.queuePrefix,
    PUBLIC_BASE_URL: suite.publicBaseUrl,
    SMTP_URL: suite.smtp.url,
    MAIL_FROM: 'Suivi <suivi@bailleur.test>',
    TWILIO_ACCOUNT_SID: suite.sms.accountSid,
    TWILIO_AUTH_TOKEN: suite.sms.authToken,
    TWILIO_FROM: '+33700000000',
    TWILIO_API_URL: suite.sms.url,
    SWEEP_INTERVAL_SECONDS: '600',
    DEADLINE_WARNING_HOURS: '1',
  };
}
