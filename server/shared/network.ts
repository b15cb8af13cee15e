/**
 * The network's day: every center's slots of today with where their
 * candidates stand, and each center's service-standard compliance so far.
 * What `GET /network/today` answers and the console's network screen reads.
 */
import { z } from "zod";
import { BookingProgram, Center, LocalizedText } from "./booking";

/** The stages of the service standard (README "Analytics"), in order. */
export const COMPLIANCE_STAGES = [
  "booking",
  "admission",
  "instructions",
  "test",
  "signed",
  "issued",
  "handedOver",
] as const;
export type ComplianceStage = (typeof COMPLIANCE_STAGES)[number];

const Count = z.number().int().min(0);

/** Candidates of a slot (or a center, or the network) by where they stand. */
export const DayCounts = z
  .object({
    booked: Count.describe("Bookings not cancelled"),
    admitted: Count.describe("Admitted, not started yet"),
    testing: Count.describe("Taking the test now"),
    finished: Count.describe("Test submitted or expired"),
    noShow: Count,
    incidents: Count.describe("Incidents logged"),
    openIncidents: Count.describe("Incidents nobody acknowledged yet"),
  })
  .meta({ id: "DayCounts" });
export type DayCounts = z.infer<typeof DayCounts>;

export const NetworkSlot = z
  .object({
    id: z.string(),
    room: z.object({ id: z.string(), name: z.string(), names: LocalizedText }),
    program: BookingProgram,
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    seatsOffered: Count,
    counts: DayCounts,
  })
  .meta({ id: "NetworkSlot" });
export type NetworkSlot = z.infer<typeof NetworkSlot>;

/** One stage's compliance: how many were measured, how many within. */
export const StageShare = z
  .object({
    stage: z.enum(COMPLIANCE_STAGES),
    measured: Count,
    within: Count,
    share: z.number().nullable().describe("within ÷ measured; null if none"),
  })
  .meta({ id: "StageShare" });
export type StageShare = z.infer<typeof StageShare>;

export const NetworkCenterDay = z
  .object({
    center: Center,
    date: z.string().describe("Today in the center's zone, YYYY-MM-DD"),
    slots: z
      .array(NetworkSlot)
      .describe("Today's slots by start, cancelled ones left out"),
    totals: DayCounts,
    compliance: z
      .array(StageShare)
      .describe(
        "Today's slots with stored analytics (official results), per stage",
      ),
  })
  .meta({ id: "NetworkCenterDay" });
export type NetworkCenterDay = z.infer<typeof NetworkCenterDay>;

export const NetworkToday = z
  .object({
    generatedAt: z.iso.datetime(),
    centers: z.array(NetworkCenterDay),
    totals: DayCounts,
  })
  .meta({ id: "NetworkToday" });
export type NetworkToday = z.infer<typeof NetworkToday>;

/** Counts with nothing in them. */
export const emptyDayCounts = (): DayCounts => ({
  booked: 0,
  admitted: 0,
  testing: 0,
  finished: 0,
  noShow: 0,
  incidents: 0,
  openIncidents: 0,
});

/** The sum of several counts. */
export function addDayCounts(parts: readonly DayCounts[]): DayCounts {
  const sum = emptyDayCounts();
  for (const part of parts) {
    for (const key of Object.keys(sum) as (keyof DayCounts)[]) {
      sum[key] += part[key];
    }
  }
  return sum;
}
