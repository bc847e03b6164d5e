import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** node-postgres reads a `date` as local midnight: its local calendar day is the stored day. */
function isoDay(day: unknown): string {
  if (!(day instanceof Date)) return String(day);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

@Entity('landlords')
export class LandlordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('UQ_landlords_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** IANA zone; deadlines and quiet hours are counted in it. */
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Column({ type: 'char', length: 2 })
  country!: string;

  /** Holiday calendar region, e.g. metropole, alsace_moselle, england_wales. */
  @Column({ type: 'varchar', length: 32 })
  region!: string;

  @Column({ name: 'reopen_window_days', type: 'int', default: 30 })
  reopenWindowDays!: number;

  /** The landlord's own closure days (offices shut): not working days for its deadlines. */
  @Column({
    name: 'closure_days',
    type: 'date',
    array: true,
    default: () => "'{}'",
    transformer: { to: (days: string[]) => days, from: (days: unknown[] | null) => (days ?? []).map(isoDay) },
  })
  closureDays!: string[];

  /** The number tenants call (E.164), shown wherever a page says "call your landlord". */
  @Column({ name: 'public_phone', type: 'varchar', length: 16, nullable: true })
  publicPhone!: string | null;

  /** The number tenants text STATUT and their reference to (E.164); unset: the platform's SMS sender. */
  @Column({ name: 'sms_number', type: 'varchar', length: 16, nullable: true })
  smsNumber!: string | null;

  /**
   * Quiet hours: non-urgent SMS go between these local times (`HH:MM`, start before end) and wait for the
   * start otherwise (issue 16).
   */
  @Column({ name: 'sms_day_start', type: 'varchar', length: 5, default: '08:00' })
  smsDayStart!: string;

  @Column({ name: 'sms_day_end', type: 'varchar', length: 5, default: '21:00' })
  smsDayEnd!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('agencies')
@Index('UQ_agencies_landlord_code', ['landlordId', 'code'], { unique: true })
export class AgencyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The agency's front-desk number (E.164); shown instead of the landlord's for its residences. */
  @Column({ name: 'public_phone', type: 'varchar', length: 16, nullable: true })
  publicPhone!: string | null;

  /**
   * False once an admin deactivated it (issue 18 M4): kept with its history, not offered for new use.
   * A merged duplicate is inactive too, with `mergedIntoId` set.
   */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The row this duplicate was merged into (issue 18 M4); its id stays resolvable for old events. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => AgencyEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'merged_into' })
  mergedInto?: AgencyEntity | null;

  /** Optimistic concurrency: +1 on every edit, deactivation or merge; a form posted over a newer one is a 409. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('residences')
@Index('UQ_residences_landlord_code', ['landlordId', 'code'], { unique: true })
@Index('IDX_residences_postcode', ['postcode'])
// A trigram index on an expression (see the residence-search migration); TypeORM cannot describe it.
@Index('IDX_residences_search', { synchronize: false })
export class ResidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

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

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 300 })
  address!: string;

  @Column({ type: 'varchar', length: 16 })
  postcode!: string;

  @Column({ type: 'varchar', length: 100 })
  city!: string;

  /** Number of homes: the denominator of the rate per 1,000 homes. */
  @Column({ name: 'homes_count', type: 'int' })
  homesCount!: number;

  /**
   * False once an admin deactivated it (issue 18 M4): kept with its history, not offered for new use.
   * A merged duplicate is inactive too, with `mergedIntoId` set.
   */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The row this duplicate was merged into (issue 18 M4); its id stays resolvable for old events. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => ResidenceEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'merged_into' })
  mergedInto?: ResidenceEntity | null;

  /** Optimistic concurrency: +1 on every edit, deactivation or merge; a form posted over a newer one is a 409. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('contractors')
@Index('IDX_contractors_landlord', ['landlordId'])
export class ContractorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  trade!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ name: 'phone_e164', type: 'varchar', length: 16, nullable: true })
  phoneE164!: string | null;

  /** False once deactivated or merged: cannot be given new work orders; existing ones continue. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The row this duplicate was merged into (issue 18 M4); its id stays resolvable for old events. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne(() => ContractorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'merged_into' })
  mergedInto?: ContractorEntity | null;

  /** Optimistic concurrency: +1 on every edit, deactivation or merge; a form posted over a newer one is a 409. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * One change an admin made to the directory (issue 18 M4): an edit, a deactivation, a reactivation or a
 * merge of a duplicate (`survivorId` then names the row kept, `details` what was moved). Never updated.
 */
@Entity('directory_changes')
@Index('IDX_directory_changes_landlord', ['landlordId', 'at'])
@Check('CHK_directory_changes_kind', `"kind" IN ('agency','residence','contractor')`)
@Check('CHK_directory_changes_action', `"action" IN ('edit','deactivate','reactivate','merge')`)
export class DirectoryChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ type: 'varchar', length: 10 })
  kind!: string;

  /** The agency, residence or contractor changed (for a merge: the duplicate). */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'varchar', length: 10 })
  action!: string;

  @Column({ name: 'survivor_id', type: 'uuid', nullable: true })
  survivorId!: string | null;

  /** The admin who made the change; null for an internal caller. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  /** What changed: the fields before and after, or the rows a merge moved (counts per table). */
  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

/** A landlord's urgency rules: every published version kept, never changed once written. */
@Entity('urgency_rule_sets')
@Index('UQ_urgency_rule_sets_landlord_version', ['landlordId', 'version'], { unique: true })
export class UrgencyRuleSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'jsonb' })
  rules!: Record<string, unknown>;

  @Column({ name: 'published_by', type: 'uuid', nullable: true })
  publishedBy!: string | null;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;
}
