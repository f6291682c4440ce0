import type { Database } from '../../db/database.js';
import { findDistrict } from '../city/city.repository.js';
import { findCycleRow } from '../cycles/cycles.repository.js';

/** Lower-case ASCII words joined by dashes: what every browser and file system takes as it is. */
export function asciiSlug(text: string, maxLength = 40): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
}

/** RFC 8187 value characters: encodeURIComponent leaves a few that must be escaped too. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** No path separators, quotes or control characters in a name offered for saving. */
function safeName(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f/\\"]+/g, ' ').trim();
}

/**
 * `attachment` with an ASCII name for old clients and the Japanese one as `filename*` (RFC 6266),
 * so a saved export reads "予算サイクル-北地区.pb" rather than a district's UUID.
 */
export function attachmentHeader(ascii: string, unicode: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeExtValue(safeName(unicode))}`;
}

export interface ExportNaming {
  cycle: { id: string; titleJa: string; titleEn: string };
  district?: { slug: string; nameJa: string } | undefined;
}

/**
 * `<cycle title>-<first 8 of its id>-<district slug>.pb` or `…-<table file name>`: readable, and still
 * unique per cycle when two cycles share a title.
 */
export function exportFileName(naming: ExportNaming, file: string): string {
  const { cycle, district } = naming;
  const base = `${asciiSlug(cycle.titleEn) || 'cycle'}-${cycle.id.slice(0, 8)}`;
  const ascii = district === undefined ? `${base}-${file}` : `${base}-${district.slug}${file}`;
  const unicode = district === undefined ? `${cycle.titleJa}-${file}` : `${cycle.titleJa}-${district.nameJa}${file}`;
  return attachmentHeader(ascii, unicode);
}

/** The names for an export that was just produced (so the cycle and the district exist). */
export async function exportNaming(db: Database, cycleId: string, districtId?: string): Promise<ExportNaming> {
  const cycle = await findCycleRow(db, cycleId);
  const district = districtId === undefined ? undefined : await findDistrict(db, districtId);
  return {
    cycle: cycle ?? { id: cycleId, titleJa: 'cycle', titleEn: 'cycle' },
    district: district ?? (districtId === undefined ? undefined : { slug: districtId, nameJa: districtId }),
  };
}
