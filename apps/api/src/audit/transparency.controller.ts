import { Controller, Get, Header, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { TransparencyService } from '@suivi/complaints';
import type { CheckpointView } from '@suivi/complaints';
import { Public } from '../common/access';
import { Optional } from '../common/validation';

const CODE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export class LandlordCodeParams {
  @ApiProperty({ example: 'HLM-DEMO' })
  @Matches(CODE, { message: 'landlordCode must be a landlord code' })
  landlordCode!: string;
}

export class ComplaintProofParams extends LandlordCodeParams {
  @ApiProperty({ description: 'the complaint’s public id (as in Open311 and the federation export)' })
  @Matches(UUID, { message: 'publicId must be a complaint’s public id' })
  publicId!: string;
}

export class InclusionQueryDto {
  @ApiPropertyOptional({ description: 'tree size (default: the latest checkpoint’s)' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SIZE)
  size?: number;
}

export class ConsistencyQueryDto {
  @ApiProperty({ minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  from!: number;

  @ApiProperty({ minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_SIZE)
  to!: number;
}

/**
 * The landlords' transparency logs, public (issue 17): the deployment's checkpoint key, each landlord's
 * signed checkpoints (C2SP tlog-checkpoint notes), and RFC 9162 inclusion and consistency proofs. Nothing
 * here is personal: the leaves hold public facts, complaints are named by their random public id.
 */
@ApiTags('transparency')
@Controller('transparency')
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: 120, ttl: 60_000 } })
export class TransparencyController {
  constructor(@Inject(TransparencyService) private readonly transparency: TransparencyService) {}

  @Get('key')
  @Public()
  @ApiProduces('text/plain')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'The checkpoint signing key’s public verifier key (signed-note vkey text)' })
  key(): string {
    return `${this.transparency.verifierKey()}\n`;
  }

  @Get(':landlordCode/checkpoint')
  @Public()
  @ApiProduces('text/plain')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary:
      'The landlord’s latest signed checkpoint (C2SP tlog-checkpoint signed note); save it with `suivi-verify fetch-checkpoint`',
  })
  async checkpoint(@Param() params: LandlordCodeParams): Promise<string> {
    return (await this.transparency.latest(params.landlordCode)).note;
  }

  @Get(':landlordCode/checkpoints')
  @Public()
  @ApiOperation({ summary: 'The landlord’s signed checkpoints, newest first (size, root, time, note)' })
  checkpoints(@Param() params: LandlordCodeParams): Promise<CheckpointView[]> {
    return this.transparency.list(params.landlordCode);
  }

  // A proof rebuilds the tree from the landlord's leaves: fewer per address than the checkpoints.
  @Get(':landlordCode/proofs/complaints/:publicId')
  @Public()
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'Inclusion proofs (RFC 9162) of one complaint’s events and rating in the landlord’s tree, at the latest checkpoint or at `size`',
  })
  inclusion(@Param() params: ComplaintProofParams, @Query() query: InclusionQueryDto) {
    return this.transparency.inclusion(params.landlordCode, params.publicId, query.size);
  }

  @Get(':landlordCode/proofs/consistency')
  @Public()
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: 'The consistency proof (RFC 9162) from the tree of `from` leaves to the tree of `to`',
  })
  consistency(@Param() params: LandlordCodeParams, @Query() query: ConsistencyQueryDto) {
    return this.transparency.consistency(params.landlordCode, query.from, query.to);
  }
}
