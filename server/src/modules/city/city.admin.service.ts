import type { CityResponse, CreateDistrictBody, District, UpdateCityBody, UpdateDistrictBody } from '@pb/shared';
import { sql } from 'drizzle-orm';
import { isValidTimeZone } from '../../config.js';
import type { Database } from '../../db/database.js';
import { hasPostgresCode, PG_FOREIGN_KEY_VIOLATION, PG_RESTRICT_VIOLATION } from '../../db/postgres-errors.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { CityErrors } from './city.errors.js';
import {
  deleteDistrictRow,
  findDistrict,
  insertDistrict,
  updateCityRow,
  updateDistrictRow,
} from './city.repository.js';
import { getCity, toDistrictDto } from './city.service.js';

export async function updateCity(
  db: Database,
  actorId: string,
  patch: UpdateCityBody,
): Promise<Omit<CityResponse, 'map'>> {
  if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) throw new AppError(CityErrors.invalidTimeZone);
  await db.transaction(async (tx) => {
    await updateCityRow(tx, patch);
    await recordAudit(tx, { actorId, action: 'city.updated', details: { ...patch } });
  });
  return getCity(db);
}

export async function createDistrict(db: Database, actorId: string, body: CreateDistrictBody): Promise<District> {
  return db.transaction(async (tx) => {
    const row = await insertDistrict(tx, {
      slug: body.slug,
      nameJa: body.nameJa.trim(),
      nameEn: body.nameEn.trim(),
      cityWide: body.cityWide ?? false,
      sortOrder: body.sortOrder ?? 0,
    });
    if (row === undefined) throw new AppError(CityErrors.districtSlugTaken);
    await recordAudit(tx, { actorId, action: 'city.district_created', subjectId: row.id, details: { slug: row.slug } });
    return toDistrictDto(row);
  });
}

export async function updateDistrict(
  db: Database,
  actorId: string,
  districtId: string,
  patch: UpdateDistrictBody,
): Promise<District> {
  return db.transaction(async (tx) => {
    const existing = await findDistrict(tx, districtId);
    if (existing === undefined) throw new AppError(CityErrors.districtNotFound);
    const { retired, ...rest } = patch;
    const row = await updateDistrictRow(tx, districtId, {
      ...rest,
      ...(retired === undefined ? {} : { retiredAt: retired ? (existing.retiredAt ?? sql`now()`) : null }),
    });
    if (row === undefined) throw new AppError(CityErrors.districtNotFound);
    await recordAudit(tx, { actorId, action: 'city.district_updated', subjectId: districtId, details: { ...patch } });
    return toDistrictDto(row);
  });
}

/** Only a district nothing refers to can go; the foreign keys decide, so no reference is missed. */
export async function deleteDistrict(db: Database, actorId: string, districtId: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      if (!(await deleteDistrictRow(tx, districtId))) throw new AppError(CityErrors.districtNotFound);
      await recordAudit(tx, { actorId, action: 'city.district_deleted', subjectId: districtId });
    });
  } catch (error) {
    if (hasPostgresCode(error, PG_FOREIGN_KEY_VIOLATION) || hasPostgresCode(error, PG_RESTRICT_VIOLATION))
      throw new AppError(CityErrors.districtInUse);
    throw error;
  }
}
