import {
  AgencyEntity,
  ContractorEntity,
  DirectoryChangeEntity,
  LandlordEntity,
  ResidenceEntity,
  UrgencyRuleSetEntity,
} from './organisation.entities';
import {
  ComplaintEntity,
  ComplaintEventEntity,
  ComplaintEventTextEntity,
  DeadlineAlertEntity,
  TenantContactEntity,
} from './complaint.entities';
import {
  FilingDraftEntity,
  MembershipEntity,
  PartnerOrganisationEntity,
  PasswordResetEntity,
  RecoveryCodeEntity,
  SessionEntity,
  SignInAttemptEntity,
  StaffInvitationEntity,
  UserEntity,
  WorkOrderEntity,
} from './access.entities';

export * from './organisation.entities';
export * from './complaint.entities';
export * from './access.entities';
export * from './notification.entities';
export * from './on-call.entities';
export * from './transparency.entities';

import {
  DailyDigestEntity,
  NotificationEntity,
  SweepRunEntity,
  WebhookReceiptEntity,
} from './notification.entities';
import { OnCallAlertEntity, OnCallPersonEntity, OnCallSettingsEntity } from './on-call.entities';
import {
  TransparencyCheckpointEntity,
  TransparencyCheckpointMailEntity,
  TransparencyLeafEntity,
} from './transparency.entities';

export const ENTITIES = [
  LandlordEntity,
  AgencyEntity,
  ResidenceEntity,
  ContractorEntity,
  TenantContactEntity,
  ComplaintEntity,
  ComplaintEventEntity,
  ComplaintEventTextEntity,
  PartnerOrganisationEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  PasswordResetEntity,
  RecoveryCodeEntity,
  SignInAttemptEntity,
  StaffInvitationEntity,
  WorkOrderEntity,
  UrgencyRuleSetEntity,
  DeadlineAlertEntity,
  NotificationEntity,
  WebhookReceiptEntity,
  SweepRunEntity,
  DailyDigestEntity,
  FilingDraftEntity,
  OnCallSettingsEntity,
  OnCallPersonEntity,
  OnCallAlertEntity,
  TransparencyLeafEntity,
  TransparencyCheckpointEntity,
  TransparencyCheckpointMailEntity,
  DirectoryChangeEntity,
];
