import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';

type Runner = Pick<EntityManager, 'query'>;

/** One alert to write: a person of the rota told of an emergency at `level`. */
export interface NewOnCallAlert {
  id: string;
  complaintId: string;
  personId: string | null;
  level: number;
  role: string;
  position: number;
  seq: number;
  tokenHash: string;
  escalateAt: Date | null;
}

/** An alert of a complaint as the escalation reads it under the complaint's lock. */
export interface OnCallAlertRow {
  id: string;
  /** The event that recorded the alert. */
  seq: number;
  personId: string | null;
  level: number;
  role: string;
  position: number;
  escalateAt: Date | null;
  acknowledgedAt: Date | null;
}

/** What the acknowledgement page shows: the alert, and the essentials of its complaint. */
export interface OnCallAlertView {
  alertId: string;
  complaintId: string;
  level: number;
  acknowledgedAt: Date | null;
  /** When any alert of the complaint was acknowledged (the chain has stopped), or null. */
  chainAcknowledgedAt: Date | null;
  reference: string;
  status: string;
  category: string;
  description: string;
  urgencyLevel: string | null;
  filedAt: Date;
  nextDueAt: Date | null;
  unit: string | null;
  accessNotes: string | null;
  residence: { name: string; address: string; postcode: string; city: string } | null;
  tenant: { name: string; phone: string | null } | null;
  landlordName: string;
  timeZone: string;
  country: string;
}

/**
 * The owner of `on_call_alerts`: the alerts the on-call duty sent, their escalation times and their
 * acknowledgements. Writes that go with a complaint event take the event's transaction (`em`).
 */
@Injectable()
export class OnCallAlertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The complaint's landlord and agency (whose rota answers for it); null when it is gone. */
  async placeOf(
    em: Runner,
    complaintId: string,
  ): Promise<{ landlordId: string; agencyId: string | null } | null> {
    const [row]: { landlordId: string; agencyId: string | null }[] = await em.query(
      'SELECT landlord_id AS "landlordId", agency_id AS "agencyId" FROM complaints WHERE id = $1',
      [complaintId],
    );
    return row ?? null;
  }

  /** The complaint's alerts, oldest level first (read under the complaint's row lock by the caller). */
  alertsOf(em: Runner, complaintId: string): Promise<OnCallAlertRow[]> {
    return em.query(
      `SELECT id, seq, person_id AS "personId", level, role, position, escalate_at AS "escalateAt",
              acknowledged_at AS "acknowledgedAt"
         FROM on_call_alerts WHERE complaint_id = $1 ORDER BY level, position`,
      [complaintId],
    );
  }

  async insert(em: Runner, alerts: readonly NewOnCallAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    await em.query(
      `INSERT INTO on_call_alerts (id, complaint_id, person_id, level, role, position, seq, token_hash, escalate_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::int[], $7::int[],
                            $8::text[], $9::timestamptz[])`,
      [
        alerts.map((a) => a.id),
        alerts.map((a) => a.complaintId),
        alerts.map((a) => a.personId),
        alerts.map((a) => a.level),
        alerts.map((a) => a.role),
        alerts.map((a) => a.position),
        alerts.map((a) => a.seq),
        alerts.map((a) => a.tokenHash),
        alerts.map((a) => a.escalateAt),
      ],
    );
  }

  /** Complaints with an alert due for escalation at `now`, oldest first (partial index on escalate_at). */
  async dueForEscalation(now: Date, limit: number): Promise<string[]> {
    const rows: { complaint_id: string }[] = await this.db.query(
      `SELECT complaint_id FROM on_call_alerts WHERE escalate_at IS NOT NULL AND escalate_at <= $1
        GROUP BY complaint_id ORDER BY min(escalate_at) LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.complaint_id);
  }

  /**
   * Whether staff or the contractor acted on the complaint after event `seq` (the chain's first alert): a
   * person of the landlord has it in hand, so nobody else needs waking.
   */
  async handledSince(em: Runner, complaintId: string, seq: number): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM complaint_events WHERE complaint_id = $1 AND seq > $2
          AND actor_role IN ('agent', 'supervisor', 'landlord_admin', 'contractor') LIMIT 1`,
      [complaintId, seq],
    );
    return rows.length > 0;
  }

  /** Ends the escalation of a complaint's alerts (escalated, or acknowledged). */
  async stopEscalation(em: Runner, complaintId: string): Promise<void> {
    await em.query(
      'UPDATE on_call_alerts SET escalate_at = NULL WHERE complaint_id = $1 AND escalate_at IS NOT NULL',
      [complaintId],
    );
  }

  /** Marks the alert acknowledged at `at`; false when it already was. */
  async markAcknowledged(em: Runner, alertId: string, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [unknown[], number] = await em.query(
      `UPDATE on_call_alerts SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [alertId, at],
    );
    return rows.length === 1;
  }

  /** The alert whose link token hashes to `tokenHash`, with its complaint's essentials; null when none. */
  async viewByTokenHash(tokenHash: string): Promise<OnCallAlertView | null> {
    const [row]: OnCallAlertView[] = await this.db.query(
      `SELECT a.id AS "alertId", a.complaint_id AS "complaintId", a.level, a.acknowledged_at AS "acknowledgedAt",
              (SELECT min(o.acknowledged_at) FROM on_call_alerts o WHERE o.complaint_id = a.complaint_id)
                AS "chainAcknowledgedAt",
              c.reference, c.status, c.category, c.description, c.urgency_level AS "urgencyLevel",
              c.created_at AS "filedAt", c.next_due_at AS "nextDueAt", c.unit, c.access_notes AS "accessNotes",
              CASE WHEN r.id IS NOT NULL THEN json_build_object('name', r.name, 'address', r.address,
                   'postcode', r.postcode, 'city', r.city) END AS residence,
              CASE WHEN t.id IS NOT NULL THEN json_build_object('name', t.name, 'phone', t.phone_e164) END AS tenant,
              l.name AS "landlordName", l.timezone AS "timeZone", l.country
         FROM on_call_alerts a
         JOIN complaints c ON c.id = a.complaint_id
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN residences r ON r.id = c.residence_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE a.token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }
}
