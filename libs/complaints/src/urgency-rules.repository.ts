import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { RuleSet } from '@suivi/domain';

/** A published rule-set version as stored. */
export interface RuleSetRow {
  version: number;
  rules: RuleSet;
  published_at: Date;
}

/** A version in a landlord's history, with who published it. */
export interface RuleSetVersionRow {
  version: number;
  published_at: Date;
  published_by: string | null;
  display_name: string | null;
}

/**
 * The one owner of `urgency_rule_sets`: every published version of a landlord's urgency rules, append-only
 * (a trigger refuses updates and deletes), numbered 1, 2, … per landlord.
 */
/**
 * A statement runner: the caller's transaction when it holds one (a second pool connection taken while
 * holding one can exhaust the pool under load), else the data source.
 */
type Runner = Pick<EntityManager, 'query'>;

@Injectable()
export class UrgencyRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The landlord's latest published version; undefined when it never published one. */
  async latest(landlordId: string, runner: Runner = this.db): Promise<RuleSetRow | undefined> {
    const rows: RuleSetRow[] = await runner.query(
      `SELECT version, rules, published_at FROM urgency_rule_sets
        WHERE landlord_id = $1 ORDER BY version DESC LIMIT 1`,
      [landlordId],
    );
    return rows[0];
  }

  /** One published version; undefined when the landlord has no such version. */
  async byVersion(
    landlordId: string,
    version: number,
    runner: Runner = this.db,
  ): Promise<Omit<RuleSetRow, 'version'> | undefined> {
    const rows: Omit<RuleSetRow, 'version'>[] = await runner.query(
      'SELECT rules, published_at FROM urgency_rule_sets WHERE landlord_id = $1 AND version = $2',
      [landlordId, version],
    );
    return rows[0];
  }

  /** Every published version of the landlord, oldest first. */
  versions(landlordId: string): Promise<RuleSetVersionRow[]> {
    return this.db.query(
      `SELECT r.version, r.published_at, r.published_by, u.display_name
         FROM urgency_rule_sets r LEFT JOIN users u ON u.id = r.published_by
        WHERE r.landlord_id = $1 ORDER BY r.version`,
      [landlordId],
    );
  }

  /**
   * Stores the next version (the latest + 1) and answers its number. A concurrent publication of the same
   * number fails with PostgreSQL's unique violation, which the caller maps.
   */
  async insertNext(landlordId: string, ruleSet: RuleSet, publishedBy: string | null): Promise<number> {
    const [row]: { version: number }[] = await this.db.query(
      `INSERT INTO urgency_rule_sets (landlord_id, version, rules, published_by)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2::jsonb, $3 FROM urgency_rule_sets WHERE landlord_id = $1
       RETURNING version`,
      [landlordId, JSON.stringify(ruleSet), publishedBy],
    );
    return row.version;
  }
}
