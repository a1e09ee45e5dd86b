/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

// Where `npm run dev` / `npm run preview` send the api's paths; `./waqup up` serves the built app itself.
const api = process.env.WAQUP_API ?? "http://127.0.0.1:8190";

/** Files of public/ that the shell needs offline, as URL paths. */
function publicFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push("/" + relative(dir, p).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

/** Writes sw.js (unhashed, at the root) with the list of the build's files to keep for offline use. */
function serviceWorker(): Plugin {
  return {
    name: "waqup-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = ["/", "/index.html", ...publicFiles("public"), ...Object.keys(bundle).map((f) => "/" + f)].filter(
        (f) => f !== "/sw.js" && !f.endsWith(".map"),
      );
      const version = createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 12);
      const source = readFileSync("src/sw/sw.js", "utf8")
        .replace("self.__WAQUP_PRECACHE__", JSON.stringify(files))
        .replace("self.__WAQUP_VERSION__", JSON.stringify(version));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

/** In development and preview only: the api serves /config.json in production. */
function devConfig(): Plugin {
  const serve = (_req: unknown, res: { setHeader: (k: string, v: string) => void; end: (b: string) => void }) => {
    res.setHeader("Content-Type", "application/json");
    res.setHeader("Cache-Control", "no-cache");
    res.end(readFileSync("dev/config.json", "utf8"));
  };
  return {
    name: "waqup-dev-config",
    configureServer(server) {
      server.middlewares.use("/config.json", serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use("/config.json", serve);
    },
  };
}

const proxy = { "/v1": { target: api, ws: true, changeOrigin: false } };

export default defineConfig({
  base: "/",
  plugins: [react(), serviceWorker(), devConfig()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
  },
  worker: { format: "es" },
  server: { proxy },
  preview: { proxy },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
