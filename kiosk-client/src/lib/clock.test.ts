import { describe, expect, it } from "vitest";
import { medianOffset, sampleOffset } from "./clock";

describe("sampleOffset", () => {
  it("places the server's answer halfway through the round trip", () => {
    // Sent at 1000 local, answered 5000 server, received at 1100 local:
    // the server read its clock at local 1050, so it runs 3950 ahead.
    expect(
      sampleOffset({ sentAt: 1000, serverNow: 5000, receivedAt: 1100 }),
    ).toBe(3950);
  });

  it("is negative when the kiosk's clock runs ahead of the server", () => {
    expect(
      sampleOffset({ sentAt: 10_000, serverNow: 4_000, receivedAt: 10_020 }),
    ).toBe(-6010);
  });
});

describe("medianOffset", () => {
  const sample = (offset: number, roundTrip = 20) => ({
    sentAt: 1_000,
    serverNow: 1_000 + roundTrip / 2 + offset,
    receivedAt: 1_000 + roundTrip,
  });

  it("ignores one sample skewed by a slow, lopsided round trip", () => {
    const samples = [
      sample(500),
      sample(502),
      sample(498),
      sample(2_400, 4_000),
      sample(499),
    ];
    expect(medianOffset(samples)).toBe(500);
  });

  it("averages the middle two of an even number of samples", () => {
    expect(
      medianOffset([sample(100), sample(200), sample(300), sample(400)]),
    ).toBe(250);
  });

  it("refuses to guess without samples", () => {
    expect(() => medianOffset([])).toThrow(/no time samples/);
  });
});
