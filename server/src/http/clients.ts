import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import type { Logger } from "../logger";

export const ROOT_DIR = path.resolve(import.meta.dirname, "../../..");

const CLIENTS = [
  { name: "kiosk-client", mount: "/kiosk" },
  { name: "admin-client", mount: "/admin" },
] as const;

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** A client build is stale when any source (or shared code) is newer. */
export function isClientStale(name: string): boolean {
  const dir = path.join(ROOT_DIR, name);
  const built = path.join(dir, "dist", "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(dir, "src")),
    newestMtime(path.join(ROOT_DIR, "server", "shared")),
    newestMtime(path.join(dir, "public")),
    ...["index.html", "vite.config.ts", "package.json"].map((file) =>
      existsSync(path.join(dir, file))
        ? statSync(path.join(dir, file)).mtimeMs
        : 0,
    ),
  );
  return sources > builtAt;
}

/** Builds the kiosk and admin clients with Vite when missing or stale. */
export function ensureClientsBuilt(logger: Logger): void {
  for (const client of CLIENTS) {
    if (!isClientStale(client.name)) continue;
    logger.info({ client: client.name }, "building client (missing or stale)");
    const result = spawnSync(
      "npm",
      ["run", "build", "--workspace", client.name],
      {
        cwd: ROOT_DIR,
        // Whoever asks (a test runner, a dev shell), what gets served is a production build.
        env: { ...process.env, NODE_ENV: "production" },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    if (result.status !== 0) throw new Error(`building ${client.name} failed`);
  }
}

/**
 * Serves the built clients: the kiosk at /kiosk, the console at /admin, and
 * the public pages (booking portal, /verify) from the admin client's build.
 */
export function serveClients(app: Express): void {
  for (const client of CLIENTS) {
    const dist = path.join(ROOT_DIR, client.name, "dist");
    app.use(client.mount, express.static(dist, { index: false, maxAge: "1h" }));
    app.get([client.mount, `${client.mount}/*rest`], (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(dist, "index.html"));
    });
  }
  const adminIndex = path.join(ROOT_DIR, "admin-client", "dist", "index.html");
  app.get(
    [
      "/",
      "/book",
      "/book/*rest",
      "/booking/*rest",
      "/verify",
      "/verify/*rest",
      "/programs",
      "/programs/*rest",
    ],
    (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(adminIndex);
    },
  );
}
