export * from './canonical-export.js';
export * from './results.schema.js';
export * from './verify-export.js';
