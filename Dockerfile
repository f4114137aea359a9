# Countersign image: `node bin/countersign.js serve|worker` as uid 1000, sources run by
# tsx (a runtime dependency), no dev dependencies, no build tools in the final stage.
# Build: docker build -t ghcr.io/countersign/countersign:latest .
# The root filesystem may be read-only; tsx needs a writable /tmp (the manifests mount
# an emptyDir there).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only to the process: the app cannot rewrite its own code.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "bin/countersign.js"]
CMD ["serve"]
