import { Body, Controller, Get, Inject, Param, Post, Put, Query, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { Allow, CurrentUser, Public } from '../common/access';
import { OrganisationService } from '@suivi/organisation';
import {
  CreateAgencyDto,
  CreateContractorDto,
  CreateLandlordDto,
  CreateResidenceDto,
  ResidenceSearchDto,
  SmsWindowDto,
} from './organisation.dto';

/** Landlords and what they own. Platform admins see every landlord; others only their own. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('landlords')
export class OrganisationController {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Post()
  @Allow('landlord.create')
  @ApiOperation({ summary: 'Create a landlord' })
  createLandlord(@Body() body: CreateLandlordDto) {
    return this.organisation.createLandlord(body);
  }

  @Get()
  @Allow('landlord.list')
  listLandlords(@CurrentUser() user: UserPrincipal) {
    return this.organisation.listLandlords(landlordScopeOf(user));
  }

  @Get(':code')
  @Allow('landlord.read')
  landlord(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    return this.organisation.landlord(code, landlordScopeOf(user));
  }

  @Put(':code/quiet-hours')
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'Set the hours between which non-urgent SMS go (local HH:MM, start before end)' })
  async setQuietHours(
    @Param('code') code: string,
    @Body() body: SmsWindowDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    const window = await this.organisation.setSmsWindow(
      code,
      { start: body.smsDayStart, end: body.smsDayEnd },
      landlordScopeOf(user),
    );
    return { smsDayStart: window.start, smsDayEnd: window.end };
  }

  @Post(':code/agencies')
  @Allow('landlord.manage')
  createAgency(
    @Param('code') code: string,
    @Body() body: CreateAgencyDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.organisation.createAgency(code, body, landlordScopeOf(user));
  }

  @Get(':code/agencies')
  @Allow('landlord.directory')
  agencies(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    return this.organisation.listAgencies(code, landlordScopeOf(user));
  }

  @Post(':code/residences')
  @Allow('landlord.manage')
  createResidence(
    @Param('code') code: string,
    @Body() body: CreateResidenceDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.organisation.createResidence(code, body, landlordScopeOf(user));
  }

  @Get(':code/residences')
  @Allow('landlord.directory')
  residences(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    return this.organisation.listResidences(code, landlordScopeOf(user));
  }

  @Post(':code/contractors')
  @Allow('landlord.manage')
  createContractor(
    @Param('code') code: string,
    @Body() body: CreateContractorDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.organisation.createContractor(code, body, landlordScopeOf(user));
  }

  @Get(':code/contractors')
  @Allow('landlord.directory')
  contractors(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    return this.organisation.listContractors(code, landlordScopeOf(user));
  }
}

/** Tenants find their landlord and residence by address, postcode, city or name (no sign-in). */
@ApiTags('filing')
@Controller('residences')
export class ResidenceSearchController {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Get()
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiOperation({ summary: 'Residences of every landlord matching all the words given (at most 20)' })
  search(@Query() query: ResidenceSearchDto) {
    return this.organisation.searchResidences(query.q);
  }
}
