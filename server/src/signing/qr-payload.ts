import { createHash, sign, verify, type KeyObject } from "node:crypto";
import {
  decodeQrPayload,
  joinQrPayload,
  normalizeHolderName,
  qrPayloadBody,
  type QrPayloadFields,
  type UnsignedQrPayloadFields,
} from "@shared/certificates";
import type { QrSigningKey } from "./installation-key";

/**
 * The holder's name as the QR payload signs it: the first 8 bytes of
 * SHA-256 of the normalized name, base64url (11 characters). Short enough
 * for the QR code, long enough that no other name matches by chance.
 */
export function holderNameDigest(name: string): string {
  return createHash("sha256")
    .update(normalizeHolderName(name), "utf8")
    .digest()
    .subarray(0, 8)
    .toString("base64url");
}

/**
 * Signs the QR payload fields with the center's Ed25519 key: a test's
 * (S1/S2) or an assessment report's (P1).
 */
export function signQrPayload(
  fields: UnsignedQrPayloadFields,
  key: QrSigningKey,
): string {
  const body = qrPayloadBody({ ...fields, keyId: key.keyId });
  // Ed25519 takes no separate hash: the algorithm argument is null.
  const signature = sign(null, Buffer.from(body, "utf8"), key.privateKey);
  return joinQrPayload(body, signature);
}

export type QrPayloadVerdict =
  | { ok: true; fields: QrPayloadFields }
  | {
      ok: false;
      reason: "malformed" | "unknown_key" | "bad_signature";
      fields?: QrPayloadFields;
    };

/**
 * Checks a QR payload offline against the public keys a verifier trusts
 * (by key id). A changed character anywhere fails the signature.
 */
export function verifyQrPayload(
  payload: string,
  trustedKeys: ReadonlyMap<string, KeyObject>,
): QrPayloadVerdict {
  const decoded = decodeQrPayload(payload);
  if (!decoded) return { ok: false, reason: "malformed" };
  const { fields } = decoded;
  const key = trustedKeys.get(fields.keyId);
  if (!key) return { ok: false, reason: "unknown_key", fields };
  const intact = verify(
    null,
    Buffer.from(decoded.bodyBytes),
    key,
    Buffer.from(decoded.signature),
  );
  return intact
    ? { ok: true, fields }
    : { ok: false, reason: "bad_signature", fields };
}
