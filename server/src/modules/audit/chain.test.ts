import { describe, expect, it } from "vitest";
import { entryHash, verifyChain, type ChainFields } from "./chain";

function chain(length: number): ChainFields[] {
  const entries: ChainFields[] = [];
  let prev = "0";
  for (let i = 0; i < length; i++) {
    const fields = {
      at: String(1000 + i),
      actor: "system",
      action: "step",
      subject: `s:${i}`,
      data: JSON.stringify({ i }),
      prev,
    };
    const hash = entryHash(fields);
    entries.push({ id: `${i}-0`, ...fields, hash });
    prev = hash;
  }
  return entries;
}

describe("verifyChain", () => {
  it("accepts an intact chain and reports its head", () => {
    const entries = chain(4);
    expect(verifyChain(entries, entries[3]!.hash)).toEqual({
      ok: true,
      entries: 4,
      head: entries[3]!.hash,
    });
  });
  it("names an edited entry", () => {
    const entries = chain(4);
    entries[1] = { ...entries[1]!, data: JSON.stringify({ i: 99 }) };
    expect(verifyChain(entries)).toMatchObject({
      ok: false,
      brokenAt: "1-0",
      reason: expect.stringContaining("edited"),
    });
  });
  it("names the entry after a removed one", () => {
    const entries = chain(4);
    entries.splice(2, 1);
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: "3-0" });
  });
  it("notices entries cut from the end through the head", () => {
    const entries = chain(4);
    expect(verifyChain(entries.slice(0, 3), entries[3]!.hash)).toMatchObject({
      ok: false,
      brokenAt: "end",
    });
  });
});
