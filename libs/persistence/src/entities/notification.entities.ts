import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ComplaintEntity } from './complaint.entities';
import { LandlordEntity } from './organisation.entities';

export const NOTIFICATION_STATES = [
  'pending', // written with its event, waiting for the relay (or for 08:00 when it is a night-time SMS)
  'queued', // a job is on the email or sms queue
  'sending', // handed to the provider (its SMTP connection or API call): the outcome is not known yet
  'retrying', // a transient failure; BullMQ tries again with backoff
  'sent', // the provider accepted it
  'delivered', // the provider reported delivery
  'undelivered', // the provider reported it could not deliver
  'failed', // permanent failure, or transient ones until attempts ran out
  'unknown', // the outcome is unclear (reply lost, process stopped mid-send): the worker reconciles it
  'suppressed', // not sent: the recipient opted out after it was written
  'superseded', // not sent: a held SMS overtaken by a later message to the same recipient (which sums it up)
] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * The outbox: one row per event, recipient and channel, written in the event's transaction. The unique key
 * is the idempotency key; a job's id is the row's id. The address is the one on file when the event
 * happened (what was sent where is part of the record).
 */
@Entity('notifications')
@Unique('UQ_notifications_idempotency', [
  'complaintId',
  'seq',
  'audience',
  'recipientId',
  'channel',
  'requestKey',
])
@Index('IDX_notifications_pending', ['notBefore'], { where: "status = 'pending'" })
@Index('IDX_notifications_complaint', ['complaintId'])
@Index('IDX_notifications_in_flight', ['updatedAt'], {
  where: "status IN ('queued', 'retrying', 'sending', 'unknown')",
})
@Check('CHK_notifications_channel', `"channel" IN ('email','sms')`)
@Check(
  'CHK_notifications_status',
  `"status" IN ('pending','queued','sending','retrying','sent','delivered','undelivered','failed','unknown','suppressed','superseded')`,
)
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: ComplaintEntity;

  /** The event (complaint_events.seq) the message is about. */
  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 16 })
  audience!: string;

  /** The user or contractor id; '' for the tenant. */
  @Column({ name: 'recipient_id', type: 'varchar', length: 64, default: '' })
  recipientId!: string;

  @Column({ type: 'varchar', length: 8 })
  channel!: 'email' | 'sms';

  /**
   * '' for the messages of an event; the request's id for a message a person asked for (the tracking link
   * re-sent from /follow), which is about no event: `seq` is then the complaint's last event when asked.
   */
  @Column({ name: 'request_key', type: 'varchar', length: 64, default: '' })
  requestKey!: string;

  @Column({ type: 'varchar', length: 254 })
  address!: string;

  @Column({ type: 'varchar', length: 2 })
  locale!: 'fr' | 'en';

  @Column({ type: 'varchar', length: 32 })
  template!: string;

  /**
   * What the message tells, as of its event (MessageFacts in libs/notifications), written with the row;
   * NULL on rows written before it was stored (their facts are read at send time).
   */
  @Column({ type: 'jsonb', nullable: true })
  facts!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: NotificationState;

  /** A non-urgent SMS written at night waits until 08:00 landlord time. */
  @Column({ name: 'not_before', type: 'timestamptz', default: () => 'now()' })
  notBefore!: Date;

  /** Whether the row was held for the morning by the landlord's quiet hours (a night-time SMS). */
  @Column({ type: 'boolean', default: false })
  held!: boolean;

  /** How many earlier held messages to the same recipient this one sums up ("where the case stands now"). */
  @Column({ type: 'int', default: 0 })
  summarises!: number;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Index('UQ_notifications_provider_id', { unique: true, where: 'provider_id IS NOT NULL' })
  @Column({ name: 'provider_id', type: 'varchar', length: 64, nullable: true })
  providerId!: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true })
  errorCode!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The queue job carrying the row: the row's id, or `id-attempts` once it went back to the outbox. */
  @Column({ name: 'job_id', type: 'varchar', length: 80, nullable: true })
  jobId!: string | null;

  @Column({ name: 'queued_at', type: 'timestamptz', nullable: true })
  queuedAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

/** Webhook deliveries already handled (Twilio retries and replays them): the key is what makes them once. */
@Entity('webhook_receipts')
export class WebhookReceiptEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: 'sms_status' | 'sms_inbound';

  /** MessageSid, plus the status for status callbacks. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  key!: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}

/** One row per deadline sweep run: when, how long, what it recorded (for /health and /metrics). */
@Entity('sweep_runs')
export class SweepRunEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'jsonb' })
  recorded!: Record<string, number>;
}

/**
 * One digest per landlord and UTC day over its complaints' chain heads at the end of that day (see
 * dailyDigest). Recorded once by the worker; the database refuses to change or delete one.
 */
@Entity('daily_digests')
export class DailyDigestEntity {
  @PrimaryColumn({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'char', length: 64 })
  digest!: string;

  @Column({ type: 'int' })
  complaints!: number;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
