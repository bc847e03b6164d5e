import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ComplaintEntity } from './complaint.entities';
import { LandlordEntity } from './organisation.entities';

/**
 * One leaf of a landlord's append-only Merkle log (issue 17): the RFC 6962 leaf hash of an event's or a
 * rating's public facts (see eventLeaf / ratingLeaf in @suivi/domain), at its 0-based index in that
 * landlord's log. Appended by the sequencer only, in commit order; the database refuses to change or
 * delete a leaf. The leaf bytes themselves are rebuilt from the event or rating the leaf refers to.
 */
@Entity('transparency_leaves')
@Index('UQ_transparency_leaves_event', ['complaintId', 'seq'], { unique: true, where: `"kind" = 'event'` })
@Index('UQ_transparency_leaves_rating', ['complaintId'], { unique: true, where: `"kind" = 'rating'` })
@Check(
  'CHK_transparency_leaves_kind',
  `("kind" = 'event' AND "seq" IS NOT NULL) OR ("kind" = 'rating' AND "seq" IS NULL)`,
)
@Check('CHK_transparency_leaves_hash', `octet_length("leaf_hash") = 32`)
export class TransparencyLeafEntity {
  @PrimaryColumn({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @PrimaryColumn({ name: 'leaf_index', type: 'bigint' })
  leafIndex!: string;

  @Column({ name: 'leaf_hash', type: 'bytea' })
  leafHash!: Buffer;

  /** 'event' (a complaint_events row, by complaint and seq) or 'rating' (the complaint's rating). */
  @Column({ type: 'varchar', length: 8 })
  kind!: 'event' | 'rating';

  @Column({ name: 'complaint_id', type: 'uuid' })
  complaintId!: string;

  @ManyToOne(() => ComplaintEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'complaint_id' })
  complaint?: ComplaintEntity;

  /** The event's seq; null for a rating. */
  @Column({ type: 'int', nullable: true })
  seq!: number | null;

  @Column({ name: 'sequenced_at', type: 'timestamptz', default: () => 'now()' })
  sequencedAt!: Date;
}

/**
 * A signed checkpoint of a landlord's log: the C2SP signed note (tree size, root, time) as published and
 * e-mailed to the landlord's federations. Kept for ever; the database refuses to change or delete one.
 */
@Entity('transparency_checkpoints')
@Index('IDX_transparency_checkpoints_landlord', ['landlordId', 'treeSize'])
export class TransparencyCheckpointEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'landlord_id', type: 'uuid' })
  landlordId!: string;

  @ManyToOne(() => LandlordEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'landlord_id' })
  landlord?: LandlordEntity;

  @Column({ name: 'tree_size', type: 'bigint' })
  treeSize!: string;

  @Column({ name: 'root_hash', type: 'bytea' })
  rootHash!: Buffer;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  /** The signed note, exactly as served at /transparency/{code}/checkpoint. */
  @Column({ type: 'text' })
  note!: string;
}

/**
 * A checkpoint e-mailed to one federation auditor's address: recorded once the mail was handed over, so the
 * hourly job sends the latest checkpoint again to any auditor it did not reach (a failed send, an auditor
 * accredited since). Kept for ever, like the checkpoints.
 */
@Entity('transparency_checkpoint_mails')
export class TransparencyCheckpointMailEntity {
  @PrimaryColumn({ name: 'checkpoint_id', type: 'bigint' })
  checkpointId!: string;

  @ManyToOne(() => TransparencyCheckpointEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checkpoint_id' })
  checkpoint?: TransparencyCheckpointEntity;

  @PrimaryColumn({ type: 'varchar', length: 320 })
  address!: string;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt!: Date;
}
