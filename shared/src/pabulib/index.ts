export * from './decimal.js';
export * from './pabulib.types.js';
export * from './pabulib.parse.js';
export * from './pabulib.write.js';
