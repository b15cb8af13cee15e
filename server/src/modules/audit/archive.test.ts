import { describe, expect, it } from "vitest";
import { ARCHIVE_FORMAT, verifyArchive, type SlotArchive } from "./archive";
import { entryHash, type ChainFields } from "./chain";

/** A chain of entries as the Lua scripts write them. */
function chain(
  entries: { action: string; subject: string; data: Record<string, unknown> }[],
): ChainFields[] {
  let prev = "0";
  return entries.map((entry, index) => {
    const fields = {
      at: String(1000 + index),
      actor: "kiosk:k1",
      action: entry.action,
      subject: entry.subject,
      data: JSON.stringify(entry.data),
      prev,
    };
    const hash = entryHash(fields);
    prev = hash;
    return { id: `${index}-0`, ...fields, hash };
  });
}

function archive(): SlotArchive {
  const entries = chain([
    {
      action: "answer.saved",
      subject: "attempt:a1",
      data: { itemId: "q1", seq: 1, response: ["a"] },
    },
    {
      action: "answer.saved",
      subject: "attempt:a1",
      data: { itemId: "q1", seq: 2, response: ["b"] },
    },
    // cjson writes an empty response as {}.
    {
      action: "answer.saved",
      subject: "attempt:a1",
      data: { itemId: "q2", seq: 3, response: {} },
    },
    {
      action: "attempt.scored",
      subject: "attempt:a1",
      data: { correct: 1, total: 2, passed: false },
    },
    {
      action: "attempt.rescored",
      subject: "attempt:a1",
      data: {
        from: { correct: 1, passed: false },
        to: { correct: 1, total: 1, passed: true },
      },
    },
  ]);
  return {
    format: ARCHIVE_FORMAT,
    version: 1,
    slotId: "s1",
    exportedAt: "2026-11-29T00:00:00.000Z",
    attempts: [
      {
        id: "a1",
        result: { correct: 1, total: 1, passed: true },
        answers: {
          q1: { response: ["b"], seq: 2, savedAt: 1001 },
          q2: { response: [], seq: 3, savedAt: 1002 },
        },
      },
    ],
    audit: { scope: "slot:s1", head: entries.at(-1)!.hash, entries },
  };
}

describe("verifyArchive", () => {
  it("accepts an intact export: chain, latest answers and the rescored result", () => {
    expect(verifyArchive(archive())).toMatchObject({ ok: true, entries: 5 });
  });

  it("names an answer edited in the file although the chain is intact", () => {
    const edited = archive();
    edited.attempts[0]!.answers.q1!.response = ["a"];
    expect(verifyArchive(edited)).toMatchObject({
      ok: false,
      brokenAt: "attempt a1 answer q1",
    });
  });

  it("names a result edited in the file", () => {
    const edited = archive();
    edited.attempts[0]!.result = { correct: 2, total: 2, passed: true };
    expect(verifyArchive(edited)).toMatchObject({
      ok: false,
      brokenAt: "attempt a1 result",
    });
  });

  it("names the first edited audit entry", () => {
    const edited = archive();
    edited.audit.entries[1] = {
      ...edited.audit.entries[1]!,
      data: JSON.stringify({ itemId: "q1", seq: 2, response: ["c"] }),
    };
    expect(verifyArchive(edited)).toMatchObject({ ok: false, brokenAt: "1-0" });
  });

  it("refuses a file that is not an export", () => {
    expect(verifyArchive({ hello: 1 })).toMatchObject({
      ok: false,
      brokenAt: "file",
    });
    expect(verifyArchive(null)).toMatchObject({ ok: false });
  });
});
