import type { SignedLicenseContent } from '@civicgraph/license-signature';
import type { License } from '@civicgraph/prisma/e-license';

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** The signed content of a stored license record, as the issuer signed it. */
export function signedContentOf(license: License): SignedLicenseContent {
  return {
    identifier: license.identifier,
    typeCode: license.typeCode,
    name: license.name,
    number: license.number,
    holderKind: license.holderKind,
    holderId: license.holderId,
    holderName: license.holderName,
    holderIdentifier: license.holderIdentifier,
    holderIdentifierType: license.holderIdentifierType,
    issuerName: license.issuerName,
    issuerCode: license.issuerCode,
    jurisdictionCode: license.jurisdictionCode,
    issuedOn: day(license.issuedOn)!,
    validFrom: day(license.validFrom)!,
    validUntil: day(license.validUntil),
    longTerm: license.longTerm,
    replacesId: license.replacesId,
  };
}
