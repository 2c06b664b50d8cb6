# syntax=docker/dockerfile:1
# The SPA, built with Node 20 and served by nginx, which also proxies the API to `web`.
# Build from the repository root: docker build -f deploy/frontend.Dockerfile .

FROM node:20-bookworm-slim AS build
# The lockfile is written by npm 11, and Vite 8 did not install with npm 10 (node:20's
# own) on this project's machines.
ARG NPM_VERSION=11.19.1
RUN npm install --global "npm@${NPM_VERSION}"
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM nginx:1.27-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY deploy/nginx-proxy-to-web.conf /etc/nginx/snippets/proxy-to-web.conf
COPY deploy/nginx-security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /src/frontend/dist/ /usr/share/nginx/html/
EXPOSE 80
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1/index.html || exit 1
