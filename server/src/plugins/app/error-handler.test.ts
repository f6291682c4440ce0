import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './error-handler.js';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a server shutting down', withCode('terminating connection due to administrator command', '57P01')],
    [
      'a crash of another backend',
      withCode('terminating connection because of crash of another server process', '57P02'),
    ],
    ['a server starting or recovering', withCode('the database system is starting up', '57P03')],
    ['a full server', withCode('sorry, too many clients already', '53300')],
    ['an unreachable host', withCode('connect EHOSTUNREACH 10.0.0.5:5432', 'EHOSTUNREACH')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    [
      'a client broken by an earlier error',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'an outage wrapped by drizzle',
      new Error('Failed query: select 1', { cause: withCode('refused', 'ECONNREFUSED') }),
    ],
  ])('counts %s as an outage (503)', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['a plain bug', new TypeError('Cannot read properties of undefined')],
  ])('does not count %s as an outage', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
