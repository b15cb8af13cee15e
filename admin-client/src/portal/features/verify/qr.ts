import {
  decodeQrPayload,
  normalizeHolderName,
  type CertificateKeys,
  type CertificateRecord,
  type DecodedQrPayload,
} from "@shared/certificates";

export type QrCheck =
  | { state: "absent" }
  | { state: "malformed" }
  | { state: "unsupported"; payload: DecodedQrPayload }
  | { state: "bad-signature"; payload: DecodedQrPayload }
  | { state: "mismatch"; payload: DecodedQrPayload; fields: string[] }
  | { state: "ok"; payload: DecodedQrPayload };

/** The fields of a signed QR payload that disagree with the registry. */
export function payloadMismatches(
  payload: DecodedQrPayload,
  record: CertificateRecord,
): string[] {
  const { fields } = payload;
  const mismatches: string[] = [];
  if (fields.number !== record.number) mismatches.push("number");
  if (fields.maskedIin !== record.maskedIin) mismatches.push("maskedIin");
  if (fields.programId !== record.program.id) mismatches.push("program");
  // An assessment report's payload states a profile, and its record no
  // result: the kinds must agree; a test's result must be the record's.
  if (fields.kind === "assessment") {
    if (record.kind !== "assessment") mismatches.push("kind");
  } else if (record.kind === "assessment" || fields.result !== record.result) {
    mismatches.push("result");
  }
  if (fields.sample !== record.sample) mismatches.push("sample");
  return mismatches;
}

/** The payload's holder digest of a name (see holderNameDigest on the server). */
async function holderDigest(name: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(normalizeHolderName(name)),
  );
  let binary = "";
  for (const byte of new Uint8Array(digest).subarray(0, 8))
    binary += String.fromCharCode(byte);
  return btoa(binary)
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * Checks the QR payload from the URL fragment: its Ed25519 signature with
 * the published key it names, then its fields against the registry. The
 * fragment never reaches the server.
 */
export async function checkQrPayload(
  fragment: string,
  keys: CertificateKeys | null,
  record: CertificateRecord | null,
): Promise<QrCheck> {
  if (!fragment) return { state: "absent" };
  const payload = decodeQrPayload(decodeURIComponent(fragment));
  if (!payload) return { state: "malformed" };
  const jwk = keys?.qrKeys.find((key) => key.kid === payload.fields.keyId);
  if (!jwk || !globalThis.crypto?.subtle)
    return { state: "unsupported", payload };
  let valid: boolean;
  try {
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
      { name: "Ed25519" },
      false,
      ["verify"],
    );
    valid = await crypto.subtle.verify(
      { name: "Ed25519" },
      key,
      new Uint8Array(payload.signature),
      new Uint8Array(payload.bodyBytes),
    );
  } catch {
    // An older browser without Ed25519 in WebCrypto.
    return { state: "unsupported", payload };
  }
  if (!valid) return { state: "bad-signature", payload };
  if (record) {
    const fields = payloadMismatches(payload, record);
    if (
      payload.fields.holderDigest !== undefined &&
      payload.fields.holderDigest !== (await holderDigest(record.holder))
    ) {
      fields.push("holder");
    }
    if (fields.length > 0) return { state: "mismatch", payload, fields };
  }
  return { state: "ok", payload };
}
