# capsim in a container, for sweeps split over a cluster (docs/sweeps.md): a Kubernetes Indexed Job
# (deploy/k8s-indexed-job.yaml) or an AWS Batch array job (deploy/aws-batch-job.json) runs one
# shard per container; `capsim merge` joins the parts.
#   docker build -t capsim .
#   docker run --rm -v "$PWD/out:/out" capsim sweep scenarios/capacity-plan.yaml --out /out/plan
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
# --ignore-scripts: `prepare` builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY src ./src
COPY scripts/bundle.mjs ./scripts/
RUN npx tsc -p tsconfig.json && node scripts/bundle.mjs && npm prune --omit=dev

FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY schema ./schema
COPY scenarios ./scenarios
# capsim's arguments, or a shell command (`sh -c "…"`: AWS Batch cannot replace the entrypoint).
COPY --chmod=755 deploy/entrypoint.sh /usr/local/bin/capsim-entrypoint
USER node
ENTRYPOINT ["capsim-entrypoint"]
CMD ["--help"]
