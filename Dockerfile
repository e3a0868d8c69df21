# The production image: the compiled JavaScript run by node itself (no tsx, no npm wrapper), as a non-root user.
#   docker build -t debt-bot .
#   docker run -p 3978:3978 -v debt-bot-data:/app/data \
#     -e AGENT_BOOTSTRAP_EMAIL=admin@example.com -e AGENT_BOOTSTRAP_PASSWORD=change-me-now debt-bot
# Settings are environment variables (.env.example); the SQLite database lives in the /app/data volume.

# Build: all dependencies (the full image has python3, make and g++ in case the SQLite driver must compile),
# the patched packages and the generated Prisma clients (npm ci's postinstall: patch-package, prisma generate), then
# dist/ and a node_modules with production packages only.
# tsconfig.json comes before npm ci: prisma generate reads it to write `./x.js` imports (without it, `./x.ts`, which
# the compiled client cannot load).
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY patches ./patches
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

# Run: dist/ (with its assets and the compiled Prisma clients), production node_modules and package.json ("type": "module").
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Writable by the server: the database folder, and the trained NLU model's cache (dist/nlu/.cache, trained at first start).
RUN mkdir -p data dist/nlu/.cache && chown node:node data dist/nlu/.cache
USER node
VOLUME ["/app/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The heap flags are the same as in package.json's start command: a 256 MB old generation keeps V8 collecting before
# garbage piles up (the live heap stays near 100 MB with thousands of conversations), 8 MB young semi-spaces halve the
# scavenges of 4 MB ones without a measurable cost in RSS (16 MB ones cost 20–30 MB), and optimising compilation on the
# main thread keeps the C heap from fragmenting (about 30 MB of RSS).
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=8", "--single-threaded-gc", "--no-concurrent-recompilation", "dist/start.js"]
