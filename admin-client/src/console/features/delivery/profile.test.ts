import { describe, expect, it } from "vitest";
import type { Profile } from "@shared/assessment";
import {
  followOnOffer,
  profileScales,
  profileSummary,
  seatMapPath,
} from "./profile";

const titles = (en: string) => ({ kk: en, ru: en, en });
const scale = (scaleId: string, sten: number) => ({
  scaleId,
  titles: titles(scaleId),
  raw: 20,
  items: 8,
  missing: 0,
  sten,
});

const profile = (overrides: Partial<Profile> = {}): Profile => ({
  scales: [scale("integrity", 4), scale("communication", 2)],
  consistency: { index: 0.8125, pairs: 4, minimum: 0.7, low: false },
  rule: { minSten: 3, met: false },
  ...overrides,
});

describe("an assessment's profile in the results", () => {
  it("lists the scales of the slot's profiles once, in their order", () => {
    expect(
      profileScales([
        { profile: null },
        { profile: profile() },
        {
          profile: profile({
            scales: [scale("communication", 5), scale("stress", 6)],
          }),
        },
      ]).map((entry) => entry.scaleId),
    ).toEqual(["integrity", "communication", "stress"]);
    expect(profileScales([{ profile: null }])).toEqual([]);
  });

  it("says whether the rule is met and which scales fall below it", () => {
    expect(profileSummary(profile())).toEqual({
      rule: "not_met",
      minSten: 3,
      below: ["communication"],
      lowConsistency: false,
      consistencyIndex: 0.8125,
    });
    expect(
      profileSummary(
        profile({
          rule: { minSten: 3, met: true },
          scales: [scale("integrity", 4)],
        }),
      ),
    ).toMatchObject({ rule: "met", below: [] });
  });

  it("keeps a profile without a rule a profile, and flags low consistency", () => {
    const { rule: _rule, ...withoutRule } = profile();
    expect(
      profileSummary({
        ...withoutRule,
        consistency: { index: 0.5, pairs: 4, minimum: 0.7, low: true },
      }),
    ).toMatchObject({
      rule: "none",
      minSten: null,
      below: [],
      lowConsistency: true,
      consistencyIndex: 0.5,
    });
  });
});

describe("the follow-on offer", () => {
  it("admits a booked candidate whatever the booking window", () => {
    expect(
      followOnOffer({ booked: true, bookingOpen: false, seatsLeft: 0 }),
    ).toBe("admit");
  });

  it("books while the slot takes bookings and has a seat", () => {
    expect(
      followOnOffer({ booked: false, bookingOpen: true, seatsLeft: 2 }),
    ).toBe("book");
    expect(
      followOnOffer({ booked: false, bookingOpen: false, seatsLeft: 2 }),
    ).toBe("booking_closed");
    expect(
      followOnOffer({ booked: false, bookingOpen: true, seatsLeft: 0 }),
    ).toBe("full");
  });

  it("links the seat map with the seat's panel open", () => {
    expect(seatMapPath("slot 1", "seat/2")).toBe(
      "/admin/slots/slot%201/seats?seat=seat%2F2",
    );
  });
});
