import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import preact from "@preact/preset-vite";
import type { Plugin } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

// Chunks that only village staff use get a "staff-" prefix: the service worker leaves them
// out of its precache (residents never download them) and caches them on first use instead.
const STAFF_MODULES = /\/src\/(app\/staff|features\/casework|features\/dashboard|features\/suggestion-box|features\/reports\/staff|i18n\/staff)\//;

/**
 * Writes `.br` and `.gz` beside each text file of dist/: WhiteNoise (Django serving the SPA
 * without nginx, as in `make run`) sends these to browsers that accept them, and otherwise
 * sends the files uncompressed.
 */
function precompress(): Plugin {
  const TEXT = /\.(js|css|html|svg|webmanifest|json)$/;
  return {
    name: "pengaduan:precompress",
    apply: "build",
    closeBundle: {
      order: "post",
      handler() {
        const walk = (dir: string): string[] =>
          readdirSync(dir).flatMap((name) => {
            const full = path.join(dir, name);
            return statSync(full).isDirectory() ? walk(full) : [full];
          });
        for (const file of walk(path.resolve(import.meta.dirname, "dist"))) {
          if (!TEXT.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue;
          const data = readFileSync(file);
          if (data.length < 1024) continue;
          writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
          writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }
      },
    },
  };
}

export default defineConfig({
  base: "/",
  plugins: [
    preact(),
    precompress(),
    VitePWA({
      // Registered by src/app/pwa.ts; an inline script would break the CSP (script-src 'self').
      injectRegister: null,
      registerType: "autoUpdate",
      strategies: "generateSW",
      filename: "sw.js",
      manifestFilename: "manifest.webmanifest",
      includeAssets: ["icons/favicon-32.png", "icons/apple-touch-icon.png"],
      manifest: {
        id: "/",
        name: "Pengaduan Desa",
        short_name: "Pengaduan",
        description: "Layanan pengaduan masyarakat desa: sampaikan, lacak, dan nilai jawabannya.",
        lang: "id",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#f5f7f6",
        theme_color: "#0b5d3b",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        globPatterns: ["index.html", "assets/*.{js,css}", "icons/favicon-32.png", "icons/icon-192.png"],
        globIgnores: ["assets/staff-*"],
        navigateFallback: "/index.html",
        // /berkas/: files by presigned URL (docs/deploy.md), never the SPA.
        navigateFallbackDenylist: [/^\/api\//, /^\/admin\//, /^\/static\//, /^\/media\//, /^\/berkas\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          {
            // Staff chunks: hashed names, so the first copy is good forever.
            urlPattern: ({ url }) => url.pathname.startsWith("/assets/staff-"),
            handler: "CacheFirst",
            options: { cacheName: "staff-assets", expiration: { maxEntries: 60 } },
          },
          {
            // The desa's emblem: a new emblem is a new URL, so the first copy is good forever.
            urlPattern: ({ url }) => /^\/api\/v1\/regions\/[^/]+\/emblem\//.test(url.pathname),
            handler: "CacheFirst",
            options: { cacheName: "desa-emblems", expiration: { maxEntries: 20 } },
          },
          {
            // What the form needs offline: the desa's name and categories (public, no identity).
            urlPattern: ({ url, request }) =>
              request.method === "GET" &&
              /^\/api\/v1\/(regions\/[^/]+|desa\/[^/]+\/categories)\/$/.test(url.pathname),
            handler: "NetworkFirst",
            options: {
              cacheName: "desa-public",
              networkTimeoutSeconds: 5,
              expiration: { maxEntries: 20, maxAgeSeconds: 30 * 24 * 3600 },
            },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: "dist",
    // Every browser that runs native ES modules also supports modulepreload;
    // skipping the polyfill saves bytes in the entry chunk.
    modulePreload: { polyfill: false },
    // bench/ reads it to add up the resident flow's chunks.
    manifest: true,
    rolldownOptions: {
      output: {
        chunkFileNames: (chunk) =>
          (chunk.facadeModuleId && STAFF_MODULES.test(chunk.facadeModuleId)) ||
          (chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => STAFF_MODULES.test(id)))
            ? "assets/staff-[name]-[hash].js"
            : "assets/[name]-[hash].js",
      },
    },
  },
  server: {
    // `npm run dev` talks to a local backend (`manage.py runserver`) on the same origin.
    proxy: { "/api": "http://127.0.0.1:8000" },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}", "eslint-rules/**/*.test.js"],
    setupFiles: ["src/testing/setup.ts"],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
