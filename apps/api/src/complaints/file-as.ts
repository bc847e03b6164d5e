import { actorOf } from '@suivi/access';
import type { Principal } from '@suivi/access';
import type { ComplaintsService } from '@suivi/complaints';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import type { FileComplaintDto } from './complaints.dto';

/**
 * Files a complaint as whoever is calling: a tenant on the web (no account), staff on a tenant's behalf
 * within their own landlords, or a partner with the tenant's consent. The JSON API and the pages both
 * file through here.
 */
export function fileAs(complaints: ComplaintsService, body: FileComplaintDto, principal: Principal) {
  const { partner, ...command } = body;
  if (principal.kind === 'anonymous') {
    return complaints.file({ ...command, channel: 'web' }, { role: 'tenant', id: null });
  }
  const inScope = (landlordId: string) => principal.memberships.some((m) => m.landlordId === landlordId);
  switch (principal.role) {
    case 'agent':
    case 'supervisor':
      return complaints.file(command, actorOf(principal), undefined, inScope);
    case 'partner':
      if (!partner) {
        throw DomainError.invalidInput([
          { field: 'partner', message: 'a partner files with the tenant’s consent' },
        ]);
      }
      return complaints.file({ ...command, channel: 'partner' }, actorOf(principal), {
        partnerOrganisationId: principal.partnerOrganisationId as string,
        caseReference: partner.caseReference ?? null,
      });
    default:
      throw new DomainError(DomainErrorCode.NotAllowed, `A ${principal.role} may not file a complaint`);
  }
}
