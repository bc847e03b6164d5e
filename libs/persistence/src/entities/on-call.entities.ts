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
  UpdateDateColumn,
} from 'typeorm';
import { AgencyEntity, LandlordEntity } from './organisation.entities';
import { ComplaintEntity } from './complaint.entities';

/**
 * A landlord's on-call settings: its office hours (outside them, an emergency alerts the person on call)
 * and how long an alert waits for an acknowledgement before the next people are alerted.
 */
@Entity('on_call_settings')
export class OnCallSettingsEntity {
  @PrimaryColumn({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  /** The ISO days of the week the offices open, as digits: '12345' = Monday to Friday. */
  @Column({ name: 'office_days', type: 'varchar', length: 7, default: '12345' })
  officeDays!: string;

  /** Opening and closing times, `HH:MM`, landlord local time. */
  @Column({ name: 'office_start', type: 'varchar', length: 5, default: '08:30' })
  officeStart!: string;

  @Column({ name: 'office_end', type: 'varchar', length: 5, default: '18:00' })
  officeEnd!: string;

  @Column({ name: 'escalation_minutes', type: 'int', default: 15 })
  escalationMinutes!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One person of an on-call rota: of an agency, or of the whole landlord when `agency_id` is null (used for
 * agencies without a rota of their own). `position` orders the on-call people (1, 2, 3); the supervisor's is 0.
 */
@Entity('on_call_people')
@Index('IDX_on_call_people_landlord', ['landlordId', 'agencyId'])
@Check('CHK_on_call_people_role', `"role" IN ('on_call','supervisor')`)
export class OnCallPersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ name: 'agency_id', type: 'uuid', nullable: true })
  agencyId!: string | null;

  @ManyToOne(() => AgencyEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'agency_id' })
  agency?: AgencyEntity | null;

  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** E.164, a mobile: the alert is a text message. */
  @Column({ type: 'varchar', length: 16 })
  phone!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * One alert of the on-call duty: a person of the rota told of an emergency (by SMS and e-mail, the outbox
 * rows' recipient being this row). Its link's token is stored as a hash; acknowledging any alert of a
 * complaint clears `escalate_at` on all of them, which stops the escalation.
 */
@Entity('on_call_alerts')
@Index('IDX_on_call_alerts_complaint', ['complaintId'])
@Index('IDX_on_call_alerts_escalate', ['escalateAt'], { where: '"escalate_at" IS NOT NULL' })
export class OnCallAlertEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: ComplaintEntity;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId!: string | null;

  @ManyToOne(() => OnCallPersonEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'person_id' })
  person?: OnCallPersonEntity | null;

  /** 1 for the first alert, 2 for the first escalation, … */
  @Column({ type: 'smallint' })
  level!: number;

  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Column({ type: 'smallint' })
  position!: number;

  /** The complaint event that recorded the alert. */
  @Column({ type: 'int' })
  seq!: number;

  @Index('UQ_on_call_alerts_token', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  /** When the next people are alerted if nobody acknowledged; null once escalated or acknowledged. */
  @Column({ name: 'escalate_at', type: 'timestamptz', nullable: true })
  escalateAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
