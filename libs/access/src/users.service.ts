import { Inject, Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { AccessRepository } from './access.repository';
import { AuthService } from './auth.service';
import { assertPasswordAllowed, passwordUserInputs } from './password-policy';
import type { StaffRole } from './principal';

export interface NewUser {
  email: string;
  displayName: string;
  password: string;
  role: StaffRole;
  landlordCodes?: string[];
  partnerOrganisationId?: string | null;
  contractorId?: string | null;
}

/** Creates accounts with their memberships (staff management: StaffAccountsService). */
@Injectable()
export class UsersService {
  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  /**
   * An account with its memberships. The password must pass the policy (400 `password`; the user inputs
   * are the e-mail, the name and the landlords' codes); 409 when the e-mail is taken.
   */
  async create(input: NewUser): Promise<string> {
    assertPasswordAllowed(
      input.password,
      passwordUserInputs(input.email, input.displayName, ...(input.landlordCodes ?? [])),
    );
    return this.insert(input, await this.auth.hashPassword(input.password));
  }

  /** Inserts the account with this password hash; 409 when the e-mail is taken. */
  async insert(input: Omit<NewUser, 'password'>, passwordHash: string): Promise<string> {
    try {
      return await this.repository.insertUserWithMemberships(
        {
          email: input.email.trim().toLowerCase(),
          displayName: input.displayName,
          passwordHash,
          role: input.role,
          partnerOrganisationId: input.partnerOrganisationId ?? null,
          contractorId: input.contractorId ?? null,
        },
        input.landlordCodes ?? [],
      );
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new DomainError(DomainErrorCode.Conflict, `An account for ${input.email} already exists`);
      }
      throw e;
    }
  }

  async createPartnerOrganisation(name: string, kind: string | null = null): Promise<string> {
    return this.repository.insertPartnerOrganisation(name, kind);
  }
}
