/**
 * Request ids: every state-changing command carries one, chosen by its
 * client, so that a repeat (a lost reply, a reconnect) takes effect once
 * and gets the first reply back. REST sends it in the `Idempotency-Key`
 * header, kiosk socket commands in their payload's `requestId`.
 */
import { z } from "zod";

export const REQUEST_ID_HEADER = "Idempotency-Key";

/**
 * 22 to 128 base64url characters: at least 128 random bits, so nobody
 * guesses another's id (a booking's repeat returns its code).
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;

export const RequestId = z
  .string()
  .regex(REQUEST_ID_PATTERN, "22–128 base64url characters (16+ random bytes)");

/** A new request id: 16 random bytes, base64url (22 characters). */
export function newRequestId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
