export * from './allocation.types.js';
export * from './election.js';
export * from './tie-breaking.js';
export * from './greedy.js';
export * from './mes.js';
export * from './phragmen.js';
export * from './allocate.js';
