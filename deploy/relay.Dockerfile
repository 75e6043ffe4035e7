# The relay, built from this repository: `docker build -f deploy/relay.Dockerfile -t incident-room-relay .`
# Node 20 as in development; better-sqlite3 compiles against it (the embedded relay and `migrate`
# use it), so the build stage has the toolchain and the runtime stage only the result.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# No Electron or Chromium downloads: the relay needs neither.
ENV ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:relay && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist-relay ./dist-relay
COPY --from=build /app/package.json ./
USER node
EXPOSE 4455
# Flags come from the environment (RELAY_*, docs/RELAY.md); listen on every interface in a container.
ENV RELAY_HOST=0.0.0.0
ENTRYPOINT ["node", "dist-relay/relay.mjs"]
