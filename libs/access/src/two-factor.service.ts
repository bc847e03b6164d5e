import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { toString as qrToString } from 'qrcode';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DomainError, DomainErrorCode, fieldError } from '@suivi/domain';
import { AccessRepository } from './access.repository';

/** RFC 6238 with the parameters every authenticator app reads from a QR code: SHA-1, 6 digits, 30 s. */
const TOTP_PERIOD_S = 30;
/** Codes one step early or late are accepted (clock drift), as RFC 6238 §5.2 recommends at most. */
const TOTP_WINDOW = 1;
/** Recovery codes given at enrolment, each usable once. */
export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes allowed per account within the window before the step is refused (counted before checking). */
export const SECOND_FACTOR_LIMIT = { attempts: 5, windowMinutes: 15 };

/** What the enrolment page shows: the secret for manual entry, its otpauth URI and the QR code as SVG. */
export interface Enrolment {
  secret: string;
  uri: string;
  qrSvg: string;
}

/** The outcome of a second-factor code: accepted (by TOTP or by a recovery code), or refused and why. */
export type CodeCheck = { ok: true; by: 'totp' | 'recovery' } | { ok: false; reason: 'wrong' | 'throttled' };

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A recovery code as typed (spaces, dashes and case ignored), hashed for storage and comparison. */
const recoveryHash = (code: string) =>
  createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .digest('hex');

/**
 * Two-factor sign-in for staff with TOTP (RFC 6238). The secret is sealed at rest with AES-256-GCM under a
 * key derived from LINK_SECRET and shown only while enrolment is not confirmed; a code is accepted once
 * (the last accepted time step is kept and a code of that step or an earlier one is refused), and the ten
 * recovery codes are kept as SHA-256 hashes, each spent on use.
 */
@Injectable()
export class TwoFactorService {
  private readonly key: Buffer;

  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = createHash('sha256').update(`suivi:totp-secret:${config.linkSecret}`).digest();
  }

  async enabled(userId: string): Promise<boolean> {
    return (await this.repository.totpState(userId))?.on ?? false;
  }

  /**
   * A fresh secret for an account not yet enrolled (each call replaces the previous unconfirmed one), with
   * what the page shows to add it to an app. 409 when two-factor sign-in is already on.
   */
  async beginEnrolment(userId: string): Promise<Enrolment> {
    const user = await this.repository.totpState(userId);
    if (!user) throw new DomainError(DomainErrorCode.NotFound, 'No such account');
    if (user.on) throw new DomainError(DomainErrorCode.Conflict, 'Two-factor sign-in is already on');
    const secret = new Secret({ size: 20 });
    await this.repository.setPendingTotpSecret(userId, this.seal(secret.base32));
    const uri = this.totp(secret.base32, user.email).toString();
    const qrSvg = await qrToString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret: secret.base32, uri, qrSvg };
  }

  /**
   * Confirms enrolment with a first code from the app: two-factor sign-in is on from now, the session that
   * confirmed it is complete, and the recovery codes are answered — the only time they are shown. 400
   * (`code`) for a wrong code or no enrolment under way; 409 when already on.
   */
  async confirmEnrolment(userId: string, sessionId: string, code: string): Promise<string[]> {
    const user = await this.repository.totpState(userId);
    if (user?.on) throw new DomainError(DomainErrorCode.Conflict, 'Two-factor sign-in is already on');
    const step = user?.totp_secret
      ? this.matchingStep(this.unseal(user.totp_secret), user.email, code)
      : null;
    if (step === null) throw DomainError.invalidInput([fieldError('code', 'wrongCode', 'the code is wrong')]);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
    if (!(await this.repository.enableTotp(userId, step, codes.map(recoveryHash), sessionId))) {
      throw new DomainError(DomainErrorCode.Conflict, 'Two-factor sign-in is already on');
    }
    return codes;
  }

  /**
   * Checks the code a session pending its second factor presents: a TOTP code not used before, or an
   * unused recovery code (then spent). The attempt is counted before it is checked, so a burst of guesses
   * cannot get more than `SECOND_FACTOR_LIMIT.attempts` evaluated per window. On success the session is
   * complete.
   */
  async verify(userId: string, sessionId: string, code: string, ip: string): Promise<CodeCheck> {
    await this.repository.recordSecondFactorAttempt(userId, ip);
    const n = await this.repository.recentSecondFactorAttempts(userId, SECOND_FACTOR_LIMIT.windowMinutes);
    if (n > SECOND_FACTOR_LIMIT.attempts) return { ok: false, reason: 'throttled' };
    const by = await this.accept(userId, code);
    if (!by) return { ok: false, reason: 'wrong' };
    // The guesses are forgiven once the right code is given.
    await this.repository.passSecondFactor(sessionId, userId, SECOND_FACTOR_LIMIT.windowMinutes);
    return { ok: true, by };
  }

  /** Recovery codes not spent yet (the account page says how many remain). */
  async recoveryCodesLeft(userId: string): Promise<number> {
    return this.repository.recoveryCodesLeft(userId);
  }

  private async accept(userId: string, code: string): Promise<'totp' | 'recovery' | null> {
    const digits = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(digits)) {
      const user = await this.repository.enabledTotp(userId);
      if (!user?.totp_secret) return null;
      const step = this.matchingStep(this.unseal(user.totp_secret), user.email, digits);
      if (step === null) return null;
      // Replay: the step must be later than the last one accepted, and moving it is the guard.
      return (await this.repository.advanceTotpStep(userId, step)) ? 'totp' : null;
    }
    return (await this.repository.spendRecoveryCode(userId, recoveryHash(code))) ? 'recovery' : null;
  }

  /** The absolute time step the code belongs to, or null when it matches none within the window. */
  private matchingStep(secret: string, email: string, code: string): number | null {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const now = Date.now();
    const delta = this.totp(secret, email).validate({ token, timestamp: now, window: TOTP_WINDOW });
    return delta === null ? null : Math.floor(now / 1000 / TOTP_PERIOD_S) + delta;
  }

  private totp(secret: string, email: string): TOTP {
    return new TOTP({
      issuer: 'Suivi',
      label: email,
      algorithm: 'SHA1',
      digits: 6,
      period: TOTP_PERIOD_S,
      secret: Secret.fromBase32(secret),
    });
  }

  private seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  private unseal(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1') throw new Error('Unknown TOTP secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** Ten characters from an alphabet without look-alikes (about 49 bits), shown as `xxxxx-xxxxx`. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(
    '',
  );
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
