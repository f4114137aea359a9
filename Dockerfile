# Countersign image: compiled JavaScript (`npm run build` → dist/) run by
# `node --enable-source-maps dist/cli/main.js serve|worker` as uid 1000, production
# dependencies only: no TypeScript, no tsx, no build tools in the final stage.
# Build: docker build -t ghcr.io/countersign/countersign:0.1.0 .
# The root filesystem can be read-only: nothing is compiled or cached at start.
# The base is the current Node LTS; the code itself still runs on Node >= 20.19.
# test/integration/build/image-recipe.test.ts performs this recipe without Docker.
ARG NODE_IMAGE=node:26-bookworm-slim

# Compiles src/ (dev dependencies: TypeScript) into dist/ with source maps and the console's static files.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
RUN npm run build

# Production dependencies only, from the same lock file.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the process: the app cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY --from=build /app/dist ./dist
# The Teams app manifest and icons, which `countersign teams-package` zips.
COPY manifests/teams ./manifests/teams
USER 1000:1000
# 8080: the public port (chat ingress, console); 9090: /healthz, /readyz, /metrics (METRICS_PORT).
EXPOSE 8080 9090
ENTRYPOINT ["node", "--enable-source-maps", "dist/cli/main.js"]
CMD ["serve"]
