import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ENGINE_BANKS, ENGINE_LONG } from "./appeals";

const SHIPPED = path.resolve(import.meta.dirname, "../../question-banks");
export const PQ = "personal-qualities-demo";

/**
 * A banks folder for assessment tests under `dir`: the shipped
 * demonstration assessment (question-banks/pq-demo and its program) after
 * the engine fixture's short legislation test instead of corps B's, so a
 * candidate earns the required certificate in seconds.
 */
export function pqBanks(dir: string): string {
  const banks = path.join(dir, "pq-banks");
  mkdirSync(path.join(banks, "programs"), { recursive: true });
  cpSync(path.join(SHIPPED, "pq-demo"), path.join(banks, "pq-demo"), {
    recursive: true,
  });
  cpSync(path.join(ENGINE_BANKS, "engine"), path.join(banks, "engine"), {
    recursive: true,
  });
  cpSync(
    path.join(ENGINE_BANKS, "programs", `${ENGINE_LONG}.json`),
    path.join(banks, "programs", `${ENGINE_LONG}.json`),
  );
  const program = JSON.parse(
    readFileSync(path.join(SHIPPED, "programs", `${PQ}.json`), "utf8"),
  ) as Record<string, unknown>;
  writeFileSync(
    path.join(banks, "programs", `${PQ}.json`),
    JSON.stringify({ ...program, requires: { programId: ENGINE_LONG } }),
  );
  return banks;
}
