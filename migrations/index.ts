import { Initial1795408197205 } from './1795408197205-initial';
import { Access1795409466754 } from './1795409466754-access';
import { Urgency1795426300134 } from './1795426300134-urgency';
import { Deadlines1795427205223 } from './1795427205223-deadlines';
import { Notifications1795431005198 } from './1795431005198-notifications';
import { Digests1795436231249 } from './1795436231249-digests';
import { AuditFacts1795436559047 } from './1795436559047-audit-facts';
import { ResidenceSearch1795440000000 } from './1795440000000-residence-search';
import { StaffAccountIndexes1795440392247 } from './1795440392247-staff-account-indexes';
import { AuditRollup1795440500445 } from './1795440500445-audit-rollup';
import { QueueIndexes1795443572464 } from './1795443572464-queue-indexes';
import { Accounts1796013478029 } from './1796013478029-accounts';
import { ComplaintPublicId1795447000000 } from './1795447000000-complaint-public-id';
import { DeliveryOnce1795450000000 } from './1795450000000-delivery-once';
import { WorksReported1795450050000 } from './1795450050000-works-reported';
import { AccentInsensitiveSearch1795450100000 } from './1795450100000-accent-insensitive-search';
import { FilingDrafts1796014183708 } from './1796014183708-filing-drafts';
import { OutboxRequestKey1796020000000 } from './1796020000000-outbox-request-key';
import { OutboxMessageFacts1796030000000 } from './1796030000000-outbox-message-facts';
import { StageProgress1796030500000 } from './1796030500000-stage-progress';
import { StaffInvitations1796040000000 } from './1796040000000-staff-invitations';
import { QuietHours1796045000000 } from './1796045000000-quiet-hours';
import { OnCall1796050000000 } from './1796050000000-on-call';
import { TransparencyLog1796060000000 } from './1796060000000-transparency-log';
import { EmailPreferences1796070000000 } from './1796070000000-email-preferences';
import { QueueSearch1796080000000 } from './1796080000000-queue-search';
import { DirectoryLifecycle1796090000000 } from './1796090000000-directory-lifecycle';
import { ContractorOrders1796110000000 } from './1796110000000-contractor-orders';

// Every migration, in order. Listed explicitly so the same array serves compiled code and tests.
export const MIGRATIONS = [
  Initial1795408197205,
  Access1795409466754,
  Urgency1795426300134,
  Deadlines1795427205223,
  Notifications1795431005198,
  Digests1795436231249,
  AuditFacts1795436559047,
  ResidenceSearch1795440000000,
  StaffAccountIndexes1795440392247,
  AuditRollup1795440500445,
  QueueIndexes1795443572464,
  Accounts1796013478029,
  ComplaintPublicId1795447000000,
  DeliveryOnce1795450000000,
  WorksReported1795450050000,
  AccentInsensitiveSearch1795450100000,
  FilingDrafts1796014183708,
  OutboxRequestKey1796020000000,
  OutboxMessageFacts1796030000000,
  StageProgress1796030500000,
  StaffInvitations1796040000000,
  QuietHours1796045000000,
  OnCall1796050000000,
  TransparencyLog1796060000000,
  EmailPreferences1796070000000,
  QueueSearch1796080000000,
  DirectoryLifecycle1796090000000,
  ContractorOrders1796110000000,
];
