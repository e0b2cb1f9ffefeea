# Multi-stage image for the API and the worker (same image, another command).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY db/package.json db/
COPY app/package.json app/
COPY workers/package.json workers/
COPY server/package.json server/
COPY cli/package.json cli/
COPY web/package.json web/
COPY tests/package.json tests/
COPY bench/package.json bench/
# npm ci applies these to node_modules (postinstall: patch-package).
COPY patches/ patches/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
# The web app, and the worker bundled to plain JavaScript (workers/dist/main.js, run by
# `npm run worker:prod` without tsx, its heap capped at WORKER_HEAP_MB, default 256 MB).
RUN npm run build && npm run worker:build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/.data/exports && chown -R node:node /app/.data
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "server/src/start.ts"]
