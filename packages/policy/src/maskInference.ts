import type { MaskKind } from './masking';

/** One grant as the inference check needs it: a coordinate, read masked or not. */
export interface MaskedGrant {
  coordinate: string;
  mask?: MaskKind | string | null;
}

/**
 * A value some grant reads masked, and what undoes the mask: the same value through another coordinate
 * (another owner's copy), and the coordinates that reveal exactly the part the mask hides.
 */
interface ProtectedValue {
  name: string;
  /** Coordinates that carry the whole value. */
  carriers: readonly string[];
  /** Coordinates that reveal what a mask hides, each with how. */
  revealers: readonly { coordinate: string; reveals: string }[];
}

const PROTECTED_VALUES: readonly ProtectedValue[] = [
  {
    name: 'citizen ID number',
    carriers: ['Person.idNumber', 'License.holderIdentifier'],
    // The mask keeps the issuing county and the last four; what it hides, digits 7–14, is the birth date.
    revealers: [{ coordinate: 'Person.birthDate', reveals: 'digits 7–14 of an ID number, which the mask hides, are the birth date' }],
  },
  { name: "person's name", carriers: ['Person.name', 'License.holderName'], revealers: [] },
  { name: 'phone number', carriers: ['Person.phone'], revealers: [] },
  {
    name: 'address',
    carriers: ['Address.fullText'],
    // The mask keeps the address down to its township; these give what follows it, or the exact point
    // (distances from chosen points locate an address).
    revealers: [
      ...['road', 'number', 'building', 'room', 'latitude', 'longitude'].map((field) => ({
        coordinate: `Address.${field}`,
        reveals: `Address.${field} gives what the address mask hides (everything below the township)`,
      })),
      { coordinate: 'NearbyAddress.distanceMeters', reveals: 'distances from chosen points locate an address exactly, below the township the mask keeps' },
    ],
  },
];

/** Two grants that together give back what one of them reads masked. */
export interface MaskInference {
  /** The grant read masked. */
  masked: string;
  /** The grant that undoes the mask. */
  revealedBy: string;
  reason: string;
}

/**
 * Every pair of grants in one set where a value read masked can be rebuilt from another grant: the same
 * value unmasked through another coordinate (another owner's copy of it), or a coordinate that reveals the
 * part the mask hides (an ID number's birth date). A mask protects only what the other grants do not give
 * away, so such a set must not be granted together — to one scenario, or to one application across the
 * scenarios it is bound to.
 */
export function maskInferences(grants: readonly MaskedGrant[]): MaskInference[] {
  const masked = new Set(grants.filter((g) => g.mask).map((g) => g.coordinate));
  const raw = new Set(grants.filter((g) => !g.mask).map((g) => g.coordinate));
  const found: MaskInference[] = [];
  for (const value of PROTECTED_VALUES) {
    for (const carrier of value.carriers.filter((c) => masked.has(c))) {
      for (const other of value.carriers.filter((c) => raw.has(c))) {
        found.push({ masked: carrier, revealedBy: other, reason: `${other} gives the same ${value.name} unmasked` });
      }
      for (const revealer of value.revealers.filter((r) => raw.has(r.coordinate) || masked.has(r.coordinate))) {
        found.push({ masked: carrier, revealedBy: revealer.coordinate, reason: revealer.reveals });
      }
    }
  }
  return found;
}
