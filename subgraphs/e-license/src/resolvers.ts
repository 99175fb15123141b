import { badUserInput } from '@civicgraph/errors';
import { parseIdNumber, parseLicenseIdentifier, parseUscc } from '@civicgraph/identifiers';
import { verifyLicenseSignature } from '@civicgraph/license-signature';
import type { LicenseStatus } from '@civicgraph/prisma/e-license';
import {
  accessLogOf,
  DateScalar,
  DateTimeScalar,
  findDisclosures,
  isRecordId,
  loadRequired,
  orAbsent,
  requireValid,
  visibleOrNull,
  disclosureChainStatus,
} from '@civicgraph/subgraph-kit';
import type { ELicenseContext } from './context';
import type { Resolvers } from './generated/graphql';
import { licenseRule, requireHolderAllowed, requireRootLookupAllowed } from './rowRules';
import { signedContentOf } from './signedContentOf';
import { licenseStatistics } from './licenseStatistics';

/** The two-digit status codes of the license specification. */
export const STATUS_CODES: Record<LicenseStatus, string> = {
  VALID: '01',
  SUSPENDED: '02',
  WITHDRAWN: '03',
  CANCELLED: '04',
  EXPIRED: '05',
  TRANSFERRED_OUT: '06',
  REVOKED: '07',
  OTHER: '99',
};

interface HolderFilter {
  typeCode?: string | null;
  status?: LicenseStatus | null;
}

function typeCodeArgument(typeCode: string | null | undefined): string | null {
  if (typeCode == null) return null;
  if (!/^[0-9A-Z]{1,32}$/.test(typeCode)) throw badUserInput('typeCode', 'must be 1–32 digits or capital letters');
  return typeCode;
}

/** The holder identifier is a citizen ID number or a USCC; either must be valid. */
function holderIdentifierArgument(value: string): string {
  const asId = parseIdNumber(value);
  if (asId.ok) return asId.value.value;
  const asUscc = parseUscc(value);
  if (asUscc.ok) return asUscc.value.value;
  throw badUserInput('holderIdentifier', `neither a valid citizen ID number (${asId.reason}) nor a valid USCC (${asUscc.reason})`);
}

const holderLicenses = (holderId: string, filter: HolderFilter, ctx: ELicenseContext) =>
  isRecordId(holderId) ? ctx.loaders.licensesOfHolder.load({ holderId, typeCode: typeCodeArgument(filter.typeCode), status: filter.status ?? null }) : [];

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query: {
    licenseStatistics: (_, { by }, ctx) => licenseStatistics(ctx.db, by),
    licenseDisclosureChain: (_, __, ctx) => disclosureChainStatus(ctx.db),
    licenseDisclosures: (_, args, ctx) => findDisclosures(ctx.prisma, args.filter, args),
    license: async (_, args, ctx) => {
      const { value } = requireValid('identifier', parseLicenseIdentifier(args.identifier));
      requireRootLookupAllowed(ctx.caller);
      return visibleOrNull(await ctx.prisma.license.findUnique({ where: { identifier: value } }), licenseRule, ctx.caller);
    },
    licensesByHolder: (_, args, ctx) => {
      const holderIdentifier = holderIdentifierArgument(args.holderIdentifier);
      requireRootLookupAllowed(ctx.caller);
      requireHolderAllowed(ctx.caller, holderIdentifier);
      const typeCode = typeCodeArgument(args.typeCode);
      return ctx.prisma.license.findMany({
        where: { holderIdentifier, ...(typeCode ? { typeCode } : {}), ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ issuedOn: 'desc' }, { id: 'asc' }],
      });
    },
    licenseTypes: (_, __, ctx) => ctx.prisma.licenseType.findMany({ orderBy: { code: 'asc' } }),
    verifyLicense: async (_, args, ctx) => {
      const { value } = requireValid('identifier', parseLicenseIdentifier(args.identifier));
      const checkedAt = new Date();
      requireRootLookupAllowed(ctx.caller);
      // A license outside the caller's rows is answered as one that does not exist: its status is data.
      const license = visibleOrNull(
        await ctx.prisma.license.findUnique({ where: { identifier: value }, include: { signingKey: true } }),
        licenseRule,
        ctx.caller,
      );
      if (!license) return { identifier: value, valid: false, failure: 'NOT_FOUND', status: null, checkedAt };
      const valid = verifyLicenseSignature(signedContentOf(license), license.signature, license.signingKey.publicKey);
      return { identifier: value, valid, failure: valid ? null : 'SIGNATURE_MISMATCH', status: license.status, checkedAt };
    },
  },
  License: {
    accessLog: (parent, args, ctx) => accessLogOf(ctx.prisma, 'License', parent.id, args),
    __resolveReference: (ref, ctx) => (isRecordId(ref.id) ? ctx.loaders.licenseById.load(ref.id) : null),
    type: (l, _, ctx) => loadRequired(ctx.loaders.licenseTypeByCode, l.typeCode, 'license type'),
    holder: (l) => ({ __typename: l.holderKind === 'PERSON' ? 'Person' : 'LegalEntity', id: l.holderId }),
    jurisdiction: (l) => ({ __typename: 'Division', code: l.jurisdictionCode }),
    statusCode: (l) => STATUS_CODES[l.status],
    replaces: (l, _, ctx) => (l.replacesId ? orAbsent(ctx.loaders.licenseById.load(l.replacesId)) : null),
  },
  LicenseType: {
    __resolveReference: (ref, ctx) => ctx.loaders.licenseTypeByCode.load(ref.code),
  },
  Person: {
    licenses: (p, args, ctx) => holderLicenses(p.id, args, ctx),
  },
  LegalEntity: {
    licenses: (e, args, ctx) => holderLicenses(e.id, args, ctx),
  },
};
