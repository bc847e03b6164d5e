/**
 * What a failed send means for the next step:
 * - permanent: sending again cannot work (invalid or unsubscribed number, landline, mailbox refused):
 *   stop now and show it on the complaint;
 * - transient: try again later with backoff (timeouts before sending, 4xx, rate limits, provider 5xx);
 * - unclear: the request may have reached the provider: do not send again blindly, reconcile.
 */
export type FailureKind = 'permanent' | 'transient' | 'unclear';

export interface SendFailure {
  kind: FailureKind;
  /** A short code for agents and metrics: smtp_550, twilio_21211, timeout, … */
  code: string;
  message: string;
}

/** Twilio REST error codes that mean this message to this number will never go. */
const TWILIO_PERMANENT: Record<number, string> = {
  21211: 'invalid number',
  21214: 'number cannot be reached',
  21217: 'invalid number',
  21401: 'invalid number',
  21407: 'number not supported',
  21408: 'region not enabled',
  21606: 'sender cannot send',
  21610: 'recipient unsubscribed (STOP)',
  21612: 'route not possible',
  21614: 'not a mobile number',
  21635: 'landline',
};

/** Errors raised before any byte reached the provider: safe to try again. */
const BEFORE_SENDING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Errors after the request may have been received: the outcome is unknown. */
const MAYBE_SENT = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNABORTED']);

export interface ProviderError {
  /** HTTP status (Twilio) or SMTP reply code. */
  status?: number;
  responseCode?: number;
  /** Twilio error code, or a Node/nodemailer error code (ECONNREFUSED, ETIMEDOUT, EAUTH, …). */
  code?: number | string;
  /** nodemailer: the SMTP command that failed (CONN, DATA, …). */
  command?: string;
  /**
   * How far the SMTP transaction got, as the sender saw it: `envelope` (no byte of the message went out:
   * connecting, greeting, MAIL FROM, RCPT TO, DATA refused or unanswered) or `message` (the server answered
   * DATA with 354 and the message went out). nodemailer's pooled transport reports a connection lost at any
   * stage as `ECONNECTION`/`ETIMEDOUT` on command `CONN`, so the stage must come from the sender.
   */
  stage?: 'envelope' | 'message';
  message?: string;
}

export function classifyTwilioError(error: ProviderError): SendFailure {
  const message = error.message ?? 'unknown error';
  if (typeof error.code === 'number') {
    if (TWILIO_PERMANENT[error.code]) {
      return { kind: 'permanent', code: `twilio_${error.code}`, message: TWILIO_PERMANENT[error.code] };
    }
    if (error.code === 20429) return { kind: 'transient', code: 'twilio_20429', message: 'rate limited' };
  }
  if (error.status !== undefined) {
    if (error.status === 429) return { kind: 'transient', code: 'http_429', message };
    if (error.status >= 500) return { kind: 'transient', code: `http_${error.status}`, message };
    if (error.status === 401 || error.status === 403) {
      // Credentials: nothing is wrong with the message; keep it until the configuration is fixed.
      return { kind: 'transient', code: `http_${error.status}`, message };
    }
    if (error.status >= 400) {
      const code = typeof error.code === 'number' ? `twilio_${error.code}` : `http_${error.status}`;
      return { kind: 'permanent', code, message };
    }
  }
  return networkFailure(error, message);
}

export function classifySmtpError(error: ProviderError): SendFailure {
  const message = error.message ?? 'unknown error';
  const reply = error.responseCode;
  if (reply !== undefined && reply >= 500) return { kind: 'permanent', code: `smtp_${reply}`, message };
  if (reply !== undefined && reply >= 400) return { kind: 'transient', code: `smtp_${reply}`, message };
  // No reply to the message itself: what happened depends only on whether the message went out.
  if (error.stage === 'envelope') {
    return { kind: 'transient', code: `smtp_${String(error.code ?? 'error').toLowerCase()}`, message };
  }
  if (error.stage === 'message') return { kind: 'unclear', code: 'smtp_reply_lost', message };
  if (error.code === 'EAUTH' || error.code === 'ECONNECTION' || error.code === 'EDNS') {
    return { kind: 'transient', code: String(error.code).toLowerCase(), message };
  }
  // A connection lost while the message body was on its way: the server may have accepted it.
  if ((error.code === 'ETIMEDOUT' || error.code === 'ESOCKET') && error.command === 'DATA') {
    return { kind: 'unclear', code: 'smtp_data_lost', message };
  }
  if (error.code === 'ETIMEDOUT' || error.code === 'ESOCKET') {
    return { kind: 'transient', code: String(error.code).toLowerCase(), message };
  }
  return networkFailure(error, message);
}

function networkFailure(error: ProviderError, message: string): SendFailure {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code && BEFORE_SENDING.has(code)) return { kind: 'transient', code: code.toLowerCase(), message };
  if (code && MAYBE_SENT.has(code)) return { kind: 'unclear', code: code.toLowerCase(), message };
  return { kind: 'unclear', code: 'unknown', message };
}
