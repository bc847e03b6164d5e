import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LessThan } from 'typeorm';
import { FilingDraftEntity } from '@suivi/persistence';

/** How long a filing in progress is kept after its last step: long enough to fetch a door code. */
export const FILING_DRAFT_TTL_MS = 2 * 3600 * 1000;

/** The draft's cookie: a random token, only on the filing pages, unreadable by scripts. */
export const FILING_DRAFT_COOKIE = 'suivi_filing';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A fresh random token for a new draft (32 bytes, base64url). */
export const newDraftToken = (): string => randomBytes(32).toString('base64url');

/** A token as a cookie may carry one: base64url of 32 bytes; anything else is ignored. */
export const isDraftToken = (token: unknown): token is string =>
  typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

/**
 * The public filing's answers between its steps (the filing_drafts table): field name → value, for one
 * residence, keyed by the sha256 of the cookie's token so the table never holds the token itself. A draft
 * expires FILING_DRAFT_TTL_MS after its last write; each write deletes the expired ones.
 */
export class FilingDrafts {
  constructor(private readonly db: DataSource) {}

  /** The answers of a live draft for this residence; empty when none (or it is another residence's). */
  async load(token: string, landlordCode: string, residenceCode: string): Promise<Record<string, string>> {
    const draft = await this.db.getRepository(FilingDraftEntity).findOneBy({ tokenHash: hash(token) });
    if (!draft || draft.expiresAt.getTime() <= Date.now()) return {};
    if (draft.landlordCode !== landlordCode || draft.residenceCode !== residenceCode) return {};
    return { ...draft.answers };
  }

  /** Replaces the draft's answers (and residence), pushing its expiry back. */
  async save(
    token: string,
    landlordCode: string,
    residenceCode: string,
    answers: Record<string, string>,
  ): Promise<void> {
    const repo = this.db.getRepository(FilingDraftEntity);
    await repo.delete({ expiresAt: LessThan(new Date()) });
    await repo.upsert(
      {
        tokenHash: hash(token),
        landlordCode,
        residenceCode,
        answers,
        expiresAt: new Date(Date.now() + FILING_DRAFT_TTL_MS),
      },
      ['tokenHash'],
    );
  }

  /** Forgets a draft once filed (its personal data goes with it). */
  async remove(token: string): Promise<void> {
    await this.db.getRepository(FilingDraftEntity).delete({ tokenHash: hash(token) });
  }
}
