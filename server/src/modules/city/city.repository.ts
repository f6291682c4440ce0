import { asc } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { city, districts } from './city.table.js';

export type CityRow = typeof city.$inferSelect;
export type DistrictRow = typeof districts.$inferSelect;
export type NewDistrictRow = typeof districts.$inferInsert;

export async function findCity(db: Database): Promise<CityRow | undefined> {
  const rows = await db.select().from(city).limit(1);
  return rows[0];
}

export async function listDistricts(db: Database): Promise<DistrictRow[]> {
  return db.select().from(districts).orderBy(asc(districts.sortOrder), asc(districts.nameEn));
}

/** Inserts the city row unless one exists; returns whether this call created it. */
export async function insertCityIfMissing(
  db: Database,
  values: Pick<CityRow, 'nameJa' | 'nameEn' | 'timeZone' | 'currency'>,
): Promise<boolean> {
  const inserted = await db
    .insert(city)
    .values({ id: 1, ...values })
    .onConflictDoNothing({ target: city.id })
    .returning({ id: city.id });
  return inserted.length > 0;
}

export async function insertDistricts(db: Database, rows: NewDistrictRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(districts).values(rows).onConflictDoNothing({ target: districts.slug });
}
