import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs these files in CI: their contract is checked by reading them.

const repoFile = (path: string): URL => new URL(`../../${path}`, import.meta.url);
const readRepoFile = (path: string): string => readFileSync(repoFile(path), 'utf8');

interface Healthcheck {
  test?: string | string[];
}

interface Service {
  image?: string;
  build?: unknown;
  deploy?: { replicas?: number };
  env_file?: string | (string | { path: string })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  ports?: (string | number | { published?: string | number; target?: number })[];
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = readRepoFile('docker-compose.yml');
const compose = parse(composeText) as Compose;

const SECRET_KEYS = ['JWT_SECRET', 'CENSUS_HMAC_KEY', 'POSTGRES_PASSWORD', 'METRICS_TOKEN'] as const;

function service(name: string): Service {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

function environmentOf(svc: Service): Map<string, string> {
  const env = new Map<string, string>();
  if (Array.isArray(svc.environment)) {
    for (const entry of svc.environment) {
      const [key = '', ...rest] = entry.split('=');
      env.set(key, rest.join('='));
    }
  } else if (svc.environment !== undefined) {
    for (const [key, value] of Object.entries(svc.environment)) env.set(key, value === null ? '' : String(value));
  }
  return env;
}

function envFilesOf(svc: Service): string[] {
  if (svc.env_file === undefined) return [];
  const files = Array.isArray(svc.env_file) ? svc.env_file : [svc.env_file];
  return files.map((file) => (typeof file === 'string' ? file : file.path));
}

function healthcheckCommand(svc: Service): string {
  const test = svc.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** `${VAR}`, `${VAR:?message}` or `${VAR?message}`: a required value with no default written here. */
function isRequiredInterpolationOf(value: string, name: string): boolean {
  return new RegExp(`^\\$\\{${name}(:?\\?[^}]*)?\\}$`).test(value);
}

function publishedPorts(svc: Service): string[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') return String(port.published ?? '');
    const parts = String(port)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    return parts.length > 1 ? (parts[parts.length - 2] ?? '') : '';
  });
}

describe('docker-compose.yml: PostgreSQL and Redis', () => {
  it('keeps PostgreSQL data in a named volume declared at the top level', () => {
    const mount = (service('postgres').volumes ?? []).find((volume) =>
      typeof volume === 'string'
        ? volume.endsWith(':/var/lib/postgresql/data')
        : volume.target === '/var/lib/postgresql/data',
    );
    expect(mount).toBeDefined();
    const source = typeof mount === 'string' ? mount.split(':')[0] : mount?.source;
    expect(source).toMatch(/^[a-zA-Z0-9][\w.-]*$/);
    expect(Object.keys(compose.volumes ?? {})).toContain(source);
  });

  it('reports PostgreSQL readiness with pg_isready and Redis with redis-cli ping', () => {
    expect(healthcheckCommand(service('postgres'))).toContain('pg_isready');
    expect(healthcheckCommand(service('redis'))).toMatch(/redis-cli\s+ping/);
  });
});

describe('docker-compose.yml: app', () => {
  const app = service('app');
  const env = environmentOf(app);

  it('starts the app only after PostgreSQL and Redis report healthy', () => {
    const dependsOn = app.depends_on;
    expect(dependsOn).toBeTypeOf('object');
    expect(Array.isArray(dependsOn)).toBe(false);
    const conditions = dependsOn as Record<string, { condition?: string }>;
    expect(conditions.postgres?.condition).toBe('service_healthy');
    expect(conditions.redis?.condition).toBe('service_healthy');
  });

  it('connects the app to the postgres and redis services', () => {
    expect(env.get('DATABASE_URL')).toMatch(/^postgres(ql)?:\/\/[^@]+@postgres:5432\/\S+$/);
    expect(env.get('REDIS_URL')).toMatch(/^redis:\/\/redis:6379\/?$/);
  });

  it('runs the app in production mode behind the trusted proxy', () => {
    expect(env.get('NODE_ENV')).toBe('production');
    expect(env.get('TRUST_PROXY')).toBe('true');
  });

  it('runs three app replicas, each checked on /api/ready', () => {
    expect(app.build).toBeDefined();
    expect(app.deploy?.replicas).toBe(3);
    expect(healthcheckCommand(app)).toContain('http://127.0.0.1:3000/api/ready');
  });

  it('publishes no app port: only the proxy is reachable, on 80 and 443', () => {
    expect(app.ports ?? []).toEqual([]);
    expect(publishedPorts(service('proxy'))).toEqual(expect.arrayContaining(['80', '443']));
  });
});

describe('docker-compose.yml: secrets', () => {
  it('gives the app its settings from the .env file', () => {
    expect(envFilesOf(service('app'))).toContain('.env');
  });

  it('never writes a secret literally in any service environment', () => {
    let checked = 0;
    for (const [name, svc] of Object.entries(compose.services)) {
      const env = environmentOf(svc);
      for (const key of SECRET_KEYS) {
        const value = env.get(key);
        if (value === undefined) continue;
        checked += 1;
        expect(isRequiredInterpolationOf(value, key), `${name}.environment.${key} = ${value}`).toBe(true);
      }
    }
    // JWT_SECRET, CENSUS_HMAC_KEY (app) and POSTGRES_PASSWORD (postgres) at least.
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('builds DATABASE_URL from the interpolated password, not a literal one', () => {
    const url = environmentOf(service('app')).get('DATABASE_URL') ?? '';
    const password = /^postgres(?:ql)?:\/\/(?:\$\{[^}]*\}|[^:@$]+):(.+)@postgres:/.exec(url)?.[1] ?? '';
    expect(isRequiredInterpolationOf(password, 'POSTGRES_PASSWORD')).toBe(true);
  });

  it('stops compose when a required secret is missing', () => {
    for (const key of ['JWT_SECRET', 'CENSUS_HMAC_KEY', 'POSTGRES_PASSWORD']) {
      expect(composeText).toMatch(new RegExp(`\\$\\{${key}:\\?[^}]+\\}`));
    }
  });
});

describe('proxy and Caddyfile', () => {
  it('mounts deploy/Caddyfile read-only into the proxy', () => {
    const mounts = service('proxy').volumes ?? [];
    const caddyfile = mounts.find((volume) =>
      typeof volume === 'string'
        ? /^\.\/deploy\/Caddyfile:\/etc\/caddy\/Caddyfile:ro$/.test(volume)
        : volume.source === './deploy/Caddyfile' &&
          volume.target === '/etc/caddy/Caddyfile' &&
          volume.read_only === true,
    );
    expect(caddyfile).toBeDefined();
    expect(existsSync(repoFile('deploy/Caddyfile'))).toBe(true);
  });

  it('spreads requests over every app replica on port 3000', () => {
    const caddyfile = readRepoFile('deploy/Caddyfile').replace(/#.*$/gm, '');
    const proxy = /reverse_proxy\b[^{\n]*\{([\s\S]*?)\n\t?\}/.exec(caddyfile)?.[1] ?? '';
    const staticUpstream = /reverse_proxy[^\n{]*\bapp:3000\b/.test(caddyfile);
    const dynamicBlock = /dynamic\s+a\s*\{([^}]*)\}/.exec(proxy)?.[1] ?? '';
    const dynamicUpstream =
      /dynamic\s+a\s+app\s+3000\b/.test(proxy) ||
      (/\bname\s+app\b/.test(dynamicBlock) && /\bport\s+3000\b/.test(dynamicBlock));
    expect(staticUpstream || dynamicUpstream).toBe(true);
  });

  it('serves the site address from the environment, defaulting to localhost', () => {
    expect(readRepoFile('deploy/Caddyfile')).toMatch(/^\{\$SITE_ADDRESS:localhost\}\s*\{/m);
  });
});

describe('Dockerfile', () => {
  // Continuation lines joined, comments and blank lines dropped.
  const instructions = readRepoFile('Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const fromIndexes = instructions.flatMap((line, index) => (/^FROM\s/i.test(line) ? [index] : []));
  const finalStage = instructions.slice(fromIndexes[fromIndexes.length - 1] ?? 0);
  const finalIn = (keyword: string): string[] =>
    finalStage.filter((line) => line.toUpperCase().startsWith(`${keyword} `));

  it('builds in one stage and runs in a separate one, on node:20-bookworm-slim', () => {
    expect(fromIndexes.length).toBeGreaterThanOrEqual(2);
    expect(instructions.some((line) => /^FROM\s+node:20-bookworm-slim\b/i.test(line))).toBe(true);
    const buildIndex = instructions.indexOf('RUN npm run build');
    expect(buildIndex).toBeGreaterThan(-1);
    // The build runs before the final FROM: compilers and dev dependencies stay out of the image.
    expect(buildIndex).toBeLessThan(fromIndexes[fromIndexes.length - 1] ?? 0);
  });

  it('installs only production dependencies in the final stage and copies the build output into it', () => {
    expect(finalIn('RUN').some((line) => /npm ci\b.*--omit=dev/.test(line))).toBe(true);
    const copied = finalIn('COPY')
      .filter((line) => line.includes('--from='))
      .join('\n');
    for (const path of ['shared/dist', 'server/dist', 'web/dist', 'migrations']) expect(copied).toContain(path);
  });

  it('runs the final stage as the non-root node user', () => {
    expect(finalIn('USER').at(-1)).toBe('USER node');
  });

  it('checks liveness with node fetch and starts server/dist/server.js', () => {
    const healthcheck = finalIn('HEALTHCHECK').join('\n');
    expect(healthcheck).toMatch(
      /^HEALTHCHECK\b[^#]*\bCMD \["node", "-e", "fetch\('http:\/\/127\.0\.0\.1:3000\/api\/health'\)/,
    );
    expect(finalIn('EXPOSE')).toContain('EXPOSE 3000');
    const cmd = finalIn('CMD').at(-1) ?? 'CMD []';
    expect(JSON.parse(cmd.replace(/^CMD\s+/i, ''))).toEqual(['node', 'server/dist/server.js']);
  });

  it('keeps local builds, dependencies and secrets out of the build context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    for (const pattern of ['**/node_modules', '**/dist', '.git', '.env', 'data', 'coverage']) {
      expect(ignored).toContain(pattern);
    }
  });
});

describe('.env.example', () => {
  const lines = readRepoFile('.env.example').split(/\r?\n/);
  const documented = new Map<string, { value: string; comment: string }>();
  lines.forEach((line, index) => {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    const previous = lines[index - 1] ?? '';
    if (match?.[1] !== undefined) documented.set(match[1], { value: match[2] ?? '', comment: previous });
  });

  it('documents every variable the server reads, each with a comment', () => {
    const source = readRepoFile('server/src/config.ts');
    const schema = /const EnvSchema = Type\.Object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
    const keys = [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*): Type\./gm)].map((match) => match[1]);
    expect(keys).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'JWT_SECRET', 'CENSUS_HMAC_KEY']));
    for (const key of keys) {
      expect(documented.has(key ?? ''), `${key} in .env.example`).toBe(true);
      expect(documented.get(key ?? '')?.comment, `comment above ${key}`).toMatch(/^#\s*\S/);
    }
  });

  it('documents every variable docker-compose.yml interpolates', () => {
    const interpolated = new Set([...composeText.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)/g)].map((match) => match[1]));
    expect(interpolated.size).toBeGreaterThan(0);
    for (const key of interpolated) expect(documented.has(key ?? ''), `${key} in .env.example`).toBe(true);
  });

  it('holds placeholders, never usable secrets, and says how to generate them', () => {
    for (const key of SECRET_KEYS) {
      const value = documented.get(key)?.value;
      expect(value, key).toBeDefined();
      expect(value === '' || value?.startsWith('change-me'), `${key}=${value}`).toBe(true);
    }
    // The server requires 32 characters: a forgotten placeholder stops it instead of signing with it.
    for (const key of ['JWT_SECRET', 'CENSUS_HMAC_KEY']) expect(documented.get(key)?.value.length).toBeLessThan(32);
    expect(lines.join('\n')).toContain('openssl rand -base64 48');
  });
});
