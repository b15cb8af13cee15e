import { describe, expect, it } from "vitest";
import { retentionCutoff } from "./service";

describe("retentionCutoff", () => {
  it("is the UTC day the retention period reaches back to", () => {
    const now = Date.parse("2026-11-29T21:00:00Z");
    expect(retentionCutoff(now, 1825)).toBe("2021-11-30");
    expect(retentionCutoff(now, 1)).toBe("2026-11-28");
  });
});
