import { classifySmtpError, classifyTwilioError } from './failures';
import type { ProviderError } from './failures';

describe('what a failed SMS means', () => {
  it.each<[string, ProviderError, string, string]>([
    ['invalid number', { status: 400, code: 21211, message: 'invalid' }, 'permanent', 'twilio_21211'],
    ['unsubscribed (STOP)', { status: 400, code: 21610 }, 'permanent', 'twilio_21610'],
    ['landline', { status: 400, code: 21614 }, 'permanent', 'twilio_21614'],
    ['region not enabled', { status: 400, code: 21408 }, 'permanent', 'twilio_21408'],
    ['other 400', { status: 400, code: 21999 }, 'permanent', 'twilio_21999'],
    ['rate limited (code)', { status: 429, code: 20429 }, 'transient', 'twilio_20429'],
    ['rate limited (status)', { status: 429 }, 'transient', 'http_429'],
    ['provider 500', { status: 500 }, 'transient', 'http_500'],
    ['provider 503', { status: 503, code: 20500 }, 'transient', 'http_503'],
    ['bad credentials', { status: 401, code: 20003 }, 'transient', 'http_401'],
    ['connection refused', { code: 'ECONNREFUSED' }, 'transient', 'econnrefused'],
    ['DNS failure', { code: 'ENOTFOUND' }, 'transient', 'enotfound'],
    ['reset mid-request', { code: 'ECONNRESET' }, 'unclear', 'econnreset'],
    ['timed out waiting for the answer', { code: 'ETIMEDOUT' }, 'unclear', 'etimedout'],
    ['anything else', { message: 'boom' }, 'unclear', 'unknown'],
  ])('%s → %s', (_name, error, kind, code) => {
    expect(classifyTwilioError(error)).toMatchObject({ kind, code });
  });
});

describe('what a failed email means', () => {
  it.each<[string, ProviderError, string, string]>([
    [
      'mailbox unknown (550)',
      { responseCode: 550, code: 'EENVELOPE', command: 'RCPT TO' },
      'permanent',
      'smtp_550',
    ],
    ['message refused (554)', { responseCode: 554, command: 'DATA' }, 'permanent', 'smtp_554'],
    ['greylisted (451)', { responseCode: 451, command: 'RCPT TO' }, 'transient', 'smtp_451'],
    ['mailbox full (452)', { responseCode: 452 }, 'transient', 'smtp_452'],
    ['cannot connect', { code: 'ECONNECTION', command: 'CONN' }, 'transient', 'econnection'],
    ['authentication', { code: 'EAUTH', responseCode: undefined }, 'transient', 'eauth'],
    ['timeout before sending', { code: 'ETIMEDOUT', command: 'CONN' }, 'transient', 'etimedout'],
    ['lost during DATA', { code: 'ETIMEDOUT', command: 'DATA' }, 'unclear', 'smtp_data_lost'],
    ['socket closed during DATA', { code: 'ESOCKET', command: 'DATA' }, 'unclear', 'smtp_data_lost'],
    ['refused connection', { code: 'ECONNREFUSED' }, 'transient', 'econnrefused'],
    // The pooled transport says CONN whatever the stage; the sender's own stage decides.
    [
      'pool: dropped before DATA was accepted',
      { code: 'ECONNECTION', command: 'CONN', stage: 'envelope' },
      'transient',
      'smtp_econnection',
    ],
    [
      'pool: dropped after the message went out, before its reply',
      { code: 'ECONNECTION', command: 'CONN', stage: 'message' },
      'unclear',
      'smtp_reply_lost',
    ],
    [
      'pool: reply slower than the socket timeout',
      { code: 'ETIMEDOUT', command: 'CONN', stage: 'message' },
      'unclear',
      'smtp_reply_lost',
    ],
    [
      'pool: a reply to the message is a reply (550 after DATA)',
      { responseCode: 550, command: 'DATA', stage: 'message' },
      'permanent',
      'smtp_550',
    ],
  ])('%s → %s', (_name, error, kind, code) => {
    expect(classifySmtpError(error)).toMatchObject({ kind, code });
  });
});
