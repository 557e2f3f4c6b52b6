# The API and the worker as one image (docs: README, "Production shape"). Two stages: the build
# compiles with the dev dependencies, the runtime holds only the production ones and dist/.
#   docker build -t khuyen-cong .
#   docker run --env-file infra/production.env khuyen-cong                       # the API
#   docker run --env-file infra/production.env khuyen-cong dist/apps/worker/src/main.js
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /srv/khuyen-cong
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY tools tools
COPY apps apps
COPY libs libs
RUN node tools/ensure-build.js --force

FROM node:20.20.2-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /srv/khuyen-cong
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /srv/khuyen-cong/dist dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.WORKER_HEALTH_PORT || process.env.PORT) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["node"]
CMD ["dist/apps/api/src/main.js"]
