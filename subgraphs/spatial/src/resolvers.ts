import { badUserInput } from '@civicgraph/errors';
import { parseDivisionCode } from '@civicgraph/identifiers';
import type { Division } from '@civicgraph/prisma/spatial';
import {
  DateTimeScalar,
  findDisclosures,
  isRecordId,
  loadRequired,
  MAX_PAGE_SIZE,
  requireRecordId,
  requireSearchAllowed,
  requireValid,
  disclosureChainStatus,
} from '@civicgraph/subgraph-kit';
import type { SpatialContext } from './context';
import type { Resolvers } from './generated/graphql';

/** Largest radius `addressesNear` accepts: a neighbourhood, not a city-wide scan. */
export const MAX_RADIUS_METERS = 5_000;
const EARTH_RADIUS_METERS = 6_371_008.8;
const METERS_PER_DEGREE_LATITUDE = 111_320;

interface NearbyRow {
  id: string;
  distance_meters: number;
}

async function fullNameOf(division: Division, ctx: SpatialContext): Promise<string> {
  const names = [division.name];
  let parentCode = division.parentCode;
  while (parentCode) {
    const parent = await ctx.loaders.divisionByCode.load(parentCode);
    if (!parent) break;
    names.unshift(parent.name);
    parentCode = parent.parentCode;
  }
  return names.join('');
}

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    spatialDisclosureChain: (_, __, ctx) => disclosureChainStatus(ctx.db),
    spatialDisclosures: (_, args, ctx) => findDisclosures(ctx.prisma, args.filter, args),
    division: (_, args, ctx) => ctx.loaders.divisionByCode.load(requireValid('code', parseDivisionCode(args.code)).value),
    divisions: async (_, args, ctx) => {
      if (args.level == null && args.parentCode == null) throw badUserInput('level', 'give a level, a parentCode, or both');
      const parentCode = args.parentCode == null ? undefined : requireValid('parentCode', parseDivisionCode(args.parentCode)).value;
      const rows = await ctx.prisma.division.findMany({
        where: { ...(args.level ? { level: args.level } : {}), ...(parentCode ? { parentCode } : {}) },
        orderBy: { code: 'asc' },
      });
      for (const row of rows) ctx.loaders.divisionByCode.prime(row.code, row);
      return rows;
    },
    address: (_, args, ctx) => ctx.loaders.addressById.load(requireRecordId('id', args.id)),
    addressesNear: async (_, args, ctx) => {
      const { latitude, longitude, radiusMeters } = args;
      const first = args.first ?? 20;
      requireSearchAllowed(ctx.caller, 'Query.addressesNear', first);
      if (!(latitude >= -90 && latitude <= 90)) throw badUserInput('latitude', 'must be between -90 and 90');
      if (!(longitude >= -180 && longitude <= 180)) throw badUserInput('longitude', 'must be between -180 and 180');
      if (!(radiusMeters > 0 && radiusMeters <= MAX_RADIUS_METERS)) throw badUserInput('radiusMeters', `must be more than 0 and at most ${MAX_RADIUS_METERS}`);
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badUserInput('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`);
      // A bounding box on the (latitude, longitude) index narrows the rows; the haversine distance sorts them.
      const dLat = radiusMeters / METERS_PER_DEGREE_LATITUDE;
      const dLng = radiusMeters / (METERS_PER_DEGREE_LATITUDE * Math.max(Math.cos((latitude * Math.PI) / 180), 0.01));
      const rows = await ctx.prisma.$queryRaw<NearbyRow[]>`
        SELECT id, distance_meters FROM (
          SELECT id, ${2 * EARTH_RADIUS_METERS}::float8 * asin(sqrt(
            power(sin(radians(latitude - ${latitude}::float8) / 2), 2) +
            cos(radians(${latitude}::float8)) * cos(radians(latitude)) * power(sin(radians(longitude - ${longitude}::float8) / 2), 2)
          )) AS distance_meters
          FROM address
          WHERE latitude BETWEEN ${latitude - dLat}::float8 AND ${latitude + dLat}::float8
            AND longitude BETWEEN ${longitude - dLng}::float8 AND ${longitude + dLng}::float8
        ) AS candidates
        WHERE distance_meters <= ${radiusMeters}::float8
        ORDER BY distance_meters, id
        LIMIT ${first}`;
      return Promise.all(
        rows.map(async (row) => ({
          address: await loadRequired(ctx.loaders.addressById, row.id, 'address'),
          distanceMeters: Math.round(Number(row.distance_meters) * 10) / 10,
        })),
      );
    },
  },
  Division: {
    __resolveReference: (ref, ctx) => ctx.loaders.divisionByCode.load(ref.code),
    parent: (d, _, ctx) => (d.parentCode ? ctx.loaders.divisionByCode.load(d.parentCode) : null),
    children: (d, _, ctx) => ctx.loaders.childrenOf.load(d.code),
    fullName: (d, _, ctx) => fullNameOf(d, ctx),
  },
  Address: {
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.addressById.load(ref.id) : null),
    division: (a, _, ctx) => loadRequired(ctx.loaders.divisionByCode, a.divisionCode, 'division'),
    district: (a, _, ctx) => loadRequired(ctx.loaders.divisionByCode, a.districtCode, 'division'),
  },
};
