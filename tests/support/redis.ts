import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  startEmbeddedRedis,
  type EmbeddedRedis,
} from "../../server/src/redis/embedded";

/**
 * A private redis-server for one test file, on a free port, in a temporary
 * folder: tests never touch another Redis on the machine.
 */
export async function startTestRedis(): Promise<
  EmbeddedRedis & { dir: string }
> {
  const dir = mkdtempSync(path.join(tmpdir(), "synaq-test-redis-"));
  const redis = await startEmbeddedRedis({ dir });
  return {
    ...redis,
    dir,
    async stop() {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
