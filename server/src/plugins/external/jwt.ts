import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export const TOKEN_ISSUER = 'participatory-budgeting';
export const TOKEN_AUDIENCE = 'participatory-budgeting-api';
export const ACCESS_TOKEN_TTL_MS = 30 * 60 * 1000;
/** @fastify/jwt reads a numeric expiresIn as seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = ACCESS_TOKEN_TTL_MS / 1000;

declare module '@fastify/jwt' {
  interface FastifyJWT {
    /** What our tokens carry besides iss, aud, iat and exp: the user and the session row. */
    payload: { sub: string; sid: string };
  }
}

export interface JwtPluginOptions {
  secret: string;
}

/**
 * Tokens are HS256 only: pinning one algorithm rules out `alg: none` and algorithm confusion;
 * issuer, audience and expiry are checked on every verification.
 */
export default fp(
  async function jwtPlugin(app: FastifyInstance, options: JwtPluginOptions) {
    await app.register(cookie);
    await app.register(jwt, {
      secret: options.secret,
      sign: { algorithm: 'HS256', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, expiresIn: ACCESS_TOKEN_TTL_SECONDS },
      verify: {
        algorithms: ['HS256'],
        allowedIss: TOKEN_ISSUER,
        allowedAud: TOKEN_AUDIENCE,
        requiredClaims: ['exp', 'iat', 'sub', 'sid'],
      },
    });
  },
  { name: 'jwt' },
);
