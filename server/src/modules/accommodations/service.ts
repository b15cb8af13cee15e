import type { Accommodation, AccommodationInput } from "@shared/booking";
import { validateIin } from "@shared/iin";
import type { AppContext } from "../../context";
import { notFound, unprocessable } from "../../errors";
import {
  deleteAccommodation,
  getAccommodation,
  saveAccommodation,
  type AccommodationRecord,
} from "./repository";

const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------
// Accommodations

function requireIin(input: string): string {
  const iin = validateIin(input);
  if (!iin.valid) {
    throw unprocessable("invalid_iin", `The IIN is invalid: ${iin.message}`, {
      reason: iin.reason,
    });
  }
  return iin.iin;
}

const presentAccommodation = (record: AccommodationRecord): Accommodation => ({
  iin: record.iin,
  extraMinutes: record.extraMinutes,
  note: record.note,
  approvedBy: record.approvedBy,
  setBy: {
    id: record.setBy.replace(/^staff:/, ""),
    fullName: record.setByName,
  },
  setAt: iso(record.setAt),
});

/**
 * Puts an accommodation (extra minutes, a note for the administrator) on
 * the candidate. It applies to every booking of the IIN from now on: the
 * roster shows it and admission reads it.
 */
export async function setAccommodation(
  ctx: AppContext,
  iinInput: string,
  input: AccommodationInput,
  staff: { accountId: string; fullName: string; actor: string },
): Promise<Accommodation> {
  const iin = requireIin(iinInput);
  const record = await saveAccommodation(
    ctx.redis,
    {
      iin,
      extraMinutes: input.extraMinutes,
      note: input.note,
      approvedBy: input.approvedBy,
      setBy: `staff:${staff.accountId}`,
      setByName: staff.fullName,
    },
    staff.actor,
  );
  return presentAccommodation(record);
}

/** The accommodation on an IIN, or 404 `accommodation_not_found`. */
export async function accommodationOf(
  ctx: AppContext,
  iinInput: string,
): Promise<Accommodation> {
  const record = await getAccommodation(ctx.redis, requireIin(iinInput));
  if (!record) {
    throw notFound("accommodation_not_found", "This IIN has no accommodation.");
  }
  return presentAccommodation(record);
}

/** Removes the accommodation on an IIN. */
export async function removeAccommodation(
  ctx: AppContext,
  iinInput: string,
  actor: string,
): Promise<void> {
  const removed = await deleteAccommodation(
    ctx.redis,
    requireIin(iinInput),
    actor,
  );
  if (!removed) {
    throw notFound("accommodation_not_found", "This IIN has no accommodation.");
  }
}
