import { actorOf } from '@suivi/access';
import type { Principal } from '@suivi/access';
import type { ComplaintsService } from '@suivi/complaints';
import { DomainError, DomainErrorCode, mayFile } from '@suivi/domain';
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
  // Who may file is the domain's rule; how each filer files (scope, consent) is decided below.
  if (!mayFile(principal.role)) {
    throw new DomainError(DomainErrorCode.NotAllowed, `A ${principal.role} may not file a complaint`);
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
      // No account role other than those above is an intake role (a tenant files without an account).
      throw new DomainError(DomainErrorCode.NotAllowed, `A ${principal.role} may not file a complaint`);
  }
}
