import { Module } from '@nestjs/common';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { OnCallRotaService } from './on-call-rota.service';
import { DirectoryService } from './directory.service';
import { DirectoryReferences } from './directory-references';

/** The repositories stay inside: other modules reach the organisation tables through the services. */
@Module({
  providers: [
    OrganisationRepository,
    OrganisationService,
    DirectoryService,
    DirectoryReferences,
    OnCallRotaService,
  ],
  exports: [OrganisationService, DirectoryService, DirectoryReferences, OnCallRotaService],
})
export class OrganisationModule {}
