export * from './common/errors.schema.js';
export * from './health/health.schema.js';
export * from './city/city.schema.js';
export * from './i18n/locales.js';
export * from './pabulib/index.js';
export * from './allocation/index.js';
