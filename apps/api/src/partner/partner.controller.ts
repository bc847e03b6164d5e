import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserPrincipal } from '@suivi/access';
import { LinksService } from '@suivi/complaints';
import { Allow, CurrentUser } from '../common/access';

@ApiTags('partners')
@Controller('partner')
export class PartnerController {
  constructor(@Inject(LinksService) private readonly links: LinksService) {}

  @Get('complaints')
  @Allow('partner.complaints')
  @ApiOperation({ summary: 'Complaints my organisation filed: public view and the landlord’s time per step' })
  complaints(@CurrentUser() user: UserPrincipal) {
    return this.links.partnerComplaints(user.partnerOrganisationId ?? '00000000-0000-0000-0000-000000000000');
  }
}
