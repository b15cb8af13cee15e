import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type UserConfig } from "vite";

const API_TARGET = "http://localhost:8080";

/**
 * In production the server sends this app's index.html for the public
 * pages (/, /book, /booking/…, /verify…); the dev server does the same here.
 */
function publicPagesFallback(): Plugin {
  const publicPage =
    /^\/(?:$|book(?:\/|$)|booking\/|verify(?:\/|$)|programs(?:\/|$))/;
  return {
    name: "synaq-public-pages",
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.url && publicPage.test(req.url)) req.url = "/admin/";
        next();
      });
    },
  };
}

const config: UserConfig = {
  base: "/admin/",
  plugins: [react(), publicPagesFallback()],
  resolve: {
    alias: {
      "@shared": fileURLToPath(new URL("../server/shared", import.meta.url)),
    },
  },
  server: {
    proxy: {
      "/api": { target: API_TARGET, changeOrigin: true },
      "/socket.io": { target: API_TARGET, ws: true, changeOrigin: true },
    },
  },
  build: {
    target: "es2022",
  },
};

/**
 * A build is always a production build: the server builds the clients
 * from processes that may run with NODE_ENV=test (vitest) or development,
 * and Vite would otherwise bundle React's development build into dist.
 */
export default defineConfig(({ command }) => {
  if (command === "build") process.env.NODE_ENV = "production";
  return config;
});
