import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@shared": fileURLToPath(new URL("./server/shared", import.meta.url)),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          // Test files in parallel; the browser and fault tests after
          // them, one file at a time (they start whole clusters).
          sequence: { groupOrder: 0 },
          maxWorkers: 2,
          include: [
            "server/**/*.test.ts",
            "admin-client/src/**/*.test.ts",
            "kiosk-client/src/**/*.test.ts",
          ],
          environment: "node",
          // scrypt at N = 2^17 beside another worker's tests.
          testTimeout: 15_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 0 },
          maxWorkers: 2,
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "faults",
          sequence: { groupOrder: 2 },
          maxWorkers: 1,
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/faults/support/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
