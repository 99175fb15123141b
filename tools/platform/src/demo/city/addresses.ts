import type { AddressRow } from '../rows';
import type { CityDraw } from './cityDraw';

/** Addresses in a real township of the district: a flat with building and room, or a commercial unit. */
export function addressGenerator({ random, townshipsByDistrict, districtNames }: CityDraw) {
  return (districtCode: string, commercial: boolean): AddressRow => {
    const township = random.pick(townshipsByDistrict.get(districtCode)!);
    const road = random.pick(township.roads);
    const number = String(random.int(1, 1999));
    const building = commercial ? null : `${random.int(1, 40)}号楼`;
    const room = commercial
      ? `${random.int(1, 30)}${String(random.int(1, 20)).padStart(2, '0')}室`
      : `${random.int(1, 33)}${String(random.int(1, 8)).padStart(2, '0')}室`;
    return {
      id: random.uuid(),
      division_code: township.code,
      district_code: districtCode,
      road,
      number,
      building,
      room,
      full_text: `上海市${districtNames.get(districtCode)}${township.name}${road}${number}号${building ?? ''}${room}`,
      latitude: Math.round((township.lat + (random.next() - 0.5) * 0.006) * 1e6) / 1e6,
      longitude: Math.round((township.lng + (random.next() - 0.5) * 0.006) * 1e6) / 1e6,
    };
  };
}

export type MakeAddress = ReturnType<typeof addressGenerator>;
