import { Module } from '@nestjs/common';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';

/** The repository stays inside: other modules reach the organisation tables through the service. */
@Module({ providers: [OrganisationRepository, OrganisationService], exports: [OrganisationService] })
export class OrganisationModule {}
