import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isRole, type Role } from '@pb/shared';
import type { AppConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { AuthErrors } from '../../modules/auth/auth.errors.js';
import { createDenialRecorder } from '../../modules/audit/audit.denials.js';
import { findSessionWithUser } from '../../modules/auth/auth.repository.js';

/** Who may call a route: anyone, any signed-in user, or holders of one of the listed roles. */
export type RouteAccess = 'public' | 'signed-in' | readonly Role[];

export interface RequestAuth {
  userId: string;
  sessionId: string;
  roles: Role[];
  mustChangePassword: boolean;
  /** Read with the session at no extra cost: casting a ballot needs it on every request. */
  residency: Residency;
  /** Cookie-borne credentials are what CSRF exploits; bearer tokens are never sent by a browser on its own. */
  via: 'cookie' | 'bearer';
}

export interface Residency {
  districtId: string | null;
  verificationMethod: string | null;
  censusHash: string | null;
}

export interface AccessTableEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** Routes a user who must change their password may still call. */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
  interface FastifyInstance {
    /** Every API route with its declared access, for the allow/deny test and the docs. */
    accessTable: AccessTableEntry[];
  }
}

export const SESSION_COOKIE = 'pb_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes of libraries (the interactive API docs) that are public by nature. */
const PUBLIC_PREFIXES = ['/api/docs'];

interface TokenClaims {
  sub: string;
  sid: string;
}

function isTokenClaims(payload: unknown): payload is TokenClaims {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const claims = payload as Record<string, unknown>;
  return typeof claims.sub === 'string' && typeof claims.sid === 'string' && /^[0-9a-f-]{36}$/.test(claims.sid);
}

function readToken(request: FastifyRequest): { token: string; via: RequestAuth['via'] } | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (match?.[1] === undefined) throw new AppError(AuthErrors.tokenInvalid, 'Use "Authorization: Bearer <token>".');
    return { token: match[1], via: 'bearer' };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie === undefined || cookie === '' ? undefined : { token: cookie, via: 'cookie' };
}

/** Verifies the token and its session row; throws the 401 that explains what is wrong. */
export async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<RequestAuth | null> {
  const found = readToken(request);
  if (found === undefined) return null;
  let claims: unknown;
  try {
    claims = app.jwt.verify(found.token);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new AppError(code === 'FAST_JWT_EXPIRED' ? AuthErrors.tokenExpired : AuthErrors.tokenInvalid);
  }
  if (!isTokenClaims(claims)) throw new AppError(AuthErrors.tokenInvalid);
  const session = await findSessionWithUser(app.db, claims.sid);
  if (session?.userId !== claims.sub) throw new AppError(AuthErrors.tokenInvalid);
  if (session.disabledAt !== null || session.deletedAt !== null) throw new AppError(AuthErrors.accountDisabled);
  if (session.revokedAt !== null || session.expiresAt.getTime() <= Date.now())
    throw new AppError(AuthErrors.tokenRevoked);
  return {
    userId: session.userId,
    sessionId: session.sessionId,
    roles: session.roles.filter(isRole),
    mustChangePassword: session.mustChangePassword,
    residency: {
      districtId: session.districtId,
      verificationMethod: session.verificationMethod,
      censusHash: session.censusHash,
    },
    via: found.via,
  };
}

/**
 * For public routes that show more to some roles (drafts to staff): the caller's auth when the
 * credentials are valid, anonymous otherwise (a stale cookie must not break a public page).
 */
export async function optionalAuth(app: FastifyInstance, request: FastifyRequest): Promise<RequestAuth | null> {
  try {
    return await authenticate(app, request);
  } catch {
    return null;
  }
}

export function requireAuth(request: FastifyRequest): RequestAuth {
  if (request.auth === null) throw new AppError(AuthErrors.required);
  return request.auth;
}

function allowedOrigins(config: Pick<AppConfig, 'publicUrl'>, request: FastifyRequest): string[] {
  return [new URL(config.publicUrl).origin, `${request.protocol}://${request.host}`];
}

/**
 * Refuses state-changing requests a browser sent on behalf of another site: Fetch Metadata first
 * (every current browser sends it), the Origin header otherwise. Scripts send neither and pass.
 */
function assertSameOrigin(config: Pick<AppConfig, 'publicUrl'>, request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return;
    throw new AppError(AuthErrors.crossSiteRequest);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins(config, request).includes(origin)) {
    throw new AppError(AuthErrors.crossSiteRequest);
  }
}

function hasAccess(access: RouteAccess, auth: RequestAuth): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return access.some((role) => auth.roles.includes(role));
}

/**
 * Every API route must declare `config.access`; a route without it stops the server at start-up.
 * Access is checked in onRequest, before the body is read.
 */
export default fp(
  async function accessPlugin(app: FastifyInstance, options: { config: Pick<AppConfig, 'publicUrl'> }) {
    app.decorate('accessTable', [] as AccessTableEntry[]);
    app.decorateRequest('auth', null);
    const recordDenial = createDenialRecorder();

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api')) return;
      const config = (route.config ?? {}) as { access?: RouteAccess };
      if (config.access === undefined && PUBLIC_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
        route.config = { ...route.config, access: 'public' };
      } else if (config.access === undefined) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access)`);
      }
      const access = (route.config as { access: RouteAccess }).access;
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') app.accessTable.push({ method, url: route.url, access });
      }
    });

    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      if (config.access === undefined) return;
      assertSameOrigin(options.config, request);
      if (config.access === 'public') return;
      const auth = await authenticate(app, request);
      if (auth === null) throw new AppError(AuthErrors.required);
      request.auth = auth;
      if (!hasAccess(config.access, auth)) {
        await recordDenial(app.db, auth.userId, request.method, request.routeOptions.url ?? request.url);
        throw new AppError(AuthErrors.forbidden);
      }
      if (auth.mustChangePassword && config.allowDuringPasswordChange !== true) {
        throw new AppError(AuthErrors.passwordChangeRequired);
      }
    });
  },
  { name: 'access', dependencies: ['jwt', 'db'] },
);
