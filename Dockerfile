# One image, two roles: the worker (default) and the webhook server.
#   docker build -t coxswain .
#   docker run coxswain                          # worker
#   docker run -p 8888:8888 coxswain dist/webhook/server.js   # webhook server
# Configuration comes from the environment (see .env.example) and /app/config.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The GitHub simulator is a workspace (a devDependency: the build needs its types, the image does not).
COPY packages/github-sim/package.json packages/github-sim/
# --ignore-scripts: `prepare` would build before the sources are copied; we build below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.client-types.json ./
COPY packages ./packages
COPY src ./src
# The simulator builds first (its types), Coxswain second; pruning then drops every
# devDependency, and --workspaces=false the simulator too (npm keeps a workspace's link even with
# --omit=dev), so only dist/ and production modules reach the image.
RUN npm run build && npm prune --omit=dev --ignore-scripts --workspaces=false

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY config ./config
USER node
EXPOSE 8888
ENTRYPOINT ["node"]
CMD ["dist/worker/main.js"]
