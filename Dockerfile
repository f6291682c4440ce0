# syntax=docker/dockerfile:1

# The lockfile is written by npm 11, which runs only the install scripts approved in
# package.json; the npm 10 bundled with the image would run them all.
FROM node:20-bookworm-slim AS base
ARG NPM_VERSION=11.19.1
RUN npm install --global npm@${NPM_VERSION} && npm cache clean --force
WORKDIR /app

FROM base AS build
# Manifests first: the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci
COPY tsconfig.base.json ./
COPY shared/ shared/
COPY server/ server/
COPY web/ web/
COPY migrations/ migrations/
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
# Every workspace manifest is needed for `npm ci` to match the lockfile; only the server's and
# shared's production dependencies are installed (the web app ships as static files).
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --omit=dev --workspace=@pb/server --workspace=@pb/shared && npm cache clean --force
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/web/dist web/dist
COPY --from=build /app/migrations migrations
# Code stays owned by root so the server cannot rewrite itself; only DATA_DIR (./data) is writable.
RUN mkdir data && chown node:node data
USER node
EXPOSE 3000
# Slim images have no curl; Node 20 has fetch built in.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server/dist/server.js"]
