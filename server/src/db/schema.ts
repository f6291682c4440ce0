/** Every table, for drizzle's typed queries; drizzle-kit reads the `*.table.ts` files directly. */
export * from '../modules/city/city.table.js';
