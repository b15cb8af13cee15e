import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  anchorsOf,
  continuesFrom,
  parseCheckpointLine,
  signCheckpoint,
  verifyAnchoredChain,
  type CheckpointLine,
  type CheckpointTrust,
} from "./anchor";
import { entryHash, type ChainFields } from "./chain";

const installation = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const trust: CheckpointTrust = {
  keyId: "inst0001",
  publicKey: installation.publicKey,
};
const signer = { keyId: "inst0001", privateKey: installation.privateKey };

function chain(
  length: number,
  edit?: { at: number; subject: string },
): ChainFields[] {
  const entries: ChainFields[] = [];
  let prev = "0";
  for (let i = 0; i < length; i++) {
    const subject = edit?.at === i ? edit.subject : `s:${i}`;
    const fields = {
      at: String(1000 + i),
      actor: "system",
      action: "step",
      subject,
      data: "{}",
      prev,
    };
    const hash = entryHash(fields);
    entries.push({ id: `${1000 + i}-0`, ...fields, hash });
    prev = hash;
  }
  return entries;
}

/** What the checkpointer writes after `count` entries: their hashes, then the signed head. */
function checkpointed(
  entries: ChainFields[],
  count: number,
  key = signer,
): CheckpointLine[] {
  const covered = entries.slice(0, count);
  const last = covered.at(-1)!;
  return [
    {
      type: "hashes",
      scope: "slot:s",
      entries: covered.map((entry) => [entry.id, entry.hash]),
    },
    signCheckpoint(
      {
        scope: "slot:s",
        entryId: last.id,
        hash: last.hash,
        count,
        at: "2026-01-01T00:00:00.000Z",
      },
      key,
    ),
  ];
}

const check = (
  entries: ChainFields[],
  lines: CheckpointLine[],
  head: string | null = entries.at(-1)?.hash ?? null,
  options: { trust?: CheckpointTrust | null; archive?: boolean } = {},
) =>
  verifyAnchoredChain({
    entries,
    head,
    headKey: "audit:slot:s:head",
    headRequired: true,
    headMustBeAnchored: options.archive ?? false,
    anchors: anchorsOf(lines, "slot:s"),
    trust: options.trust === undefined ? trust : options.trust,
  });

describe("verifyAnchoredChain", () => {
  const original = chain(6);
  const lines = checkpointed(original, 4);

  it("passes an intact chain and counts what came after the last checkpoint", () => {
    expect(check(original, lines)).toMatchObject({
      ok: true,
      entries: 6,
      checkpoints: 1,
      unanchored: 2,
    });
  });

  it("names the first rewritten entry of a chain recomputed after it", () => {
    const forged = chain(6, { at: 2, subject: "forged" });
    expect(check(forged, lines)).toMatchObject({
      ok: false,
      brokenAt: original[2]!.id,
    });
  });

  it("cannot localise a rewrite after the last checkpoint: only as safe as Redis", () => {
    expect(check(chain(6, { at: 5, subject: "forged" }), lines)).toMatchObject({
      ok: true,
    });
  });

  it("names the first missing entry of a tail cut back past a checkpoint", () => {
    const cut = original.slice(0, 2);
    expect(check(cut, lines)).toMatchObject({
      ok: false,
      brokenAt: original[2]!.id,
    });
  });

  it("fails a missing head", () => {
    expect(check(original, lines, null)).toMatchObject({
      ok: false,
      brokenAt: "head",
    });
  });

  it("refuses a checkpoint signed by any other key, or edited", () => {
    expect(
      check(
        original,
        checkpointed(original, 4, {
          keyId: "inst0001",
          privateKey: stranger.privateKey,
        }),
      ),
    ).toMatchObject({ ok: false, brokenAt: `checkpoint ${original[3]!.id}` });
    const edited = checkpointed(original, 4).map((line) =>
      line.type === "checkpoint" ? { ...line, count: 3 } : line,
    );
    expect(check(original, edited)).toMatchObject({ ok: false });
    expect(check(original, lines, undefined, { trust: null })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("public key"),
    });
  });

  it("wants an archive's head to be a signed checkpoint", () => {
    expect(check(original, lines, undefined, { archive: true })).toMatchObject({
      ok: false,
      brokenAt: "head",
    });
    expect(
      check(original.slice(0, 4), lines, undefined, { archive: true }),
    ).toMatchObject({ ok: true, unanchored: 0 });
  });
});

describe("the checkpointer's own check", () => {
  it("signs only entries that continue the anchored chain up to the head", () => {
    const entries = chain(5);
    expect(continuesFrom(entries[1]!, entries.slice(2), entries[4]!.hash)).toBe(
      true,
    );
    expect(
      continuesFrom(
        entries[1]!,
        chain(5, { at: 3, subject: "x" }).slice(2),
        entries[4]!.hash,
      ),
    ).toBe(false);
    expect(continuesFrom(null, entries, "f".repeat(40))).toBe(false);
  });

  it("reads back what it writes, and nothing else", () => {
    const [hashes, checkpoint] = checkpointed(chain(2), 2);
    expect(parseCheckpointLine(JSON.stringify(checkpoint))).toEqual(checkpoint);
    expect(parseCheckpointLine(JSON.stringify(hashes))).toEqual(hashes);
    expect(parseCheckpointLine("{not json")).toBeNull();
    expect(
      parseCheckpointLine(
        JSON.stringify({ type: "hashes", scope: "x", entries: [[1, 2]] }),
      ),
    ).toBeNull();
  });
});
