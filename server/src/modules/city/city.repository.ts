import { asc, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
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

export async function updateCityRow(
  db: Database,
  values: Partial<Pick<CityRow, 'nameJa' | 'nameEn' | 'timeZone' | 'currency'>>,
): Promise<void> {
  await db
    .update(city)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(city.id, 1));
}

export async function findDistrict(db: Database, districtId: string): Promise<DistrictRow | undefined> {
  const rows = await db.select().from(districts).where(eq(districts.id, districtId)).limit(1);
  return rows[0];
}

export async function insertDistrict(db: Database, values: NewDistrictRow): Promise<DistrictRow | undefined> {
  const rows = await db.insert(districts).values(values).onConflictDoNothing({ target: districts.slug }).returning();
  return rows[0];
}

export async function updateDistrictRow(
  db: Database,
  districtId: string,
  values: PgUpdateSetSource<typeof districts>,
): Promise<DistrictRow | undefined> {
  const rows = await db.update(districts).set(values).where(eq(districts.id, districtId)).returning();
  return rows[0];
}

export async function deleteDistrictRow(db: Database, districtId: string): Promise<boolean> {
  const rows = await db.delete(districts).where(eq(districts.id, districtId)).returning({ id: districts.id });
  return rows.length > 0;
}
