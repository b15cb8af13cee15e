import type { Profile } from "@shared/assessment";
import type { FollowOn, ResultRow } from "@shared/attempts";
import type { LocalizedText } from "@shared/booking";

/**
 * What the results table and the seat panel show of a personal-qualities
 * assessment (issue 20): pure, so a unit test can hold them.
 */

/** The scales of a slot's profiles, in the order the first profile lists them. */
export function profileScales(
  rows: readonly Pick<ResultRow, "profile">[],
): { scaleId: string; titles: LocalizedText }[] {
  const scales = new Map<string, LocalizedText>();
  for (const row of rows) {
    for (const scale of row.profile?.scales ?? []) {
      if (!scales.has(scale.scaleId)) scales.set(scale.scaleId, scale.titles);
    }
  }
  return [...scales].map(([scaleId, titles]) => ({ scaleId, titles }));
}

export interface ProfileSummary {
  /** The program's rule: met, not met, or none (a profile, not pass/fail). */
  rule: "met" | "not_met" | "none";
  minSten: number | null;
  /** Scales below the rule's sten. */
  below: string[];
  lowConsistency: boolean;
  consistencyIndex: number;
}

/** The rule and the consistency note of a profile, as administrators sign them off. */
export function profileSummary(profile: Profile): ProfileSummary {
  const minSten = profile.rule?.minSten ?? null;
  return {
    rule: !profile.rule ? "none" : profile.rule.met ? "met" : "not_met",
    minSten,
    below:
      minSten === null
        ? []
        : profile.scales
            .filter((scale) => scale.sten < minSten)
            .map((scale) => scale.scaleId),
    lowConsistency: profile.consistency.low,
    consistencyIndex: profile.consistency.index,
  };
}

/**
 * What chaining to the follow-on slot would do: admit a candidate who
 * booked it already, book and admit, or nothing (booking closed without a
 * booking, or no seat left) — the server refuses those too.
 */
export function followOnOffer(
  followOn: Pick<FollowOn, "booked" | "bookingOpen" | "seatsLeft">,
): "admit" | "book" | "booking_closed" | "full" {
  if (followOn.booked) return "admit";
  if (!followOn.bookingOpen) return "booking_closed";
  if (followOn.seatsLeft <= 0) return "full";
  return "book";
}

/** The seat map of a slot with one seat's panel open. */
export const seatMapPath = (slotId: string, seatId: string) =>
  `/admin/slots/${encodeURIComponent(slotId)}/seats?seat=${encodeURIComponent(seatId)}`;
