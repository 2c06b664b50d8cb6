import preact from "@preact/preset-vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "/",
  plugins: [preact()],
  build: {
    outDir: "dist",
    // Every browser that runs native ES modules also supports modulepreload;
    // skipping the polyfill saves bytes in the entry chunk.
    modulePreload: { polyfill: false },
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
