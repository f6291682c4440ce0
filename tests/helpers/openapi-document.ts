/** The OpenAPI document as the fuzz and hostile-input tests read it: operations and body schemas. */
/** The subset of JSON Schema that the OpenAPI document of this API uses. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface ApiOperation {
  method: string;
  /** The OpenAPI path template, e.g. `/api/cycles/{cycleId}`. */
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  bodySchema: JsonSchema | undefined;
}

export function listOperations(document: OpenApiDocument): ApiOperation[] {
  const operations: ApiOperation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        queryParams: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** Every object schema inside a request body that accepts fields it does not declare, by JSON path. */
export function openObjectSchemas(schema: JsonSchema, where: string): string[] {
  const found: string[] = [];
  const isObject = schema.type === 'object' || schema.properties !== undefined;
  if (isObject && schema.additionalProperties !== false) found.push(where);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push(...openObjectSchemas(property, `${where}.${name}`));
  }
  if (schema.items !== undefined) found.push(...openObjectSchemas(schema.items, `${where}[]`));
  for (const [keyword, list] of [
    ['anyOf', schema.anyOf],
    ['oneOf', schema.oneOf],
    ['allOf', schema.allOf],
  ] as const) {
    (list ?? []).forEach((branch, index) => found.push(...openObjectSchemas(branch, `${where}<${keyword}${index}>`)));
  }
  return found;
}
