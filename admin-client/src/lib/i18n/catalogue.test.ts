/**
 * Every id the server can show a person has words in every language: the
 * refusal ids its routes return (`error.<id>`) and the actions it writes
 * to audit timelines (`audit.action.<action>`). The ids are read from the
 * server's source, so a new refusal or audit action without a translation
 * fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UI_LANGUAGES } from "@shared/enums";
import { ApiError } from "../api";
import { DICTIONARIES, registerMessages, translator } from "./index";
import type { Messages } from "./message";

// Every area's strings, the console's and the portal's alike: each file of
// this folder that exports messages in every language.
const here = fileURLToPath(new URL(".", import.meta.url));
for (const file of readdirSync(here)) {
  if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
  const module = (await import(join(here, file))) as Record<string, unknown>;
  for (const exported of Object.values(module)) {
    if (
      typeof exported === "object" &&
      exported !== null &&
      UI_LANGUAGES.every((language) => language in exported)
    ) {
      registerMessages(exported as Messages<string>);
    }
  }
}

const serverRoot = fileURLToPath(
  new URL("../../../../server/src", import.meta.url),
);

function sources(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path, ext);
    return path.endsWith(ext) && !path.endsWith(`.test${ext}`) ? [path] : [];
  });
}

const typescript = sources(serverRoot, ".ts").map((path) => ({
  path,
  text: readFileSync(path, "utf8"),
}));
const lua = sources(join(serverRoot, "redis", "scripts"), ".lua").map(
  (path) => ({ path, text: readFileSync(path, "utf8") }),
);

const matches = (text: string, pattern: RegExp) =>
  [...text.matchAll(pattern)].map((match) => match[1] ?? "");

/** The refusal ids a route can return, with the file that raises each. */
function refusalIds(): Map<string, string> {
  const ids = new Map<string, string>();
  const patterns = [
    /\b(?:conflict|unprocessable|notFound|badRequest|unavailable|forbidden|unauthorized|refusalError)\(\s*"([a-z0-9_]+)"/g,
    /new SynaqError\(\s*\d+,\s*"([a-z0-9_]+)"/g,
    /\bid = "([a-z0-9_]+)"/g,
  ];
  for (const { path, text } of typescript) {
    for (const pattern of patterns) {
      for (const id of matches(text, pattern)) ids.set(id, path);
    }
  }
  // The scripts' refusals that errors.ts words by id (REFUSALS).
  const errors = typescript.find(({ path }) => path.endsWith("errors.ts"));
  const table = /const REFUSALS[^{]*\{([\s\S]*?)\n\};/.exec(errors?.text ?? "");
  for (const id of matches(table?.[1] ?? "", /^ {2}([a-z0-9_]+):/gm)) {
    ids.set(id, "server/src/errors.ts");
  }
  return ids;
}

/** The actions the server writes to audit streams. */
function auditActions(): Map<string, string> {
  const actions = new Map<string, string>();
  for (const { path, text } of lua) {
    for (const action of matches(text, /'([a-z_]+\.[a-z_]+)'/g)) {
      actions.set(action, path);
    }
  }
  for (const { path, text } of typescript) {
    if (!/appendAudit\(|audit\(/.test(text)) continue;
    for (const action of matches(text, /\baction: "([a-z_.]+)"/g)) {
      actions.set(action, path);
    }
  }
  return actions;
}

describe("the server's ids have words", () => {
  it("finds the refusal ids and audit actions in the server's source", () => {
    // A guard on the scan itself: a broken pattern would pass vacuously.
    expect(refusalIds().size).toBeGreaterThan(100);
    expect(refusalIds().has("slot_full")).toBe(true);
    expect(auditActions().size).toBeGreaterThan(50);
    expect(auditActions().has("booking.created")).toBe(true);
  });

  it("every refusal id a route can return is worded in kk, ru and en", () => {
    const missing = [...refusalIds()]
      .filter(([id]) =>
        UI_LANGUAGES.some(
          (language) => !Object.hasOwn(DICTIONARIES[language], `error.${id}`),
        ),
      )
      .map(([id, path]) => `${id} (${path})`);
    expect(missing).toEqual([]);
  });

  it("every audit action is worded in kk, ru and en", () => {
    const missing = [...auditActions()]
      .filter(([action]) =>
        UI_LANGUAGES.some(
          (language) =>
            !Object.hasOwn(DICTIONARIES[language], `audit.action.${action}`),
        ),
      )
      .map(([action, path]) => `${action} (${path})`);
    expect(missing).toEqual([]);
  });

  it("shows a refusal in the reader's language, not the server's English", () => {
    const error = new ApiError(
      503,
      "storage_full",
      "The server cannot store anything right now: its database is full.",
    );
    expect(translator("kk").errorText(error)).toMatch(/дерекқоры толы/);
    expect(translator("ru").errorText(error)).toMatch(/база данных заполнена/);
  });
});
