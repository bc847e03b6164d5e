import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { ComplaintRecordRepository } from '../complaint-record.repository';
import type { ComplaintRecordStore } from '../complaint-record.repository';
import type { ComplaintScope } from '../scope';

/**
 * An agent sends a failed or unclear message again, after checking it did not arrive (for `unknown`) or
 * fixing the address (for `failed`): the row goes back to the outbox. A message that is not one of the
 * complaint's (in the scope) answers 404; one in any other status answers 409.
 */
@Injectable()
export class ResendNotification {
  constructor(@Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordStore) {}

  /** `reference` is the bare (parsed) reference. */
  async execute(
    reference: string,
    notificationId: string,
    scope: ComplaintScope,
  ): Promise<{ id: string; status: 'pending' }> {
    const row = await this.records.notificationStatus(reference, notificationId, scope);
    if (!row)
      throw new DomainError(DomainErrorCode.NotFound, `No notification ${notificationId} on ${reference}`);
    if (!(await this.records.requeueNotification(notificationId))) {
      throw new DomainError(DomainErrorCode.InvalidTransition, `A ${row.status} message is not sent again`, {
        current: { status: row.status },
      });
    }
    return { id: notificationId, status: 'pending' as const };
  }
}
