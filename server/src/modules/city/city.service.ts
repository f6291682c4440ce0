import type { CityResponse } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { CityErrors } from './city.errors.js';
import { findCity, insertCityIfMissing, insertDistricts, listDistricts, type DistrictRow } from './city.repository.js';

export function toDistrictDto(row: DistrictRow): CityResponse['districts'][number] {
  return {
    id: row.id,
    slug: row.slug,
    nameJa: row.nameJa,
    nameEn: row.nameEn,
    cityWide: row.cityWide,
    retired: row.retiredAt !== null,
    sortOrder: row.sortOrder,
  };
}

export async function getCity(db: Database): Promise<Omit<CityResponse, 'map'>> {
  const [row, districtRows] = await Promise.all([findCity(db), listDistricts(db)]);
  if (row === undefined) throw new AppError(CityErrors.notConfigured);
  return {
    nameJa: row.nameJa,
    nameEn: row.nameEn,
    timeZone: row.timeZone,
    currency: row.currency,
    districts: districtRows.map(toDistrictDto),
  };
}

export interface CitySeedOptions {
  /** One name for both languages, from CITY_NAME; the demo names otherwise. */
  cityName: string | undefined;
  timeZone: string;
  /** Demo districts (later: demo accounts and a demo cycle) for trying the platform out. */
  demo: boolean;
}

export const DEMO_CITY = { nameJa: 'みどり市', nameEn: 'Midori City' } as const;

export const DEMO_DISTRICTS = [
  { slug: 'city-wide', nameJa: '市全域', nameEn: 'City-wide', cityWide: true, sortOrder: 0 },
  { slug: 'kita', nameJa: '北地区', nameEn: 'Kita (North)', cityWide: false, sortOrder: 1 },
  { slug: 'minami', nameJa: '南地区', nameEn: 'Minami (South)', cityWide: false, sortOrder: 2 },
  { slug: 'higashi', nameJa: '東地区', nameEn: 'Higashi (East)', cityWide: false, sortOrder: 3 },
  { slug: 'nishi', nameJa: '西地区', nameEn: 'Nishi (West)', cityWide: false, sortOrder: 4 },
] as const;

/**
 * Creates the city on first start (and, for demos, its districts). Runs in one transaction and
 * relies on the single-row primary key, so replicas starting together seed exactly once.
 */
export async function seedCity(db: Database, options: CitySeedOptions): Promise<boolean> {
  return db.transaction(async (tx) => {
    const created = await insertCityIfMissing(tx, {
      nameJa: options.cityName ?? DEMO_CITY.nameJa,
      nameEn: options.cityName ?? DEMO_CITY.nameEn,
      timeZone: options.timeZone,
      currency: 'JPY',
    });
    if (created && options.demo)
      await insertDistricts(
        tx,
        DEMO_DISTRICTS.map((district) => ({ ...district })),
      );
    return created;
  });
}
