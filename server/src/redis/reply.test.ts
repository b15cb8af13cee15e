import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseLuaReply } from "./reply";
import { script } from "./scripts";

const SCRIPTS_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "scripts",
);
const files = readdirSync(SCRIPTS_DIR).filter((file) => file.endsWith(".lua"));

describe("parseLuaReply", () => {
  it("reads an acceptance as its value", () => {
    expect(parseLuaReply('{"ok":{"seatId":"s1"}}')).toEqual({
      ok: { seatId: "s1" },
    });
    expect(parseLuaReply('{"ok":true}')).toEqual({ ok: true });
  });

  it("keeps the mark of a repeated request's stored reply", () => {
    expect(parseLuaReply('{"ok":{"at":1},"replayed":true}')).toEqual({
      ok: { at: 1 },
      replayed: true,
    });
  });

  it("reads a refusal as its id and the rest as details", () => {
    expect(parseLuaReply('{"error":"seat_taken","attemptId":"a1"}')).toEqual({
      error: "seat_taken",
      details: { attemptId: "a1" },
    });
    expect(parseLuaReply('{"error":"not_found"}')).toEqual({
      error: "not_found",
      details: {},
    });
  });
});

describe("the Lua scripts", () => {
  it("all load with their includes resolved", () => {
    for (const file of files.filter((name) => !name.startsWith("_"))) {
      const { source } = script(file.replace(/\.lua$/, ""));
      expect(source, file).not.toMatch(/^--#include/m);
    }
  });

  it("encode a decision only through accept and refuse (_reply.lua)", () => {
    for (const file of files.filter((name) => name !== "_reply.lua")) {
      const text = readFileSync(path.join(SCRIPTS_DIR, file), "utf8");
      expect(text, file).not.toMatch(/cjson\.encode\(\s*\{\s*(ok|error)\s*=/);
    }
  });
});
