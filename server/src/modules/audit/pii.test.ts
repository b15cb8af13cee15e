import { describe, expect, it } from "vitest";
import { entryHash, verifyChain, type ChainFields } from "./chain";
import {
  anonymizeAuditEntries,
  anonymizeStreamEntries,
  commitPii,
  parsePiiFields,
  piiCommitment,
  piiSalt,
  withPiiValues,
} from "./pii";

const KEY = "a".repeat(64);
const FIELDS = ["iin", "fullName", "phone"];

/** A chain written as `_audit.lua` writes it, personal values committed. */
function chain(datas: Record<string, unknown>[]): ChainFields[] {
  const entries: ChainFields[] = [];
  let prev = "0";
  for (const [i, plain] of datas.entries()) {
    const { data, pii } = commitPii(plain, prev, KEY, FIELDS);
    const fields = {
      at: String(1000 + i),
      actor: "system",
      action: "booking.created",
      subject: `booking:${i}`,
      data: JSON.stringify(data),
      prev,
    };
    const hash = entryHash(fields);
    entries.push({
      id: `${i}-0`,
      ...fields,
      hash,
      ...(Object.keys(pii).length > 0 ? { pii: JSON.stringify(pii) } : {}),
    });
    prev = hash;
  }
  return entries;
}

describe("salted commitments", () => {
  it("commit each personal string with a salt of key, prev and field", () => {
    const { data, pii } = commitPii(
      { iin: "900101300123", fullName: "Әлия", seat: "A-01", phone: null },
      "prev-hash",
      KEY,
      FIELDS,
    );
    expect(pii).toEqual({ iin: "900101300123", fullName: "Әлия" });
    expect(data).toEqual({
      iin: {
        c: piiCommitment(piiSalt(KEY, "prev-hash", "iin"), "900101300123"),
      },
      fullName: {
        c: piiCommitment(piiSalt(KEY, "prev-hash", "fullName"), "Әлия"),
      },
      seat: "A-01",
      phone: null,
    });
    // Another entry (another prev) hides the same IIN under another value.
    expect(
      commitPii({ iin: "900101300123" }, "other", KEY, FIELDS).data,
    ).not.toEqual(
      commitPii({ iin: "900101300123" }, "prev-hash", KEY, FIELDS).data,
    );
  });

  it("give readers the values back, and leave commitments without values", () => {
    const { data, pii } = commitPii({ iin: "1", n: 2 }, "0", KEY, FIELDS);
    expect(withPiiValues(data, JSON.stringify(pii))).toEqual({
      iin: "1",
      n: 2,
    });
    expect(withPiiValues(data, undefined)).toEqual(data);
    expect(
      withPiiValues({ iin: "plain" }, JSON.stringify({ iin: "x" })),
    ).toEqual({ iin: "plain" });
  });

  it("read the field list from the Lua source", () => {
    expect(
      parsePiiFields("local AUDIT_PII_FIELDS = { 'iin', 'fullName' }\n"),
    ).toEqual(["iin", "fullName"]);
    expect(() => parsePiiFields("-- nothing")).toThrow();
  });
});

describe("verifyChain with personal values", () => {
  const datas = [
    { iin: "iin-one" },
    { n: 1 },
    { iin: "iin-two", fullName: "B" },
  ];

  it("accepts values that match their commitments", () => {
    const entries = chain(datas);
    expect(verifyChain(entries, entries[2]!.hash, { piiKey: KEY })).toEqual({
      ok: true,
      entries: 3,
      head: entries[2]!.hash,
    });
  });

  it("names the entry whose value was changed", () => {
    const entries = chain(datas);
    entries[2] = {
      ...entries[2]!,
      pii: JSON.stringify({ iin: "iin-three", fullName: "B" }),
    };
    expect(verifyChain(entries, null, { piiKey: KEY })).toMatchObject({
      ok: false,
      brokenAt: "2-0",
      reason: expect.stringContaining('"iin"'),
    });
    entries[2] = { ...entries[2], pii: "not json" };
    expect(verifyChain(entries, null, { piiKey: KEY })).toMatchObject({
      ok: false,
      brokenAt: "2-0",
    });
    // Without the key only the chain can be checked.
    expect(verifyChain(entries).ok).toBe(true);
  });

  it("verifies after the values are dropped, with none left", () => {
    const entries = anonymizeAuditEntries(chain(datas));
    expect(JSON.stringify(entries)).not.toMatch(/iin-one|iin-two/);
    expect(verifyChain(entries, entries[2]!.hash, { piiKey: KEY }).ok).toBe(
      true,
    );
  });

  it("drops pii from stream dumps and keeps every other field", () => {
    expect(
      anonymizeStreamEntries([
        ["1-0", ["data", "{}", "pii", '{"iin":"1"}', "hash", "h"]],
        ["2-0", ["data", "{}"]],
      ]),
    ).toEqual([
      ["1-0", ["data", "{}", "hash", "h"]],
      ["2-0", ["data", "{}"]],
    ]);
  });
});
