import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  Generated,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { JsonObject } from '@suivi/domain';
import { AgencyEntity, ContractorEntity, LandlordEntity, ResidenceEntity } from './organisation.entities';

/**
 * A tenant's contact details, kept apart from complaints and events: pseudonymisation and retention
 * deletes touch this table only, never the hash-chained history.
 */
@Entity('tenant_contacts')
// The queue search finds a caller by number (migration QueueSearch1796080000000).
@Index('IDX_tenant_contacts_phone', ['phoneE164'], { where: '"phone_e164" IS NOT NULL' })
@Check('CHK_tenant_contacts_email_preference', `"email_preference" IN ('all','essential','none')`)
export class TenantContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'phone_e164', type: 'varchar', length: 16, nullable: true })
  phoneE164!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'preferred_channel', type: 'varchar', length: 8 })
  preferredChannel!: 'sms' | 'email' | 'both' | 'none';

  @Column({ type: 'varchar', length: 2 })
  language!: 'fr' | 'en';

  /** When this number texted STOP (ARRET); cleared by START. No SMS goes to it meanwhile. */
  @Column({ name: 'sms_opted_out_at', type: 'timestamptz', nullable: true })
  smsOptedOutAt!: Date | null;

  /**
   * Which e-mails this contact wants (EmailPreference): every step, only the essential ones (what a
   * one-click unsubscribe leaves), or none.
   */
  @Column({ name: 'email_preference', type: 'varchar', length: 9, default: 'all' })
  emailPreference!: 'all' | 'essential' | 'none';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('complaints')
@Index('UQ_complaints_reference', ['reference'], { unique: true })
@Index('UQ_complaints_public_id', ['publicId'], { unique: true })
// The lists' orders within a landlord, the id last as their tie-breaker: the API's default (newest
// first) and the agents' queue (next due first, overdue ones as a range of it).
@Index('IDX_complaints_landlord_created_id', ['landlordId', 'createdAt', 'id'])
@Index('IDX_complaints_landlord_next_due_id', ['landlordId', 'nextDueAt', 'id'])
// The queue filtered by status, in its order; and the queue's totals and counts per status and overdue,
// answered from this index alone (index-only scans) whatever the queue's filters. The columns after the
// unique id never change the order: they are what agency-limited agents and the agency, category, channel
// and urgency filters test (INCLUDE columns in effect, which TypeORM cannot declare).
@Index('IDX_complaints_landlord_status_next_due', [
  'landlordId',
  'status',
  'nextDueAt',
  'id',
  'agencyId',
  'category',
  'intakeChannel',
  'urgencyLevel',
])
@Index('IDX_complaints_landlord_status_created', ['landlordId', 'status', 'createdAt'])
@Index('IDX_complaints_created', ['createdAt'])
// The queue search reads complaints by tenant contact and by residence (migration QueueSearch1796080000000).
@Index('IDX_complaints_tenant_contact', ['tenantContactId'], { where: '"tenant_contact_id" IS NOT NULL' })
@Index('IDX_complaints_residence', ['residenceId'], { where: '"residence_id" IS NOT NULL' })
// The audit report's index: (landlord, filed) with every column the report reads INCLUDEd, so a
// landlord-year is an index-only scan. Written by hand in the AuditRollup migration (TypeORM cannot say
// INCLUDE), hence not synchronised.
@Index('IDX_complaints_audit', { synchronize: false })
@Check('CHK_complaints_status', `"status" IN ('received','acknowledged','assigned','works_checked','closed')`)
@Check(
  'CHK_complaints_channel',
  `"intake_channel" IN ('web','phone','front_desk','letter','email','sms','partner')`,
)
@Check('CHK_complaints_version', `"version" >= 1`)
export class ComplaintEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'char', length: 13 })
  reference!: string;

  /**
   * The complaint's id in public, anonymous feeds (Open311): random, stable, and unrelated to the reference
   * (half of the tenant's lookup secret) and to the internal id (from which link tokens are derived).
   */
  @Column({ name: 'public_id', type: 'uuid' })
  @Generated('uuid')
  publicId!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId!: string | null;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity | null;

  @Column({ name: 'residence_id', type: 'uuid', nullable: true })
  residenceId!: string | null;

  @ManyToOne(() => ResidenceEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'residence_id' })
  residence?: ResidenceEntity | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  unit!: string | null;

  @Column({ type: 'varchar', length: 32 })
  category!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'intake_channel', type: 'varchar', length: 16 })
  intakeChannel!: string;

  @Column({ name: 'filed_by_role', type: 'varchar', length: 32 })
  filedByRole!: string;

  @Column({ name: 'filed_by_id', type: 'varchar', length: 64, nullable: true })
  filedById!: string | null;

  @Column({ name: 'tenant_contact_id', type: 'uuid', nullable: true })
  tenantContactId!: string | null;

  @ManyToOne(() => TenantContactEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'tenant_contact_id' })
  tenantContact?: TenantContactEntity | null;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  /** Equals the seq of the complaint's last event; the compare-and-set token of transitions. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'hold_reason', type: 'varchar', length: 32, nullable: true })
  holdReason!: string | null;

  /** The contractor reported the works done since they were (re)ordered (the domain's `worksReported`). */
  @Column({ name: 'works_reported', type: 'boolean', default: false })
  worksReported!: boolean;

  @Column({ name: 'contractor_id', type: 'uuid', nullable: true })
  contractorId!: string | null;

  @ManyToOne(() => ContractorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'contractor_id' })
  contractor?: ContractorEntity | null;

  @Column({ name: 'appointment_start', type: 'timestamptz', nullable: true })
  appointmentStart!: Date | null;

  @Column({ name: 'appointment_end', type: 'timestamptz', nullable: true })
  appointmentEnd!: Date | null;

  /** Hash of the last event: the next event's prev_hash. */
  @Column({ name: 'head_hash', type: 'char', length: 64 })
  headHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  // Facts the audit metrics read, kept by every transition in the same UPDATE (no scan of the events).
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt!: Date | null;

  @Column({ name: 'works_done_at', type: 'timestamptz', nullable: true })
  worksDoneAt!: Date | null;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  @Column({ name: 'reopen_count', type: 'int', default: 0 })
  reopenCount!: number;

  @Column({ name: 'urgency_overridden', type: 'boolean', default: false })
  urgencyOverridden!: boolean;

  /** How it was closed: works, or the close_without_works reason (tenant_responsibility, duplicate, …). */
  @Column({ name: 'close_reason', type: 'varchar', length: 32, nullable: true })
  closeReason!: string | null;

  // The audit rollup (libs/domain auditRollupAfter): what the reports need the calendar or the history for,
  // computed by the transition that reaches each stage, so a report is one SQL aggregate over these rows.
  @Column({ name: 'acknowledge_working_days', type: 'smallint', nullable: true })
  acknowledgeWorkingDays!: number | null;

  @Column({ name: 'assign_working_days', type: 'smallint', nullable: true })
  assignWorkingDays!: number | null;

  @Column({ name: 'works_done_working_days', type: 'smallint', nullable: true })
  worksDoneWorkingDays!: number | null;

  @Column({ name: 'close_working_days', type: 'smallint', nullable: true })
  closeWorkingDays!: number | null;

  /** The due dates of the urgency decision (urgency.due), as timestamps the reports compare without parsing. */
  @Column({ name: 'acknowledge_due_at', type: 'timestamptz', nullable: true })
  acknowledgeDueAt!: Date | null;

  @Column({ name: 'intervene_due_at', type: 'timestamptz', nullable: true })
  interveneDueAt!: Date | null;

  @Column({ name: 'resolve_due_at', type: 'timestamptz', nullable: true })
  resolveDueAt!: Date | null;

  /** Documented tenant delay (ms) from filing until the stage was done; null until it is. */
  @Column({ name: 'acknowledge_tenant_delay_ms', type: 'bigint', nullable: true })
  acknowledgeTenantDelayMs!: string | null;

  @Column({ name: 'intervene_tenant_delay_ms', type: 'bigint', nullable: true })
  interveneTenantDelayMs!: string | null;

  @Column({ name: 'resolve_tenant_delay_ms', type: 'bigint', nullable: true })
  resolveTenantDelayMs!: string | null;

  /** Documented tenant delay (ms) of the holds already ended. */
  @Column({ name: 'tenant_delay_ms', type: 'bigint', default: 0 })
  tenantDelayMs!: string;

  /** Start of the tenant hold (no access, tenant's request) in progress. */
  @Column({ name: 'tenant_hold_since', type: 'timestamptz', nullable: true })
  tenantHoldSince!: Date | null;

  /** sha256 of the tenant's tracking token; the token itself is only ever given to the tenant. */
  @Index('UQ_complaints_tracking_token_hash', { unique: true })
  @Column({ name: 'tracking_token_hash', type: 'char', length: 64, nullable: true })
  trackingTokenHash!: string | null;

  /** Set when a partner filed on the tenant's behalf. */
  @Index('IDX_complaints_partner_organisation')
  @Column({ name: 'partner_organisation_id', type: 'uuid', nullable: true })
  partnerOrganisationId!: string | null;

  @Column({ name: 'partner_case_reference', type: 'varchar', length: 64, nullable: true })
  partnerCaseReference!: string | null;

  /** When the tenant's consent to a partner filing was recorded. */
  @Column({ name: 'consent_recorded_at', type: 'timestamptz', nullable: true })
  consentRecordedAt!: Date | null;

  /** The tenant agreed that the contractor sees their first name and phone. */
  @Column({ name: 'share_contact_with_contractor', type: 'boolean', default: false })
  shareContactWithContractor!: boolean;

  @Column({ name: 'access_notes', type: 'varchar', length: 500, nullable: true })
  accessNotes!: string | null;

  /** What the tenant or agent ticked at intake (gas_smell, no_heating, vulnerable_occupant, ...). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags!: string[];

  /**
   * The urgency decision as recorded (level, matched rule ids, rule-set version, explanation, due dates per
   * stage). A later rule-set version never rewrites it.
   */
  @Column({ type: 'jsonb', nullable: true })
  urgency!: Record<string, unknown> | null;

  @Column({ name: 'urgency_level', type: 'varchar', length: 40, nullable: true })
  urgencyLevel!: string | null;

  /** The next stage still to meet and when it is due: what the queue sorts on and the sweep scans. */
  @Index('IDX_complaints_next_due', { where: 'next_due_at IS NOT NULL' })
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt!: Date | null;

  @Column({ name: 'next_due_stage', type: 'varchar', length: 20, nullable: true })
  nextDueStage!: string | null;

  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  @Column({ name: 'rating_comment', type: 'varchar', length: 2000, nullable: true })
  ratingComment!: string | null;

  @Column({ name: 'rated_at', type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE on this table (see the migration). */
@Entity('complaint_events')
@Unique('UQ_complaint_events_complaint_seq', ['complaintId', 'seq'])
@Check('CHK_complaint_events_seq', `"seq" >= 1`)
export class ComplaintEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: ComplaintEntity;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'actor_role', type: 'varchar', length: 32 })
  actorRole!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ name: 'from_state', type: 'varchar', length: 20, nullable: true })
  fromState!: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 20 })
  toState!: string;

  @Column({ type: 'jsonb' })
  payload!: JsonObject;

  @Column({ name: 'text_digests', type: 'jsonb' })
  textDigests!: { public: string | null; internal: string | null };

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/**
 * Free text of an event (notes, reasons, resolutions). It may name people, so it lives outside the
 * chain: the event commits to sha256(salt:text), and a retention delete removes text and salt together.
 */
@Entity('complaint_event_texts')
export class ComplaintEventTextEntity {
  @PrimaryColumn({ name: 'event_id', type: 'bigint' })
  eventId!: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  visibility!: 'public' | 'internal';

  @ManyToOne(() => ComplaintEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'event_id' })
  event?: ComplaintEventEntity;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'char', length: 32 })
  salt!: string;
}

/** One row per (complaint, stage, kind) the sweep recorded: the key that makes each alert happen once. */
@Entity('deadline_alerts')
export class DeadlineAlertEntity {
  @PrimaryColumn({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  stage!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind!: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: ComplaintEntity;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
