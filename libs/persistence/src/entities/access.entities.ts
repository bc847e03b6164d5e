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
import { ComplaintEntity } from './complaint.entities';
import { AgencyEntity, ContractorEntity, LandlordEntity } from './organisation.entities';

/** A social worker's service, a housing association, a tenants' advice centre. */
@Entity('partner_organisations')
export class PartnerOrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  kind!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Staff and partner accounts. Tenants and contractors work through links and need none. */
@Entity('users')
@Index('UQ_users_email', ['email'], { unique: true })
@Check(
  'CHK_users_role',
  `"role" IN ('agent','supervisor','landlord_admin','contractor','partner','federation_auditor','platform_admin')`,
)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  /** argon2id PHC string. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: string;

  @Column({ name: 'partner_organisation_id', type: 'uuid', nullable: true })
  partnerOrganisationId!: string | null;

  @ManyToOne(() => PartnerOrganisationEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'partner_organisation_id' })
  partnerOrganisation?: PartnerOrganisationEntity | null;

  @Column({ name: 'contractor_id', type: 'uuid', nullable: true })
  contractorId!: string | null;

  @ManyToOne(() => ContractorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'contractor_id' })
  contractor?: ContractorEntity | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /**
   * The TOTP secret (RFC 6238), sealed with AES-256-GCM under a key derived from LINK_SECRET; null until
   * the person starts enrolling. Never shown again once enrolment is confirmed.
   */
  @Column({ name: 'totp_secret', type: 'varchar', length: 255, nullable: true })
  totpSecret!: string | null;

  /** When two-factor sign-in was confirmed with a first code; null: not enrolled. */
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;

  /** The last 30-second time step whose code was accepted: that code, and earlier ones, are refused. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;
}

/**
 * Ties a user to a landlord (and optionally to one agency of it). For federation auditors a membership
 * is an accreditation: read-only, pseudonymised access to that landlord's figures.
 */
@Entity('memberships')
@Index('UQ_memberships_user_landlord_agency', ['userId', 'landlordId', 'agencyId'], { unique: true })
/** A landlord's staff list (the admin's accounts page). */
@Index('IDX_memberships_landlord', ['landlordId'])
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

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
}

/** A signed-in session: a bearer token for the API or a cookie for the pages. Only the token's hash is kept. */
@Entity('sessions')
@Index('UQ_sessions_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_sessions_user', ['userId'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'bearer' | 'cookie';

  /** Synchronizer token for form posts made with the cookie. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /**
   * What the session still lacks before it opens anything: `code` (the two-factor code after the
   * password), `enrol` (two-factor enrolment the deployment requires of this role); null: nothing.
   */
  @Column({ name: 'second_factor', type: 'varchar', length: 8, nullable: true })
  secondFactor!: 'code' | 'enrol' | null;
}

/**
 * A password-reset link sent by e-mail: single use, expiring, only the SHA-256 of its token is kept.
 * `requested_by` is the administrator who sent it (null when the person asked for it).
 */
@Entity('password_resets')
@Index('UQ_password_resets_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_password_resets_user', ['userId'])
export class PasswordResetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'requested_by' })
  requester?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}

/**
 * An invitation to work for a landlord with an existing account (an administrator created a staff account
 * with an address that already has one, at another landlord). Until accepted it stands, in the landlord's
 * staff list, for the account the administrator thinks they created; the owner accepts it through an e-mailed
 * link (only the SHA-256 of its token kept) once signed in. At most one pending invitation per account and
 * landlord.
 */
@Entity('staff_invitations')
@Index('UQ_staff_invitations_token_hash', ['tokenHash'], { unique: true })
@Index('UQ_staff_invitations_pending', ['landlordId', 'userId'], {
  unique: true,
  where: '"accepted_at" IS NULL',
})
@Index('IDX_staff_invitations_user', ['userId'])
@Check('CHK_staff_invitations_role', `"role" IN ('agent','supervisor','landlord_admin','contractor')`)
export class StaffInvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  /** The existing account invited. */
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** The name the administrator gave (shown in their list; the account keeps its own). */
  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: string;

  @Column({ name: 'contractor_id', type: 'uuid', nullable: true })
  contractorId!: string | null;

  @ManyToOne(() => ContractorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'contractor_id' })
  contractor?: ContractorEntity | null;

  /** False once an administrator disabled it: it can no longer be accepted. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the first e-mail of the current hour's window left (the invitation's own, then resends). */
  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;

  /** E-mails sent in that window: a resend (new token) is refused past a few an hour. */
  @Column({ type: 'smallint', default: 1 })
  sends!: number;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;
}

/** Two-factor recovery codes: shown once at enrolment, only their SHA-256 kept, each usable once. */
@Entity('recovery_codes')
@Index('UQ_recovery_codes_user_code', ['userId', 'codeHash'], { unique: true })
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}

/** Every staff sign-in attempt, kept for audit and throttling review. */
@Entity('sign_in_attempts')
@Index('IDX_sign_in_attempts_at', ['at'])
/** An account's last sign-in (the admin's accounts page). */
@Index('IDX_sign_in_attempts_user_at', ['userId', 'at'])
export class SignInAttemptEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 64 })
  ip!: string;

  @Column({ type: 'varchar', length: 16 })
  outcome!: 'success' | 'failure' | 'throttled';

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

/** A contractor's link to one assignment. It dies when the complaint is reassigned or closed. */
@Entity('work_orders')
@Index('UQ_work_orders_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_work_orders_complaint', ['complaintId'])
@Index('IDX_work_orders_contractor', ['contractorId', 'createdAt'])
export class WorkOrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: ComplaintEntity;

  @Column({ name: 'contractor_id', type: 'uuid' })
  contractorId!: string;

  @ManyToOne(() => ContractorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'contractor_id' })
  contractor?: ContractorEntity;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

/**
 * A public filing in progress (issue 14, J10): the answers given so far, kept between the steps and across
 * language switches, keyed by the hash of a random cookie. Personal data: deleted once filed, and expired
 * drafts are deleted by every new write.
 */
@Entity('filing_drafts')
@Index('IDX_filing_drafts_expires', ['expiresAt'])
export class FilingDraftEntity {
  /** sha256 of the cookie's random token, hex. */
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ name: 'landlord_code', type: 'varchar', length: 32 })
  landlordCode!: string;

  @Column({ name: 'residence_code', type: 'varchar', length: 32 })
  residenceCode!: string;

  /** Field name → value, as the steps' forms name them. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  answers!: Record<string, string>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
