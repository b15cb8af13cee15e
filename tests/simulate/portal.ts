import { bookingBody, codeHeader } from "../support/booking";
import { ApiClient } from "../support/http";
import { Caller, errorOf } from "./client";
import type { CandidatePlan } from "./plan";
import { sleep } from "./random";
import type { Room } from "./setup";
import { SIM_PROGRAM } from "./synaq";

/**
 * A candidate books on the public portal: looks up the free slots, opens
 * the booking form (the server notes when, for the booking stage's
 * limit), fills it in, books and keeps the code; some look at their
 * booking's status page afterwards.
 */

export interface BookingOutcome {
  candidate: number;
  bookingId: string | null;
  booked: boolean;
  /** Booked, but a repeat of the request answered `already_booked`: the code never reached the candidate. */
  codeLost: boolean;
  error: string | null;
}

export async function bookOnPortal(
  candidate: CandidatePlan,
  room: Room,
  urls: readonly string[],
  opensAt: number,
): Promise<BookingOutcome> {
  const outcome: BookingOutcome = {
    candidate: candidate.index,
    bookingId: null,
    booked: false,
    codeLost: false,
    error: null,
  };
  await sleep(opensAt + candidate.bookAtMs - Date.now());
  const portal = new Caller(new ApiClient(urls[0]!), urls, candidate.index);
  try {
    const slots = await portal.get(`/slots?program=${SIM_PROGRAM}`);
    const offered =
      Array.isArray(slots.body) &&
      (slots.body as { id: string }[]).some((slot) => slot.id === room.slotId);
    if (!offered)
      throw new Error(`slot ${room.slotId} is not offered (${slots.status})`);
    const form = await portal.post("/booking-forms");
    if (form.status !== 201) throw new Error(`booking form: ${errorOf(form)}`);
    await sleep(candidate.formFillMs);
    const booked = await portal.post(
      "/bookings",
      bookingBody(room.slotId, candidate.iin, {
        programId: SIM_PROGRAM,
        fullName: candidate.fullName,
        language: candidate.language,
        formId: form.body.formId,
      }),
    );
    if (booked.status === 409 && errorOf(booked) === "already_booked") {
      // Our own earlier try went through; its answer was lost on the way.
      outcome.booked = true;
      outcome.codeLost = true;
      return outcome;
    }
    if (booked.status !== 201)
      throw new Error(`booking: ${booked.status} ${errorOf(booked)}`);
    outcome.booked = true;
    outcome.bookingId = booked.body.id as string;
    if (candidate.checksStatus) {
      const status = await portal.get(
        `/bookings/${outcome.bookingId}`,
        codeHeader(booked.body.code as string),
      );
      if (status.status !== 200)
        throw new Error(`status page: ${status.status} ${errorOf(status)}`);
    }
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}
