import { Module } from '@nestjs/common';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { OnCallRotaService } from './on-call-rota.service';

/** The repositories stay inside: other modules reach the organisation tables through the services. */
@Module({
  providers: [OrganisationRepository, OrganisationService, OnCallRotaService],
  exports: [OrganisationService, OnCallRotaService],
})
export class OrganisationModule {}
