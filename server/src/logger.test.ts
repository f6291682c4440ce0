import { Writable } from 'node:stream';
import { DrizzleQueryError } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger.js';

const SECRET = 'resident-4711@example.org';

function uniqueViolation(): Error {
  const error = new pg.DatabaseError(`duplicate key value violates unique constraint "users_email_unique"`, 0, 'error');
  return Object.assign(error, {
    code: '23505',
    severity: 'ERROR',
    detail: `Key (email)=(${SECRET}) already exists.`,
    table: 'users',
    constraint: 'users_email_unique',
    schema: 'public',
  });
}

function failedQuery(cause: Error): DrizzleQueryError {
  return new DrizzleQueryError('insert into "users" ("email") values ($1)', [SECRET], cause);
}

/** The lines a Fastify logger built with our options writes for `write(app.log)`. */
async function logged(write: (log: FastifyBaseLogger) => void): Promise<string> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = Fastify(loggerOptions('info', stream));
  write(app.log);
  await app.close();
  return lines.join('');
}

describe('error logging', () => {
  it('logs a database error by SQLSTATE, condition and identifiers, without its message, detail or query', async () => {
    const output = await logged((log) => {
      log.error({ err: failedQuery(uniqueViolation()) }, 'request failed');
    });
    const line = JSON.parse(output) as { err: Record<string, unknown> };
    expect(line.err.db).toEqual({
      sqlState: '23505',
      condition: 'unique_violation',
      severity: 'ERROR',
      schema: 'public',
      table: 'users',
      constraint: 'users_email_unique',
    });
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(/insert into|Failed query|params|duplicate key/i);
  });

  it('gives an error logged without a message a safe one instead of the error text', async () => {
    const output = await logged((log) => {
      log.error(failedQuery(uniqueViolation()));
      log.warn({ err: failedQuery(new Error('Connection terminated unexpectedly')) });
    });
    const [first, second] = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { msg: string });
    expect(first?.msg).toBe('database error 23505 unique_violation');
    expect(second?.msg).toBe('database query failed');
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(/insert into|Failed query|params/i);
  });

  it('keeps the cause of a failed query that is no database error, and drops the query it quotes', async () => {
    const output = await logged((log) => {
      log.error({ err: failedQuery(new Error('Connection terminated unexpectedly')) }, 'job failed');
    });
    const line = JSON.parse(output) as { err: { type: string; stack: string; cause: { message: string } } };
    expect(line.err.type).toBe('DrizzleQueryError');
    expect(line.err.stack).toMatch(/^DrizzleQueryError\n\s+at /);
    expect(line.err.cause.message).toBe('Connection terminated unexpectedly');
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(/insert into|Failed query|params/i);
  });

  it('keeps the message and stack of a plain bug', async () => {
    const output = await logged((log) => {
      log.error({ err: new TypeError('Cannot read properties of undefined') }, 'unhandled error');
    });
    const line = JSON.parse(output) as { msg: string; err: { type: string; message: string; stack: string } };
    expect(line).toMatchObject({ msg: 'unhandled error', err: { type: 'TypeError' } });
    expect(line.err.message).toBe('Cannot read properties of undefined');
    expect(line.err.stack).toContain('logger.test.ts');
  });
});
