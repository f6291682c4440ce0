import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** The repository root, from both `server/src` (tsx, vitest) and `server/dist` (built). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** http(s), a host (`{s}.` allowed as its first label), then a path with {z}, {x} and {y}. */
const MAP_TILE_URL_PATTERN =
  '^https?://(\\{s\\}\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?/[^\\s<>"]*\\{z\\}[^\\s<>"]*\\{x\\}[^\\s<>"]*\\{y\\}[^\\s<>"]*$';

/** Where maps open when MAP_CENTER is unset: the demo city (みどり市, Gunma). */
export const DEFAULT_MAP_CENTER = { latitude: 36.3948, longitude: 139.2813 } as const;

const EnvSchema = Type.Object({
  NODE_ENV: Type.Optional(Type.String()),
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  CENSUS_HMAC_KEY: Type.Optional(Type.String({ minLength: 32 })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  CITY_NAME: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  CITY_TZ: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
  LOG_LEVEL: Type.Optional(
    Type.Union([
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ]),
  ),
  SEED_DEMO: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  TRUST_PROXY: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  REQUEST_TIMEOUT_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{2,6}$' })),
  DATABASE_POOL_SIZE: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
  MAP_TILE_URL: Type.Optional(Type.String({ pattern: MAP_TILE_URL_PATTERN })),
  MAP_ATTRIBUTION: Type.Optional(Type.String({ pattern: '^[^<>]{1,300}$' })),
  MAP_CENTER: Type.Optional(Type.String({ pattern: '^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$' })),
  MAP_ZOOM: Type.Optional(Type.String({ pattern: '^([1-9]|1[0-9])$' })),
});

const SECRET_KEYS = new Set([
  'DATABASE_URL',
  'JWT_SECRET',
  'CENSUS_HMAC_KEY',
  'METRICS_TOKEN',
  'REDIS_URL',
  'SMTP_URL',
]);

/** Human-readable hints printed next to the validator's message. */
const HINTS: Record<string, string> = {
  PORT: 'a TCP port number such as 3000',
  DATABASE_URL: 'a connection string such as postgres://user:password@host:5432/db',
  JWT_SECRET: 'at least 32 characters; generate one with `openssl rand -base64 48`',
  CENSUS_HMAC_KEY: 'at least 32 characters; keep it forever: census hashes depend on it',
  REDIS_URL: 'a URL such as redis://127.0.0.1:6379',
  METRICS_TOKEN: 'at least 16 characters',
  SMTP_URL: 'a URL such as smtp://user:password@mail.example.org:587',
  PUBLIC_URL: 'the origin residents open, such as https://pb.example.org (no path, no trailing slash)',
  LOG_LEVEL: LOG_LEVELS.join(', '),
  SEED_DEMO: 'true or false',
  TRUST_PROXY: 'true or false',
  REQUEST_TIMEOUT_MS: 'milliseconds from 100 to 9999999, such as 15000',
  DATABASE_POOL_SIZE: 'connections per server process, 1 to 999, such as 20',
  MAP_TILE_URL: 'a tile URL template such as https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png',
  MAP_ATTRIBUTION: 'plain text without < or >, up to 300 characters, such as 地理院タイル',
  MAP_CENTER: 'latitude,longitude in degrees, such as 36.3948,139.2813',
  MAP_ZOOM: 'a zoom level from 1 to 19, such as 13',
};

export interface MapConfig {
  tileUrl: string;
  attribution: string;
  center: { latitude: number; longitude: number };
  zoom: number;
}

export type DatabaseConfig =
  | { driver: 'postgres'; url: string }
  /** `dataDir` undefined: an in-memory database (tests). */
  | { driver: 'pglite'; dataDir: string | undefined };

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  database: DatabaseConfig;
  dataDir: string;
  jwtSecret: string;
  censusHmacKey: string;
  redisUrl: string | undefined;
  metricsToken: string | undefined;
  smtpUrl: string | undefined;
  /** Origin for links in mail and the CSRF origin check; never taken from a request's Host header. */
  publicUrl: string;
  cityName: string | undefined;
  cityTimeZone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  seedDemo: boolean;
  trustProxy: boolean;
  /** A request not answered by then gets 503 `service.unavailable` (uploads and exports get longer). */
  requestTimeoutMs: number;
  /** PostgreSQL connections each server process keeps at most. */
  databasePoolSize: number;
  /** The built web app served at `/`; absent when it has not been built. */
  webDistDir: string;
  /** Map tiles for proposal places; undefined hides every map (places are then text only). */
  map: MapConfig | undefined;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Keeps only the variables we know, dropping empty strings (an empty `PORT=` means unset). */
function pickKnown(env: Env): Static<typeof EnvSchema> {
  const picked: Static<typeof EnvSchema> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') (picked as Record<string, string>)[key] = value;
  }
  return picked;
}

interface DevSecrets {
  jwtSecret: string;
  censusHmacKey: string;
}

/** Outside production, secrets are generated once and kept under DATA_DIR so restarts keep sessions. */
function loadOrCreateDevSecrets(dataDir: string): DevSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
    if (typeof stored.jwtSecret === 'string' && typeof stored.censusHmacKey === 'string') {
      return { jwtSecret: stored.jwtSecret, censusHmacKey: stored.censusHmacKey };
    }
  }
  const secrets: DevSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    censusHmacKey: randomBytes(48).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/** Validates the environment once at boot; every problem is reported at once, with a hint. */
export function loadConfig(env: Env = process.env): AppConfig {
  const raw = pickKnown(env);
  const problems: string[] = [];
  const invalidKeys = new Set(
    Value.Errors(EnvSchema, raw).map((error) => error.instancePath.replace(/^\//, '').split('/')[0] ?? ''),
  );
  for (const key of invalidKeys) {
    const value = raw[key as keyof typeof raw];
    const shown = SECRET_KEYS.has(key) ? `${String(value?.length ?? 0)} characters` : `"${String(value)}"`;
    problems.push(`${key}: invalid value, got ${shown} (expected ${HINTS[key] ?? 'a valid value'})`);
  }
  if (raw.PORT !== undefined && (Number(raw.PORT) < 1 || Number(raw.PORT) > 65535)) {
    problems.push(`PORT: must be between 1 and 65535 (got ${raw.PORT})`);
  }
  const cityTimeZone = raw.CITY_TZ ?? 'Asia/Tokyo';
  if (!isValidTimeZone(cityTimeZone)) {
    problems.push(`CITY_TZ: unknown time zone "${cityTimeZone}" (expected an IANA name such as Asia/Tokyo)`);
  }
  const production = raw.NODE_ENV === 'production';
  if (production) {
    for (const key of ['JWT_SECRET', 'CENSUS_HMAC_KEY', 'PUBLIC_URL'] as const) {
      if (raw[key] === undefined) problems.push(`${key}: required when NODE_ENV=production (${HINTS[key]})`);
    }
  }
  const map = mapConfig(raw, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const dataDirSetting = raw.DATA_DIR ?? './data';
  const dataDir = isAbsolute(dataDirSetting) ? dataDirSetting : resolve(REPO_ROOT, dataDirSetting);
  const secrets =
    raw.JWT_SECRET !== undefined && raw.CENSUS_HMAC_KEY !== undefined
      ? { jwtSecret: raw.JWT_SECRET, censusHmacKey: raw.CENSUS_HMAC_KEY }
      : { ...loadOrCreateDevSecrets(dataDir), ...definedSecrets(raw) };

  return {
    production,
    port: raw.PORT === undefined ? 3000 : Number(raw.PORT),
    host: raw.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    database:
      raw.DATABASE_URL === undefined
        ? { driver: 'pglite', dataDir: join(dataDir, 'pglite') }
        : { driver: 'postgres', url: raw.DATABASE_URL },
    dataDir,
    jwtSecret: secrets.jwtSecret,
    censusHmacKey: secrets.censusHmacKey,
    redisUrl: raw.REDIS_URL,
    metricsToken: raw.METRICS_TOKEN,
    smtpUrl: raw.SMTP_URL,
    publicUrl: raw.PUBLIC_URL ?? `http://localhost:${raw.PORT ?? '3000'}`,
    cityName: raw.CITY_NAME,
    cityTimeZone,
    logLevel: raw.LOG_LEVEL ?? 'info',
    seedDemo: raw.SEED_DEMO === undefined ? !production : raw.SEED_DEMO === 'true',
    trustProxy: raw.TRUST_PROXY === 'true',
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS === undefined ? 15_000 : Number(raw.REQUEST_TIMEOUT_MS),
    databasePoolSize: raw.DATABASE_POOL_SIZE === undefined ? 10 : Number(raw.DATABASE_POOL_SIZE),
    webDistDir: join(REPO_ROOT, 'web', 'dist'),
    map,
  };
}

function mapConfig(raw: Static<typeof EnvSchema>, problems: string[]): MapConfig | undefined {
  const center = raw.MAP_CENTER?.split(',').map(Number);
  const [latitude, longitude] = center ?? [DEFAULT_MAP_CENTER.latitude, DEFAULT_MAP_CENTER.longitude];
  if (latitude === undefined || longitude === undefined || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    problems.push(`MAP_CENTER: out of range (expected ${HINTS.MAP_CENTER ?? ''})`);
    return undefined;
  }
  if (raw.MAP_TILE_URL === undefined) return undefined;
  if (raw.MAP_ATTRIBUTION === undefined) {
    problems.push(
      `MAP_ATTRIBUTION: required with MAP_TILE_URL (tile providers ask to be credited; ${HINTS.MAP_ATTRIBUTION ?? ''})`,
    );
    return undefined;
  }
  return {
    tileUrl: raw.MAP_TILE_URL,
    attribution: raw.MAP_ATTRIBUTION,
    center: { latitude, longitude },
    zoom: raw.MAP_ZOOM === undefined ? 13 : Number(raw.MAP_ZOOM),
  };
}

/** The CSP source that admits the tile host and nothing else (`{s}` subdomains as a wildcard). */
export function tileImageSource(tileUrl: string): string {
  const origin = /^https?:\/\/[^/]+/.exec(tileUrl)?.[0] ?? tileUrl;
  return origin.replace('{s}.', '*.');
}

function definedSecrets(raw: Static<typeof EnvSchema>): Partial<DevSecrets> {
  const secrets: Partial<DevSecrets> = {};
  if (raw.JWT_SECRET !== undefined) secrets.jwtSecret = raw.JWT_SECRET;
  if (raw.CENSUS_HMAC_KEY !== undefined) secrets.censusHmacKey = raw.CENSUS_HMAC_KEY;
  return secrets;
}
