import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";

const SCRIPTS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "scripts",
);

/** Lines `--#include name` pull in `scripts/_name.lua` (shared helpers). */
function loadSource(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) throw new Error(`include cycle at ${file}`);
  seen.add(file);
  const text = readFileSync(file, "utf8");
  return text.replace(/^--#include (\S+)\s*$/gm, (_line, name: string) =>
    loadSource(path.join(path.dirname(file), `_${name}.lua`), seen),
  );
}

/**
 * A Lua script kept as a `.lua` file. Runs by SHA and loads itself after a
 * Redis restart (NOSCRIPT), so callers never think about it.
 */
export class LuaScript {
  readonly source: string;
  readonly sha: string;

  constructor(
    readonly name: string,
    file = path.join(SCRIPTS_DIR, `${name}.lua`),
  ) {
    this.source = loadSource(file);
    this.sha = createHash("sha1").update(this.source).digest("hex");
  }

  async run(
    redis: Redis,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("NOSCRIPT")) {
        return redis.eval(this.source, keys.length, ...keys, ...args);
      }
      throw error;
    }
  }
}

const cache = new Map<string, LuaScript>();

/** The script `server/src/redis/scripts/<name>.lua`, loaded once. */
export function script(name: string): LuaScript {
  let found = cache.get(name);
  if (!found) {
    found = new LuaScript(name);
    cache.set(name, found);
  }
  return found;
}
