import { Type, type Static } from 'typebox';

export const District = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.String(),
    nameJa: Type.String(),
    nameEn: Type.String(),
    cityWide: Type.Boolean({ description: 'Open to every verified resident of the city.' }),
    retired: Type.Boolean(),
    sortOrder: Type.Integer(),
  },
  { additionalProperties: false },
);
export type District = Static<typeof District>;

export const MapSettings = Type.Object(
  {
    tileUrl: Type.String({ description: 'Tile URL template with {z}, {x} and {y}, from MAP_TILE_URL.' }),
    attribution: Type.String({ description: 'Plain text shown on every map, from MAP_ATTRIBUTION.' }),
    center: Type.Object(
      { latitude: Type.Number(), longitude: Type.Number() },
      { additionalProperties: false, description: 'Where maps open (MAP_CENTER).' },
    ),
    zoom: Type.Integer({ minimum: 1, maximum: 19, description: 'Zoom level maps open at (MAP_ZOOM).' }),
  },
  { additionalProperties: false },
);
export type MapSettings = Static<typeof MapSettings>;

export const CityResponse = Type.Object(
  {
    nameJa: Type.String(),
    nameEn: Type.String(),
    timeZone: Type.String({ description: 'IANA time zone; days and schedules are counted in it.' }),
    currency: Type.String({ description: 'ISO 4217 code; amounts are integers in its smallest unit.' }),
    districts: Type.Array(District),
    map: Type.Union([MapSettings, Type.Null()], { description: 'Null when no map tiles are configured.' }),
  },
  { additionalProperties: false },
);
export type CityResponse = Static<typeof CityResponse>;

const LocalizedName = Type.String({ minLength: 1, maxLength: 120 });

export const UpdateCityBody = Type.Object(
  {
    nameJa: Type.Optional(LocalizedName),
    nameEn: Type.Optional(LocalizedName),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Asia/Tokyo.' }),
    ),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. JPY.' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCityBody = Static<typeof UpdateCityBody>;

export const DISTRICT_SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

export const CreateDistrictBody = Type.Object(
  {
    slug: Type.String({
      minLength: 1,
      maxLength: 40,
      pattern: DISTRICT_SLUG_PATTERN,
      description: 'Used in census files and export names.',
    }),
    nameJa: LocalizedName,
    nameEn: LocalizedName,
    cityWide: Type.Optional(Type.Boolean()),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CreateDistrictBody = Static<typeof CreateDistrictBody>;

export const UpdateDistrictBody = Type.Object(
  {
    nameJa: Type.Optional(LocalizedName),
    nameEn: Type.Optional(LocalizedName),
    cityWide: Type.Optional(Type.Boolean()),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    retired: Type.Optional(
      Type.Boolean({ description: 'A retired district takes no new budgets, census entries or codes.' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDistrictBody = Static<typeof UpdateDistrictBody>;

export const DistrictIdParams = Type.Object(
  { districtId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type DistrictIdParams = Static<typeof DistrictIdParams>;

export const DistrictList = Type.Object({ items: Type.Array(District) }, { additionalProperties: false });
export type DistrictList = Static<typeof DistrictList>;
