import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { NotificationResender } from '@suivi/notifications';
import type { ResendPlan } from '@suivi/notifications';
import { ComplaintRecordRepository } from '../complaint-record.repository';
import type { ComplaintRecordStore } from '../complaint-record.repository';
import type { ComplaintScope } from '../scope';

/**
 * An agent sends a message again: after checking it did not arrive (`unknown`), or after correcting the
 * address on file (`failed`, `undelivered`). It goes to the address on file now, tells the case as it
 * stands now, and a non-urgent SMS waits for the end of the landlord's quiet hours (see
 * NotificationResender); the answer says what will be sent and when. A message that is not one of the
 * complaint's (in the scope) answers 404; one in any other status answers 409.
 */
@Injectable()
export class ResendNotification {
  constructor(
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordStore,
    @Inject(NotificationResender)
    private readonly resender: Pick<NotificationResender, 'resend' | 'preview'>,
  ) {}

  /** `reference` is the bare (parsed) reference. @throws DomainError NotFound (404), InvalidTransition (409). */
  async execute(reference: string, notificationId: string, scope: ComplaintScope): Promise<ResendPlan> {
    const row = await this.records.notificationStatus(reference, notificationId, scope);
    const missing = () =>
      new DomainError(DomainErrorCode.NotFound, `No notification ${notificationId} on ${reference}`);
    if (!row) throw missing();
    const plan = await this.resender.resend(notificationId);
    if (!plan) throw missing();
    if ('refused' in plan && plan.refused === 'on_call') {
      throw new DomainError(
        DomainErrorCode.InvalidTransition,
        'An on-call alert is not sent again: it went to the person on call then, and the escalation alerts the next one',
        { current: { audience: 'on_call' } },
      );
    }
    if ('refused' in plan) {
      throw new DomainError(
        DomainErrorCode.InvalidTransition,
        `A message in status ${plan.refused} is not sent again: only unknown, failed and undelivered ones are`,
        { current: { status: plan.refused } },
      );
    }
    return plan;
  }

  /**
   * The text message `notificationId` of complaint `reference` goes with (the agent's page after a resend).
   * @throws DomainError NotFound (404) for a message that is not one of the complaint's in the scope.
   */
  async preview(reference: string, notificationId: string, scope: ComplaintScope): Promise<string> {
    const row = await this.records.notificationStatus(reference, notificationId, scope);
    const text = row ? await this.resender.preview(notificationId) : null;
    if (text === null) {
      throw new DomainError(DomainErrorCode.NotFound, `No notification ${notificationId} on ${reference}`);
    }
    return text;
  }
}
