/**
 * The citizen profile a service counter reads (the README's first example): registered for the
 * one-network-service demo scenario, which accepts registered operations only. Clients send it by id (its
 * SHA-256) or as exactly this text.
 */
export const CITIZEN_PROFILE_OPERATION = `query CitizenProfile($idNumber: String!) {
  personByIdNumber(idNumber: $idNumber) {
    name gender birthDate
    residenceAddress { fullText district { name } }
    licenses { name number status validUntil }
    representedEntities {
      name uscc
      registeredAddress { fullText }
      licenses(status: VALID) { name }
    }
  }
}`;
