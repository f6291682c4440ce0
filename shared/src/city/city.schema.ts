import { Type, type Static } from 'typebox';

export const District = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    slug: Type.String(),
    nameJa: Type.String(),
    nameEn: Type.String(),
    cityWide: Type.Boolean({ description: 'Open to every verified resident of the city.' }),
    retired: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type District = Static<typeof District>;

export const CityResponse = Type.Object(
  {
    nameJa: Type.String(),
    nameEn: Type.String(),
    timeZone: Type.String({ description: 'IANA time zone; days and schedules are counted in it.' }),
    currency: Type.String({ description: 'ISO 4217 code; amounts are integers in its smallest unit.' }),
    districts: Type.Array(District),
  },
  { additionalProperties: false },
);
export type CityResponse = Static<typeof CityResponse>;
