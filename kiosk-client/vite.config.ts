import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type UserConfig } from "vite";

const API_TARGET = "http://localhost:8080";

const config: UserConfig = {
  base: "/kiosk/",
  plugins: [react()],
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
