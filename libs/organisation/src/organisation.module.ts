import { Module } from '@nestjs/common';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { OnCallRotaService } from './on-call-rota.service';
import { DirectoryService } from './directory.service';

/** The repositories stay inside: other modules reach the organisation tables through the services. */
@Module({
  providers: [OrganisationRepository, OrganisationService, DirectoryService, OnCallRotaService],
  exports: [OrganisationService, DirectoryService, OnCallRotaService],
})
export class OrganisationModule {}
