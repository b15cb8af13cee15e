import type { ProtocolCandidate, ProtocolStatus } from "@shared/certificates";
import { roomPair } from "@shared/booking";
import type { AppContext } from "../../context";
import { listSlotBookings } from "../booking";
import { getCenter, getRoom } from "../centers";
import { slotProtocolPdf, type ProtocolRoster } from "../certificates";
import { getSlot } from "../slots";
import { findAttempts, type Attempt } from "./repository";

/** Where an admitted candidate stands, for the protocol. */
function attemptStatus(attempt: Attempt): ProtocolStatus {
  const { state } = attempt;
  if (state === "voided") return "voided";
  if (state === "issued") return "official";
  if (state === "scored")
    return attempt.officialAt !== null ? "official" : "not_signed";
  if (state === "submitted" || state === "expired") return "scoring";
  // Admitted, waiting or reading the instructions: not tested yet.
  return attempt.startedAt === null ? "not_tested" : "testing";
}

/**
 * Every booking of the slot with its status, and the slot as a person
 * names it (program, center, room, times). Cancelled bookings are only
 * counted: they were never expected in the hall.
 */
export async function protocolRoster(
  ctx: AppContext,
  slotId: string,
): Promise<ProtocolRoster> {
  const [slot, bookings] = await Promise.all([
    getSlot(ctx.redis, slotId),
    listSlotBookings(ctx.redis, slotId),
  ]);
  const attempts = new Map(
    (
      await findAttempts(
        ctx.redis,
        bookings.flatMap((booking) =>
          booking.attemptId ? [booking.attemptId] : [],
        ),
      )
    ).map((attempt) => [attempt.id, attempt]),
  );
  let cancelled = 0;
  const candidates: ProtocolCandidate[] = [];
  for (const booking of bookings) {
    if (booking.status === "cancelled") {
      cancelled += 1;
      continue;
    }
    const attempt = booking.attemptId
      ? attempts.get(booking.attemptId)
      : undefined;
    candidates.push({
      bookingId: booking.id,
      fullName: booking.fullName,
      iin: booking.iin,
      language: booking.language,
      status: attempt
        ? attemptStatus(attempt)
        : booking.status === "no_show"
          ? "no_show"
          : "not_tested",
    });
  }
  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === slot?.programId,
  );
  const [center, room] = slot
    ? await Promise.all([
        getCenter(ctx.redis, slot.centerId),
        getRoom(ctx.redis, slot.roomId),
      ])
    : [null, null];
  return {
    ...(slot && program && center && room
      ? {
          slot: {
            programTitles: program.titles,
            center: {
              name: center.name,
              address: center.address,
              timezone: center.timezone,
            },
            // Both of the protocol's languages, as the receipt prints it.
            room: roomPair(room.names),
            startsAt: new Date(slot.startsAt).toISOString(),
            endsAt: new Date(slot.endsAt).toISOString(),
          },
        }
      : {}),
    candidates,
    cancelled,
  };
}

/** The slot's signed protocol: every booked candidate, with a result or a status. */
export async function slotProtocol(
  ctx: AppContext,
  slotId: string,
): Promise<Buffer> {
  return slotProtocolPdf(ctx, slotId, await protocolRoster(ctx, slotId));
}
