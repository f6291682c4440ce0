export * from './imports.schema.js';
export * from './pabulib-import.js';
