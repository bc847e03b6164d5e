# Suivi: one image for the API and the worker (the command chooses which).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY migrations migrations
COPY bench bench
COPY scripts scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The data folder (SMS sink without Twilio, the worker's heartbeat) belongs to the user the processes run as.
RUN mkdir -p /app/.suivi-data && chown node:node /app/.suivi-data && chmod 0700 /app/.suivi-data
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
