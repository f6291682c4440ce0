export * from './ballots.schema.js';
export * from './paper.schema.js';
export * from './validate-ballot.js';
export * from './choice-text.js';
