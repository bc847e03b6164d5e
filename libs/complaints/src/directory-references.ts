import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DirectoryReferences } from '@suivi/organisation';
import type { DirectoryMerge, DirectoryReferenceHolder } from '@suivi/organisation';
import { ComplaintRecordRepository } from './complaint-record.repository';

/**
 * The complaints capability as a holder of references to directory rows: when a landlord merges two
 * residences, agencies or contractors, its complaints and work orders move to the row kept, written by
 * their own repository inside the merge's transaction. Signs up with the directory when the module starts.
 */
@Injectable()
export class ComplaintDirectoryReferences implements DirectoryReferenceHolder, OnModuleInit {
  constructor(
    @Inject(DirectoryReferences) private readonly references: DirectoryReferences,
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordRepository,
  ) {}

  onModuleInit(): void {
    this.references.register(this);
  }

  moveReferences(em: EntityManager, merge: DirectoryMerge): Promise<Record<string, number>> {
    return this.records.moveDirectoryReferences(em, merge);
  }
}
