import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { LANDLORD_STAFF_ROLES } from '@suivi/access';
import type { LandlordStaffRole, NewStaffAccount, StaffChange } from '@suivi/access';
import { HasText, OneLine, IsMailbox, Optional } from '../common/validation';

/**
 * A new staff account. There is no password: the new person is e-mailed a link to choose one (a request
 * that still sends `password` is refused with 400, as every unknown field is).
 */
export class CreateStaffAccountDto implements NewStaffAccount {
  @ApiProperty({ example: 'marie.dupont@bailleur.example' })
  @IsMailbox()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Marie Dupont' })
  @IsString()
  @HasText()
  @OneLine()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ enum: LANDLORD_STAFF_ROLES })
  @IsIn(LANDLORD_STAFF_ROLES)
  role!: LandlordStaffRole;

  @ApiPropertyOptional({
    description: 'required for a contractor account: one of the landlord’s contractors',
  })
  @Optional()
  @IsUUID()
  contractorId?: string;
}

export class UpdateStaffAccountDto implements StaffChange {
  @ApiPropertyOptional({ enum: LANDLORD_STAFF_ROLES })
  @Optional()
  @IsIn(LANDLORD_STAFF_ROLES)
  role?: LandlordStaffRole;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  contractorId?: string;

  @ApiPropertyOptional({ description: 'false disables the account: no sign-in, its sessions end' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}
