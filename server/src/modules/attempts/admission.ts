import { randomUUID } from "node:crypto";
import { validateIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { conflict, notFound, refusalError, unprocessable } from "../../errors";
import type { StaffPrincipal } from "../../http/route";
import { inScope } from "../../http/scope";
import { commandRequest, storedReply } from "../../redis/request";
import { assembleForm, newFormSeed } from "../banks";
import {
  bookingKeys,
  findSlotBookingByIin,
  listIinBookings,
  requireCertificate,
} from "../booking";
import { toLocalTime } from "@shared/time";
import { getAccommodation } from "../accommodations";
import { buildFreeSeats, getCenter, getRoom, getSeat } from "../centers";
import { getSlot } from "../slots";
import { kioskOfSeat, findKiosk } from "../kiosks";
import {
  admitAttempt,
  attemptIdOfSeat,
  findAttempt,
  type AttemptSnapshot,
} from "./repository";
import { afterChange } from "./service";

const HOLDS_SEAT = new Set([
  "admitted",
  "instructions",
  "in_progress",
  "paused",
]);

/**
 * A seat is free when no active attempt holds it and a kiosk is enrolled
 * on it (not revoked; whether it is connected does not count). The same
 * rule as the room's free seats admission pops from (scripts/_seats.lua).
 */
export async function seatIsFree(
  ctx: AppContext,
  seatId: string,
): Promise<{ free: boolean; enrolled: boolean }> {
  const kioskId = await kioskOfSeat(ctx.redis, seatId);
  const kiosk = kioskId ? await findKiosk(ctx.redis, kioskId) : null;
  const enrolled = kiosk !== null && kiosk.revokedAt === null;
  const holder = await attemptIdOfSeat(ctx.redis, seatId);
  const attempt = holder ? await findAttempt(ctx.redis, holder) : null;
  return { free: !attempt || !HOLDS_SEAT.has(attempt.state), enrolled };
}

function formatLocal(ms: number, timeZone: string) {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    dateStyle: "short",
    timeStyle: "short",
  }).format(ms);
}

/**
 * Where an IIN is booked today instead, as places the console words in the
 * reader's language (center and room names in three languages), with
 * whether the staff member may open that slot's desk.
 */
async function elsewhereToday(
  ctx: AppContext,
  actor: StaffPrincipal,
  iin: string,
  now: number,
) {
  const dayMs = 24 * 3600 * 1000;
  const bookings = (await listIinBookings(ctx.redis, iin)).filter(
    (booking) => booking.status === "booked",
  );
  const places: {
    centerId: string;
    slotId: string;
    center: { kk: string; ru: string; en: string };
    room: { kk: string; ru: string; en: string };
    startsAt: string;
    timeZone: string;
    inScope: boolean;
    text: string;
  }[] = [];
  for (const booking of bookings) {
    const slot = await getSlot(ctx.redis, booking.slotId);
    if (!slot || Math.abs(slot.startsAt - now) > dayMs) continue;
    const [center, room] = await Promise.all([
      getCenter(ctx.redis, slot.centerId),
      getRoom(ctx.redis, slot.roomId),
    ]);
    const timeZone = center?.timezone ?? ctx.env.CENTER_TIMEZONE;
    const roomName = room?.names ?? { kk: "?", ru: "?", en: "?" };
    places.push({
      centerId: slot.centerId,
      slotId: slot.id,
      center: center?.name ?? { kk: "?", ru: "?", en: "?" },
      room: roomName,
      startsAt: new Date(slot.startsAt).toISOString(),
      timeZone,
      inScope: inScope(actor, slot.centerId),
      text: `${center?.name.en ?? "?"}, ${roomName.en}, ${formatLocal(slot.startsAt, timeZone)}`,
    });
  }
  return places;
}

/**
 * The ID check at the door: the IIN from the ID document must be valid and
 * on this slot's roster, inside the admission window. On success the
 * candidate's form is assembled (so starting later is one small write), the
 * accommodation applied and a free enrolled seat bound. With the client's
 * request id, once: a repeat (the first reply lost) gets the same answer.
 */
export async function admitCandidate(
  ctx: AppContext,
  actor: StaffPrincipal,
  input: { slotId: string; iin: string; seatId?: string | undefined },
  requestId?: string,
) {
  const checked = validateIin(input.iin);
  if (!checked.valid) {
    throw unprocessable("invalid_iin", `Invalid IIN: ${checked.message}`, {
      reason: checked.reason,
    });
  }
  const iin = checked.iin;
  const by = `staff:${actor.accountId}:${actor.role}`;
  const request = commandRequest(requestId, by, `admit:${input.slotId}`, {
    iin,
    seatId: input.seatId ?? null,
  });
  // The first run admitted: the checks below would refuse its repeat.
  const first = await storedReply<{ ok: { attempt: AttemptSnapshot } }>(
    ctx.redis,
    request,
  );
  if (first) return admitted(ctx, first.ok.attempt);
  const slot = await getSlot(ctx.redis, input.slotId);
  if (!slot || slot.status !== "open")
    throw notFound("slot_not_found", "There is no such open slot.");
  const now = ctx.clock.now();
  const opensAt = slot.startsAt - ctx.env.ADMISSION_LEAD_MINUTES * 60_000;
  if (now < opensAt) {
    throw conflict(
      "admission_not_open",
      `Admission to this slot opens at ${new Date(opensAt).toISOString()}.`,
      { opensAt },
    );
  }
  if (now > slot.lateAdmissionCutoffAt) {
    throw conflict(
      "admission_closed",
      "The late-admission cutoff of this slot has passed.",
      { closedAt: slot.lateAdmissionCutoffAt },
    );
  }

  const booking = await findSlotBookingByIin(ctx.redis, slot.id, iin);
  if (!booking) {
    const places = await elsewhereToday(ctx, actor, iin, now);
    throw conflict(
      "not_on_roster",
      places.length > 0
        ? `This IIN is not on this slot's roster. It is booked today at: ${places.map((place) => place.text).join("; ")}.`
        : "This IIN is not on this slot's roster, and it has no booking today.",
      { bookedElsewhere: places },
    );
  }
  if (booking.status !== "booked") {
    throw refusalError(`booking_${booking.status}`, {
      attemptId: booking.attemptId,
    });
  }

  const program = ctx.catalog.programs.find(
    (candidate) => candidate.id === slot.programId,
  );
  if (!program)
    throw notFound(
      "program_not_found",
      `Program ${slot.programId} is not loaded.`,
    );
  if (program.requires) {
    // Checked again at the door: the certificate may have been revoked
    // since the booking.
    const center = await getCenter(ctx.redis, slot.centerId);
    await requireCertificate(ctx, {
      iin,
      programId: program.requires.programId,
      testDate: toLocalTime(
        slot.startsAt,
        center?.timezone ?? ctx.env.CENTER_TIMEZONE,
      ).isoDate,
      desk: true,
    });
  }

  if (input.seatId) {
    const seat = await getSeat(ctx.redis, input.seatId);
    if (!seat || seat.roomId !== slot.roomId)
      throw unprocessable(
        "seat_not_in_room",
        "That seat is not in this slot's room.",
      );
    const { free, enrolled } = await seatIsFree(ctx, input.seatId);
    if (!enrolled)
      throw conflict("seat_not_enrolled", "No kiosk is enrolled on that seat.");
    if (!free) throw refusalError("seat_taken");
  }

  const accommodation = await getAccommodation(ctx.redis, iin);
  const form = assembleForm(
    program,
    ctx.catalog.itemsBySection,
    newFormSeed(),
    booking.language,
  );
  const allowedOptions = form.items.map((item): [string, string] => [
    item.itemId,
    item.optionOrder.join(","),
  ]);
  const attemptId = randomUUID();
  const bind = (seatId: string | null) =>
    admitAttempt(
      ctx.redis,
      {
        attemptId,
        bookingKey: bookingKeys.booking(booking.id),
        bookingId: booking.id,
        slotId: slot.id,
        roomId: slot.roomId,
        seatId,
        programId: program.id,
        iin,
        fullName: booking.fullName,
        language: booking.language,
        durationMs: program.durationMinutes * 60_000,
        extraMs: (accommodation?.extraMinutes ?? 0) * 60_000,
        instructionsMs: program.instructionsMinutes * 60_000,
        form,
        allowedOptions,
        actor: by,
        accommodationNote: accommodation?.note ?? "",
      },
      request,
    );
  // Without a chosen seat the script takes the room's first free one in
  // label order (O(1), and never one a parallel admission took). A room
  // from before its free seats were kept has them built first, once.
  let result = await bind(input.seatId ?? null);
  for (
    let build = 0;
    "error" in result && result.error === "free_seats_unbuilt" && build < 2;
    build++
  ) {
    await buildFreeSeats(ctx.redis, slot.roomId);
    result = await bind(null);
  }
  // A room without seats has no free seats to build.
  if (
    "error" in result &&
    (result.error === "no_free_seat" || result.error === "free_seats_unbuilt")
  ) {
    throw conflict(
      "no_free_seat",
      "No free seat with an enrolled kiosk is left in this room.",
    );
  }
  if ("error" in result) {
    const { error, ...details } = result;
    throw refusalError(String(error), details);
  }
  // The snapshot, not `attemptId`: a repeat racing its first run gets the first's.
  return admitted(ctx, result.attempt);
}

/** What the desk is told of an admission, from the attempt it made. */
async function admitted(ctx: AppContext, snapshot: AttemptSnapshot) {
  await afterChange(ctx, snapshot.id, { reason: "admitted" });
  const [attempt, seat] = await Promise.all([
    findAttempt(ctx.redis, snapshot.id),
    getSeat(ctx.redis, snapshot.seatId),
  ]);
  if (!attempt)
    throw notFound("attempt_not_found", "There is no such attempt.");
  return {
    attemptId: attempt.id,
    bookingId: attempt.bookingId,
    fullName: attempt.fullName,
    language: attempt.language,
    programId: attempt.programId,
    seatId: snapshot.seatId,
    seatLabel: seat?.label ?? "",
    // The accommodation's minutes: all the extra time there was at admission.
    extraMinutes: snapshot.extraMs / 60_000,
    accommodationNote: attempt.accommodationNote,
  };
}
