import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The three lists of a landlord's directory. */
export type DirectoryKind = 'agency' | 'residence' | 'contractor';

/** Two rows of a landlord's directory being merged (ids; for residences, their agencies too). */
export interface DirectoryMerge {
  kind: DirectoryKind;
  landlordId: string;
  duplicateId: string;
  survivorId: string;
  /** The residences' agencies (null for other kinds): a complaint's agency follows its residence's. */
  duplicateAgencyId: string | null;
  survivorAgencyId: string | null;
}

/**
 * A capability whose tables point at directory rows (complaints and work orders name residences, agencies
 * and contractors): it moves its own references when two rows are merged, inside the merge's transaction,
 * and answers the rows moved per table. Each table keeps one owner; the directory never writes them.
 */
export interface DirectoryReferenceHolder {
  moveReferences(em: EntityManager, merge: DirectoryMerge): Promise<Record<string, number>>;
}

/**
 * Where the holders of references to directory rows sign up (each in its module's `onModuleInit`), so a
 * merge reaches tables of capabilities the directory does not depend on (libs/complaints depends on
 * libs/organisation, not the reverse).
 */
@Injectable()
export class DirectoryReferences {
  private readonly holders: DirectoryReferenceHolder[] = [];

  register(holder: DirectoryReferenceHolder): void {
    if (!this.holders.includes(holder)) this.holders.push(holder);
  }

  /** Moves every holder's references, in the merge's transaction; the counts of all, by table. */
  async moveAll(em: EntityManager, merge: DirectoryMerge): Promise<Record<string, number>> {
    const moved: Record<string, number> = {};
    for (const holder of this.holders) Object.assign(moved, await holder.moveReferences(em, merge));
    return moved;
  }
}
