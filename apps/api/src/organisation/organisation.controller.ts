import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  UseGuards,
} from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { Allow, CurrentUser, Public } from '../common/access';
import { DirectoryService, OrganisationService } from '@suivi/organisation';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import {
  ActivationDto,
  EditAgencyDto,
  EditContractorDto,
  EditResidenceDto,
  MergeByCodeDto,
  MergeContractorDto,
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
  constructor(
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(DirectoryService) private readonly directory: DirectoryService,
  ) {}

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
    return this.organisation.listResidences(code, landlordScopeOf(user), { inactive: true });
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

  // Issue 18 M4: edit, deactivate, reactivate and merge agencies, residences and contractors.

  @Get(':code/directory-changes')
  @Allow('landlord.manage')
  @ApiOperation({
    summary:
      'The last 50 edits, deactivations, reactivations and merges of agencies, residences, contractors',
  })
  directoryChanges(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    return this.directory.changes(code, landlordScopeOf(user));
  }

  @Patch(':code/agencies/:agency')
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'Edit an agency (409 when the code is taken or expectedVersion is stale)' })
  editAgency(
    @Param('code') code: string,
    @Param('agency') agency: string,
    @Body() body: EditAgencyDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.editAgency(code, { code: agency }, body, landlordScopeOf(user), user.userId);
  }

  @Patch(':code/residences/:residence')
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'Edit a residence (409 when the code is taken or expectedVersion is stale)' })
  editResidence(
    @Param('code') code: string,
    @Param('residence') residence: string,
    @Body() body: EditResidenceDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.editResidence(code, { code: residence }, body, landlordScopeOf(user), user.userId);
  }

  @Patch(':code/contractors/:id')
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'Edit a contractor (null clears trade, email or phone)' })
  editContractor(
    @Param('code') code: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: EditContractorDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.editContractor(code, id, body, landlordScopeOf(user), user.userId);
  }

  @Post(':code/agencies/:agency/merge')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiOperation({
    summary: 'Merge a duplicate agency into `into` (residences, complaints, staff scopes, rota move)',
  })
  mergeAgency(
    @Param('code') code: string,
    @Param('agency') agency: string,
    @Body() body: MergeByCodeDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.merge(
      'agency',
      code,
      { code: agency },
      { code: body.into },
      body.expectedVersion,
      landlordScopeOf(user),
      user.userId,
    );
  }

  @Post(':code/agencies/:agency/:change')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiOperation({
    summary: '`deactivate` (residences stay; not offered for new assignment) or `reactivate` an agency',
  })
  activateAgency(
    @Param('code') code: string,
    @Param('agency') agency: string,
    @Param('change') change: string,
    @Body() body: ActivationDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.setActive(
      'agency',
      code,
      { code: agency },
      activation(change),
      body?.expectedVersion,
      landlordScopeOf(user),
      user.userId,
    );
  }

  @Post(':code/residences/:residence/merge')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiOperation({
    summary:
      'Merge a duplicate residence into `into` (complaints and drafts move, in one transaction; the duplicate becomes inactive)',
  })
  mergeResidence(
    @Param('code') code: string,
    @Param('residence') residence: string,
    @Body() body: MergeByCodeDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.merge(
      'residence',
      code,
      { code: residence },
      { code: body.into },
      body.expectedVersion,
      landlordScopeOf(user),
      user.userId,
    );
  }

  @Post(':code/residences/:residence/:change')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiOperation({
    summary: '`deactivate` (not offered by the residence search, takes no new complaint) or `reactivate`',
  })
  activateResidence(
    @Param('code') code: string,
    @Param('residence') residence: string,
    @Param('change') change: string,
    @Body() body: ActivationDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.setActive(
      'residence',
      code,
      { code: residence },
      activation(change),
      body?.expectedVersion,
      landlordScopeOf(user),
      user.userId,
    );
  }

  @Post(':code/contractors/:id/merge')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiOperation({
    summary: 'Merge a duplicate contractor into `into` (complaints, work orders, accounts move)',
  })
  mergeContractor(
    @Param('code') code: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: MergeContractorDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.merge(
      'contractor',
      code,
      { id },
      { id: body.into },
      body.expectedVersion,
      landlordScopeOf(user),
      user.userId,
    );
  }

  @Post(':code/contractors/:id/:change')
  @HttpCode(200)
  @Allow('landlord.manage')
  @ApiOperation({
    summary: '`deactivate` (no new work orders; open ones continue) or `reactivate` a contractor',
  })
  activateContractor(
    @Param('code') code: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('change') change: string,
    @Body() body: ActivationDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    return this.directory.setActive(
      'contractor',
      code,
      { id },
      activation(change),
      body?.expectedVersion,
      landlordScopeOf(user),
      user.userId,
    );
  }
}

/** `deactivate` → false, `reactivate` → true; any other last segment is an unknown address (404). */
function activation(change: string): boolean {
  if (change === 'deactivate' || change === 'reactivate') return change === 'reactivate';
  throw new DomainError(DomainErrorCode.NotFound, `Unknown action ${change.slice(0, 32)}`);
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
