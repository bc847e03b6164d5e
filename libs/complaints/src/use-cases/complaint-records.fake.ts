import type { EntityManager } from 'typeorm';
import { newAuditRollup } from '@suivi/domain';
import type { AuditRollup, DeadlineEvent } from '@suivi/domain';
import type {
  ComplaintRecordSession,
  ComplaintRecordStore,
  ComplaintRowUpdate,
  FilingLandlord,
  LockedComplaint,
  NewComplaintRecord,
  SweepLockedRow,
} from '../complaint-record.repository';
import type { PreparedEvent, StoredEvent } from '../event-store';
import type { ComplaintScope } from '../scope';

/** A complaint as the fake keeps it: the locked view, its reference, and everything written to it. */
export interface FakeComplaint extends LockedComplaint {
  reference: string;
  filed?: NewComplaintRecord;
  updates: ComplaintRowUpdate[];
}

/** A rollup with nothing recorded yet, for complaints a spec seeds (the domain's own empty rollup). */
export const emptyRollup = (filedAt: Date): AuditRollup => newAuditRollup(filedAt);

/**
 * An in-memory ComplaintRecordStore for the use cases' unit specs: no database. A transaction works on
 * copies and commits them only when its work resolves, so a spec can check that a refusal wrote nothing.
 * Scopes are honoured for `complaint` (one id) and `landlords` (landlord ids) only.
 */
export class FakeComplaintRecords implements ComplaintRecordStore {
  readonly landlords = new Map<string, FilingLandlord>();
  readonly agencies: { id: string; code: string; landlordId: string }[] = [];
  readonly residences: { id: string; code: string; landlordId: string; agency_id: string | null }[] = [];
  readonly contractors: { id: string; landlordId: string; active: boolean }[] = [];
  readonly complaints = new Map<string, FakeComplaint>();
  readonly events: PreparedEvent[] = [];
  readonly workOrders: {
    id: string;
    complaintId: string;
    contractorId: string;
    tokenHash: string;
    revoked: boolean;
  }[] = [];
  readonly alerts = new Set<string>();
  readonly notifications = new Map<string, { complaintId: string; status: string }>();
  /** Errors the next `insertFiled` calls throw, in order (a reference clash, say). */
  readonly insertFailures: unknown[] = [];
  transactions = 0;

  async withinTransaction<T>(work: (session: ComplaintRecordSession) => Promise<T>): Promise<T> {
    this.transactions += 1;
    const pending: (() => void)[] = [];
    const result = await work(this.session(pending));
    for (const commit of pending) commit();
    return result;
  }

  async landlordByCode(code: string): Promise<FilingLandlord | undefined> {
    return this.landlords.get(code);
  }

  async agencyByCode(landlordId: string, code: string) {
    const a = this.agencies.find((x) => x.landlordId === landlordId && x.code === code);
    return a && { id: a.id, code: a.code };
  }

  async agencyById(id: string) {
    const a = this.agencies.find((x) => x.id === id);
    return a && { id: a.id, code: a.code };
  }

  async residenceByCode(landlordId: string, code: string) {
    const r = this.residences.find((x) => x.landlordId === landlordId && x.code === code);
    return r && { id: r.id, agency_id: r.agency_id };
  }

  async history(complaintId: string): Promise<StoredEvent[]> {
    return this.events
      .filter((p) => p.event.complaintId === complaintId)
      .map((p) => ({
        ...p.event,
        texts: Object.fromEntries(p.texts.map((t) => [t.visibility, t.body])),
      }));
  }

  async texts(complaintId: string) {
    return this.events
      .filter((p) => p.event.complaintId === complaintId)
      .flatMap((p) => p.texts.map((t) => ({ seq: p.event.seq, ...t })));
  }

  async notificationStatus(reference: string, notificationId: string, scope: ComplaintScope) {
    const n = this.notifications.get(notificationId);
    const c = n && this.complaints.get(n.complaintId);
    if (!n || !c || c.reference !== reference || !inScope(c, scope)) return undefined;
    return { status: n.status };
  }

  private session(pending: (() => void)[]): ComplaintRecordSession {
    return {
      manager: {} as EntityManager,
      insertFiled: async (record, first) => {
        const failure = this.insertFailures.shift();
        if (failure) throw failure;
        if ([...this.complaints.values()].some((c) => c.reference === record.reference)) {
          throw Object.assign(new Error('duplicate reference'), { code: '23505' });
        }
        pending.push(() => {
          this.complaints.set(record.id, {
            id: record.id,
            reference: record.reference,
            status: 'received',
            version: 1,
            category: record.category as FakeComplaint['category'],
            holdReason: null,
            contractorId: null,
            worksReported: false,
            closedAt: null,
            headHash: first.event.hash,
            landlord: [...this.landlords.values()].find((l) => l.id === record.landlordId)!,
            reopenWindowDays: 30,
            urgency: record.urgency,
            urgencyLevel: record.urgency?.level ?? null,
            flags: record.flags,
            description: record.description,
            createdAt: record.filedAt,
            nextDueStage: record.nextDue?.stage ?? null,
            rollup: emptyRollup(record.filedAt),
            filed: record,
            updates: [],
          });
          this.events.push(first);
        });
      },
      lockForTransition: async (reference, scope) => {
        const c = [...this.complaints.values()].find((x) => x.reference === reference);
        return c && inScope(c, scope) ? structuredClone(c) : undefined;
      },
      lockForSweep: async (complaintId): Promise<SweepLockedRow | undefined> => {
        const c = this.complaints.get(complaintId);
        return (
          c && {
            id: c.id,
            status: c.status,
            version: c.version,
            head_hash: c.headHash,
            next_due_at: null,
            next_due_stage: c.nextDueStage,
            contractor_id: c.contractorId,
          }
        );
      },
      isActiveContractor: async (landlordId, contractorId) => {
        return this.contractors.some((k) => k.id === contractorId && k.landlordId === landlordId && k.active);
      },
      append: async (prepared, update) => {
        pending.push(() => {
          const c = this.complaints.get(prepared.event.complaintId)!;
          if (prepared.event.seq !== c.version + 1 || prepared.event.prevHash !== c.headHash) {
            throw new Error('the chain would break');
          }
          this.events.push(prepared);
          c.updates.push(update);
          c.version = update.version;
          c.headHash = update.headHash;
          if (update.status) c.status = update.status;
          if (update.contractorId !== undefined) c.contractorId = update.contractorId;
          if (update.category !== undefined) c.category = update.category as FakeComplaint['category'];
          if (update.flags !== undefined) c.flags = [...update.flags];
          if (update.urgency) {
            c.urgency = update.urgency;
            c.urgencyLevel = update.urgency.level;
          }
          if (update.rollup) c.rollup = update.rollup.after;
        });
      },
      revokeWorkOrders: async (complaintId) => {
        pending.push(() => {
          for (const o of this.workOrders) if (o.complaintId === complaintId) o.revoked = true;
        });
      },
      insertWorkOrder: async (order) => {
        pending.push(() => this.workOrders.push({ ...order, revoked: false }));
      },
      insertAlert: async (complaintId: string, stage: string, kind: DeadlineEvent) => {
        const key = `${complaintId}:${stage}:${kind}`;
        if (this.alerts.has(key)) return false;
        pending.push(() => this.alerts.add(key));
        return true;
      },
    };
  }
}

function inScope(c: FakeComplaint, scope: ComplaintScope): boolean {
  if (scope.kind === 'complaint') return scope.complaintId === c.id;
  if (scope.kind === 'landlords') return scope.memberships.some((m) => m.landlordId === c.landlord.id);
  return c.filed?.partner?.organisationId === scope.partnerOrganisationId;
}
