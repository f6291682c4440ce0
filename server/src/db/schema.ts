/** Every table, for drizzle's typed queries; drizzle-kit reads the `*.table.ts` files directly. */
export * from '../modules/city/city.table.js';
export * from '../modules/users/users.table.js';
export * from '../modules/auth/auth.table.js';
export * from '../modules/verification/verification.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/mail/mail.table.js';
export * from '../modules/cycles/cycles.table.js';
export * from '../modules/proposals/proposals.table.js';
export * from '../modules/notifications/notifications.table.js';
export * from '../modules/discussion/discussion.table.js';
export * from '../modules/ballots/ballots.table.js';
export * from '../modules/results/results.table.js';
export * from '../modules/progress/progress.table.js';
