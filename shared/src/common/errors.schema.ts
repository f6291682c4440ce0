import { Type, type Static } from 'typebox';

/** The one shape every API error has: `{ "error": { "code", "message", "params"? } }`. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable machine-readable code, e.g. `cycles.rules_frozen`.' }),
        message: Type.String({ description: 'Human-readable explanation in English.' }),
        params: Type.Optional(
          Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
            description: 'Figures a client needs to word the error itself (e.g. the counts that clashed).',
          }),
        ),
      },
      { additionalProperties: false },
    ),
  },
  { $id: 'ErrorResponse', additionalProperties: false, description: 'Error body' },
);
export type ErrorResponse = Static<typeof ErrorResponse>;
