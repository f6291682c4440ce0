import { Type, type Static } from 'typebox';

/** The one shape every API error has: `{ "error": { "code", "message" } }`. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable machine-readable code, e.g. `cycles.rules_frozen`.' }),
        message: Type.String({ description: 'Human-readable explanation in English.' }),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'ErrorResponse', additionalProperties: false, description: 'Error body' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;
