import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { AuthService } from './auth.service';
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

/** Creates accounts with their memberships (used by the demo seed and by tests; admin pages come later). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async create(input: NewUser): Promise<string> {
    const passwordHash = await this.auth.hashPassword(input.password);
    try {
      return await this.db.transaction(async (em) => {
        const [user]: { id: string }[] = await em.query(
          `INSERT INTO users (email, display_name, password_hash, role, partner_organisation_id, contractor_id)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [
            input.email.trim().toLowerCase(),
            input.displayName,
            passwordHash,
            input.role,
            input.partnerOrganisationId ?? null,
            input.contractorId ?? null,
          ],
        );
        for (const code of input.landlordCodes ?? []) {
          const inserted = await em.query(
            `INSERT INTO memberships (user_id, landlord_id) SELECT $1, id FROM landlords WHERE code = $2 RETURNING id`,
            [user.id, code],
          );
          if (inserted.length === 0) {
            throw DomainError.invalidInput([{ field: 'landlordCodes', message: `no landlord ${code}` }]);
          }
        }
        return user.id;
      });
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new DomainError(DomainErrorCode.Conflict, `An account for ${input.email} already exists`);
      }
      throw e;
    }
  }

  async createPartnerOrganisation(name: string, kind: string | null = null): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      'INSERT INTO partner_organisations (name, kind) VALUES ($1, $2) RETURNING id',
      [name, kind],
    );
    return row.id;
  }
}
