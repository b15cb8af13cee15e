import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Safe Exam Browser's Config Key check, for a center that runs its kiosks
 * in SEB and sets `SEB_CONFIG_KEY` (the Config Key of its SEB settings,
 * 64 hex characters). SEB proves its settings with
 * SHA-256(absolute URL without fragment + Config Key), in hex:
 * - classic SEB sends it on every request, header
 *   `X-SafeExamBrowser-ConfigKeyHash`, for that request's URL;
 * - modern SEB (and SEB 3.3.2+ for Windows) gives it to the page as
 *   `SafeExamBrowser.security.configKey`, for the page's URL; the kiosk
 *   client passes it on with the page URL (headers below, or the socket
 *   handshake's `auth.seb`).
 * See https://safeexambrowser.org/developer/seb-config-key.html.
 */
export const SEB_HEADER = "x-safeexambrowser-configkeyhash";
export const SEB_PAGE_HEADER = "x-synaq-seb-page";
export const SEB_PAGE_KEY_HEADER = "x-synaq-seb-configkeyhash";

export function sebHash(absoluteUrl: string, configKey: string): string {
  const withoutFragment = absoluteUrl.split("#")[0] ?? "";
  return createHash("sha256")
    .update(withoutFragment + configKey.toLowerCase(), "utf8")
    .digest("hex");
}

const sameHex = (given: unknown, expected: string) =>
  typeof given === "string" &&
  given.length === expected.length &&
  timingSafeEqual(Buffer.from(given.toLowerCase()), Buffer.from(expected));

export interface SebEvidence {
  /** The URL the request (or the websocket handshake) asked for, absolute. */
  requestUrl: string;
  /** `X-SafeExamBrowser-ConfigKeyHash`, as classic SEB sends it. */
  header?: unknown;
  /** The page URL and its Config Key hash, from SEB's JavaScript API. */
  page?: unknown;
  pageHash?: unknown;
}

/**
 * True when no key is set, or when the evidence proves the center's SEB
 * settings: the request's own hash, or the hash of a kiosk page of this
 * server.
 */
export function sebSatisfied(
  configKey: string | undefined,
  publicUrl: string,
  evidence: SebEvidence,
): boolean {
  if (!configKey) return true;
  if (sameHex(evidence.header, sebHash(evidence.requestUrl, configKey)))
    return true;
  const page = evidence.page;
  if (typeof page !== "string" || page.length > 2_000) return false;
  const kioskRoot = `${publicUrl.replace(/\/+$/, "")}/kiosk`;
  if (
    page !== kioskRoot &&
    !page.startsWith(`${kioskRoot}/`) &&
    !page.startsWith(`${kioskRoot}?`)
  )
    return false;
  return sameHex(evidence.pageHash, sebHash(page, configKey));
}

/** The absolute URL of a request path on this server. */
export function absoluteUrl(publicUrl: string, path: string): string {
  return new URL(publicUrl).origin + path;
}
