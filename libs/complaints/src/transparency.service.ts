import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import {
  DomainError,
  DomainErrorCode,
  EXPORT_FORMAT_V2,
  MerkleLog,
  StreamingRoot,
  checkpointOrigin,
  hashToHex,
  leafHash,
  signCheckpoint,
} from '@suivi/domain';
import type { NoteSigner } from '@suivi/domain';
import { EmailSender } from '@suivi/notifications';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordScope } from '@suivi/organisation';
import { AuditRepository } from './audit.repository';
import { checkpointSigner, exportLine, leafOfRow, viewOf } from './transparency.format';
import type { CheckpointResult, CheckpointView } from './transparency.format';

import type { CheckpointRow } from './audit.repository';

const EXPORT_PAGE = 5_000;

/**
 * Histories a landlord cannot rewrite (issue 17): each landlord's append-only Merkle log over its events
 * and ratings (leaves: public facts only, see leaves.ts), its signed checkpoints (C2SP tlog-checkpoint,
 * Ed25519, the deployment's CHECKPOINT_SIGNING_KEY), proofs, and the export that rebuilds the log.
 *
 * Transitions never wait for the log: the sequencer ({@link sequence}) appends what is not yet in it, in
 * commit order, under a per-landlord advisory lock; a checkpoint sequences first. Each new checkpoint is
 * e-mailed to the landlord's federation auditors, so the landlord cannot take it back.
 */
@Injectable()
export class TransparencyService {
  private readonly logger = new Logger('Transparency');
  private readonly signer: NoteSigner;
  /** Per landlord, the frontier of its log as of the last checkpoint signed by this process (O(log n)). */
  private readonly frontiers = new Map<string, StreamingRoot>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditRepository) private readonly repository: AuditRepository,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(EmailSender) private readonly email: EmailSender,
  ) {
    this.signer = checkpointSigner(config);
  }

  /** The public key's vkey text (`<name>+<id>+<base64>`), to publish and to give `suivi-verify --key`. */
  verifierKey(): string {
    return this.signer.verifierKey;
  }

  /** The deployment's public base URL (PUBLIC_BASE_URL), where federations fetch checkpoints. */
  publicBaseUrl(): string {
    return this.config.publicBaseUrl;
  }

  /** The origin (log name) of a landlord's checkpoints, e.g. `suivi.example.org/landlord/HLM-NORD`. */
  origin(landlordCode: string): string {
    return checkpointOrigin(landlordCode, this.config.transparency.host);
  }

  /**
   * Appends every event and rating of the landlord not yet in its log (see AuditRepository
   * .appendPending). Answers how many leaves were appended and the log's size. 404 for an unknown code.
   */
  async sequence(landlordCode: string): Promise<{ appended: number; size: number }> {
    const landlord = await this.organisation.landlord(landlordCode);
    return this.repository.appendPendingLeaves(landlord.id, (row) => leafHash(leafOfRow(landlord.code, row)));
  }

  /**
   * Sequences, then signs the landlord's tree head and stores the checkpoint, unless the log has not grown
   * since the latest one (then that one is answered, `created: false`). The checkpoint answered is e-mailed
   * to each of the landlord's federation auditors (`auditorEmails`) it was not yet sent to. 404 for a
   * landlord outside `scope`.
   */
  async checkpoint(
    landlordCode: string,
    scope: LandlordScope,
    auditorEmails: (landlordId: string) => Promise<string[]>,
    now = new Date(),
  ): Promise<CheckpointResult> {
    const landlord = await this.organisation.landlord(landlordCode, scope);
    const { size } = await this.repository.appendPendingLeaves(landlord.id, (row) =>
      leafHash(leafOfRow(landlord.code, row)),
    );
    const [latest] = await this.repository.checkpoints(landlord.id, 1);
    if (latest && Number(latest.tree_size) === size) {
      // Not signed again; but an auditor it did not reach yet (a failed send, one accredited since) gets it.
      const mailedTo = await this.push(landlord.code, latest, await auditorEmails(landlord.id));
      return { checkpoint: viewOf(latest), created: false, mailedTo };
    }
    const rootHash = await this.rootOf(landlord.id, size);
    const signedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const note = signCheckpoint(
      {
        origin: this.origin(landlord.code),
        size,
        rootHash,
        time: signedAt.toISOString().replace('.000Z', 'Z'),
        extensions: [],
      },
      this.signer,
    );
    const id = await this.repository.insertCheckpoint(landlord.id, { size, rootHash, signedAt, note });
    const row: CheckpointRow = {
      id,
      tree_size: String(size),
      root_hash: rootHash,
      signed_at: signedAt,
      note,
    };
    const mailedTo = await this.push(landlord.code, row, await auditorEmails(landlord.id));
    return { checkpoint: viewOf(row), created: true, mailedTo };
  }

  /**
   * Checkpoints every landlord whose log grew (the hourly job). One landlord's failure does not stop the
   * others: it is logged, and an Error naming the failed landlords is thrown at the end (the job is then
   * recorded as failed). Answers how many checkpoints were signed.
   */
  async checkpointAll(auditorEmails: (landlordId: string) => Promise<string[]>): Promise<number> {
    let signed = 0;
    const failed: string[] = [];
    for (const landlord of await this.repository.logLandlords()) {
      try {
        const result = await this.checkpoint(landlord.code, 'all', auditorEmails);
        if (result.created) signed += 1;
      } catch (e) {
        failed.push(landlord.code);
        this.logger.error(`Checkpoint of ${landlord.code} failed: ${(e as Error).message}`);
      }
    }
    if (signed > 0) this.logger.log(`Signed ${signed} checkpoint(s)`);
    if (failed.length > 0) throw new Error(`Checkpoints failed for ${failed.join(', ')}`);
    return signed;
  }

  /** The landlord's latest checkpoint (public), or 404 when none was signed yet. */
  async latest(landlordCode: string): Promise<CheckpointView> {
    const landlord = await this.organisation.landlord(landlordCode);
    const [row] = await this.repository.checkpoints(landlord.id, 1);
    if (!row) throw new DomainError(DomainErrorCode.NotFound, `No checkpoint of ${landlordCode} yet`);
    return viewOf(row);
  }

  /** The landlord's checkpoints, newest first (at most `limit`). 404 for an unknown landlord. */
  async list(landlordCode: string, limit = 1000): Promise<CheckpointView[]> {
    const landlord = await this.organisation.landlord(landlordCode);
    return (await this.repository.checkpoints(landlord.id, limit)).map(viewOf);
  }

  /**
   * Inclusion proofs of one complaint's leaves (by its public id) in the tree of `size` leaves (default:
   * the latest checkpoint's): each leaf's index, kind, seq, leaf hash and audit path (hex). 404 when the
   * complaint has no leaf in that tree or there is no checkpoint; 400 for a size beyond the log.
   */
  async inclusion(
    landlordCode: string,
    publicId: string,
    size?: number,
  ): Promise<{
    treeSize: number;
    rootHash: string;
    leaves: { index: number; kind: string; seq: number | null; leafHash: string; proof: string[] }[];
  }> {
    const landlord = await this.organisation.landlord(landlordCode);
    const treeSize = size ?? (await this.latest(landlordCode)).size;
    const log = MerkleLog.fromLeafHashes(await this.repository.leafHashes(landlord.id, treeSize));
    if (log.size < treeSize) {
      throw DomainError.invalidInput([{ field: 'size', message: `the log has only ${log.size} leaves` }]);
    }
    const leaves = (await this.repository.complaintLeaves(landlord.id, publicId))
      .map((l) => ({ ...l, index: Number(l.leaf_index) }))
      .filter((l) => l.index < treeSize);
    if (leaves.length === 0) {
      throw new DomainError(DomainErrorCode.NotFound, `No leaf of complaint ${publicId} in that tree`);
    }
    return {
      treeSize,
      rootHash: hashToHex(log.rootAt(treeSize)),
      leaves: leaves.map((l) => ({
        index: l.index,
        kind: l.kind,
        seq: l.seq,
        leafHash: hashToHex(log.leafHashAt(l.index)),
        proof: log.inclusionProof(l.index, treeSize).map(hashToHex),
      })),
    };
  }

  /** The consistency proof (hex) from the tree of `from` leaves to the tree of `to`; 400 when from > to or to > size. */
  async consistency(
    landlordCode: string,
    from: number,
    to: number,
  ): Promise<{ from: number; to: number; fromRoot: string; toRoot: string; proof: string[] }> {
    const landlord = await this.organisation.landlord(landlordCode);
    if (from > to) throw DomainError.invalidInput([{ field: 'from', message: 'must not exceed to' }]);
    const log = MerkleLog.fromLeafHashes(await this.repository.leafHashes(landlord.id, to));
    if (log.size < to) {
      throw DomainError.invalidInput([{ field: 'to', message: `the log has only ${log.size} leaves` }]);
    }
    return {
      from,
      to,
      fromRoot: hashToHex(log.rootAt(from)),
      toRoot: hashToHex(log.rootAt(to)),
      proof: log.consistencyProof(from, to).map(hashToHex),
    };
  }

  /**
   * The federation export (format suivi-events/2) as NDJSON lines: a header naming the landlord and the
   * log's size, then every leaf of the log in order — events keyed by the complaint's public id (never the
   * internal id), and ratings — with what rebuilds each leaf. Sequences first, so the export is the whole
   * log as of now. 404 for a landlord outside `scope`.
   */
  async export(landlordCode: string, scope: LandlordScope): Promise<Readable> {
    const landlord = await this.organisation.landlord(landlordCode, scope);
    const { size } = await this.repository.appendPendingLeaves(landlord.id, (row) =>
      leafHash(leafOfRow(landlord.code, row)),
    );
    const repository = this.repository;
    const origin = this.origin(landlord.code);
    async function* lines(): AsyncGenerator<string> {
      yield `${JSON.stringify({ type: 'export', format: EXPORT_FORMAT_V2, landlord: landlord.code, origin, size, exportedAt: new Date().toISOString() })}\n`;
      let after = -1;
      while (after + 1 < size) {
        const rows = (await repository.logEntriesAfter(landlord.id, after, EXPORT_PAGE)).filter(
          (r) => Number(r.leaf_index) < size,
        );
        if (rows.length === 0) break;
        yield rows.map((r) => `${exportLine(r)}\n`).join('');
        after = Number(rows[rows.length - 1].leaf_index);
      }
    }
    return Readable.from(lines());
  }

  /**
   * The root of the landlord's first `size` leaves, from the frontier kept for its log (the leaves never
   * change: the table refuses it), so a checkpoint reads only the leaves appended since the last one.
   */
  private async rootOf(landlordId: string, size: number): Promise<Buffer> {
    const cached = this.frontiers.get(landlordId);
    const stream = cached && cached.size <= size ? cached.clone() : new StreamingRoot();
    for (const hash of await this.repository.leafHashes(landlordId, size, stream.size)) {
      stream.appendLeafHash(hash);
    }
    if (stream.size !== size)
      throw new Error(`the log of ${landlordId} has ${stream.size} leaves, not ${size}`);
    if (!cached || size > cached.size) this.frontiers.set(landlordId, stream);
    return stream.root();
  }

  /**
   * E-mails a checkpoint to each address it was not yet handed over for, recording each send; answers how
   * many were sent now. A failed send is logged and tried again by the next call (the hourly job).
   */
  private async push(landlordCode: string, checkpoint: CheckpointRow, to: string[]): Promise<number> {
    const done = await this.repository.checkpointMailedAddresses(checkpoint.id);
    const size = Number(checkpoint.tree_size);
    let sent = 0;
    for (const address of to.filter((a) => !done.has(a))) {
      try {
        await this.email.send(
          {
            to: address,
            subject: `Suivi — checkpoint ${landlordCode} (${size})`,
            text: [
              `Nouveau point de contrôle signé du journal du bailleur ${landlordCode} : conservez-le (fichier .checkpoint) pour vérifier les exports avec suivi-verify --checkpoints.`,
              `A new signed checkpoint of landlord ${landlordCode}'s log: keep it (as a .checkpoint file) to check exports with suivi-verify --checkpoints.`,
              '',
              checkpoint.note,
            ].join('\n'),
            // One Message-ID per (checkpoint, address): a resend after an unclear outcome is one message.
            notificationId: `checkpoint.${checkpoint.id}.${createHash('sha256').update(address).digest('hex').slice(0, 16)}`,
          },
          async () => true,
        );
        await this.repository.recordCheckpointMail(checkpoint.id, address);
        sent += 1;
      } catch (e) {
        this.logger.warn(
          `Checkpoint ${checkpoint.id} of ${landlordCode} not e-mailed yet: ${(e as Error).message}`,
        );
      }
    }
    return sent;
  }
}
