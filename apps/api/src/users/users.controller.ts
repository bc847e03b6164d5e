import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountsService, StaffAccountsService, landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../common/access';
import { CreateStaffAccountDto, UpdateStaffAccountDto } from './users.dto';

/** A landlord's staff accounts, managed by its administrators (and platform administrators). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('landlords/:code/users')
export class UsersController {
  constructor(
    @Inject(StaffAccountsService) private readonly staff: StaffAccountsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
  ) {}

  @Get()
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'The landlord’s staff accounts, with their last sign-in' })
  async list(@Param('code') code: string, @CurrentUser() user: UserPrincipal) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return this.staff.listForLandlord(landlord.id);
  }

  @Post()
  @Allow('landlord.manage')
  @ApiOperation({
    summary:
      'Create a staff account: the person is e-mailed a link to choose their password (409 if already one of this landlord’s; an address used elsewhere is not revealed)',
  })
  async create(
    @Param('code') code: string,
    @Body() body: CreateStaffAccountDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    const landlord = await this.organisation.landlord(code, landlordScopeOf(user));
    return { id: await this.staff.createForLandlord(landlord, body, user.userId) };
  }

  @Patch(':id')
  @Allow('landlord.manage')
  @ApiOperation({ summary: 'Change a staff account’s role, or disable / enable it' })
  async update(
    @Param('code') code: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateStaffAccountDto,
    @CurrentUser() user: UserPrincipal,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    return this.staff.updateForLandlord(
      { landlordId: landlord.id, actorUserId: user.userId, actorScope: scope },
      id,
      body,
    );
  }

  @Post(':id/password-reset')
  @HttpCode(202)
  @Allow('landlord.manage')
  @ApiOperation({
    summary: 'E-mail a staff account a password-reset link; its sessions end and its password stops working',
  })
  async resetPassword(
    @Param('code') code: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: UserPrincipal,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    await this.accounts.resetByAdmin(
      { landlordId: landlord.id, actorUserId: user.userId, actorScope: scope },
      id,
    );
    return { message: 'A reset link was sent to the account’s e-mail address' };
  }
}
