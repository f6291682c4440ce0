import { Type, type Static } from 'typebox';

export const HealthResponse = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false });
export type HealthResponse = Static<typeof HealthResponse>;

export const DatabaseDriver = Type.Union([Type.Literal('postgres'), Type.Literal('pglite')]);
export type DatabaseDriver = Static<typeof DatabaseDriver>;

export const ReadyResponse = Type.Object(
  {
    status: Type.Literal('ready'),
    database: DatabaseDriver,
  },
  { additionalProperties: false },
);
export type ReadyResponse = Static<typeof ReadyResponse>;
