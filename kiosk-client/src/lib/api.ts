/**
 * The kiosk's HTTP client: JSON over /api/v1 with the device token as a
 * bearer token. Errors keep the server's stable `id`.
 */
import { z } from "zod";
import {
  EnrollmentSchema,
  KioskMeSchema,
  type EnrollRequest,
} from "@shared/kiosks";
import { ProgramSummarySchema, type ProgramKind } from "@shared/banks";
import type { TestLanguage } from "@shared/enums";
import { sebHeaders } from "./seb";

const API_BASE = "/api/v1";
const TOKEN_KEY = "synaq.kiosk.token";
const REVOKED_KEY = "synaq.kiosk.revoked";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The device token issued at enrollment, kept on this device only. */
export function loadDeviceToken(): string | null {
  try {
    return window.localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveDeviceToken(token: string): void {
  window.localStorage.setItem(TOKEN_KEY, token);
  window.localStorage.removeItem(REVOKED_KEY);
}

/**
 * Forgets a token the server refused, remembering that it was revoked so
 * the enrollment screen says why even after a restart.
 */
export function clearDeviceToken(): void {
  try {
    window.localStorage.removeItem(TOKEN_KEY);
    window.localStorage.setItem(REVOKED_KEY, "1");
  } catch {
    // Storage unavailable: nothing to clear.
  }
}

/** This kiosk's last token was revoked and no new one is enrolled yet. */
export function wasRevoked(): boolean {
  try {
    return window.localStorage.getItem(REVOKED_KEY) === "1";
  } catch {
    return false;
  }
}

/** The body of a refusal: `{ error: { id, message } }`. */
const RefusalSchema = z.object({
  error: z.object({ id: z.string(), message: z.string() }),
});

/** Calls the API; the reply is checked against the route's shared schema. */
export async function request<T>(
  method: "GET" | "POST",
  path: string,
  reply: z.ZodType<T>,
  options: { body?: unknown; token?: string | null } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    ...sebHeaders(),
  };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "network_error", "The server cannot be reached.");
  }
  if (!response.ok) {
    const refusal = RefusalSchema.safeParse(
      await response.json().catch(() => null),
    );
    throw refusal.success
      ? new ApiError(
          response.status,
          refusal.data.error.id,
          refusal.data.error.message,
        )
      : new ApiError(
          response.status,
          `http_${response.status}`,
          response.statusText,
        );
  }
  const parsed = reply.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      "unexpected_reply",
      "The server's answer was not understood.",
    );
  }
  return parsed.data;
}

/** Redeems the operator's one-time code for this seat's device token. */
export function enroll(code: string) {
  const body: EnrollRequest = { code };
  return request("POST", "/kiosks/enroll", EnrollmentSchema, { body });
}

/** Who this kiosk is; 401 `kiosk_revoked` when the token no longer works. */
export function fetchKiosk(token: string) {
  return request("GET", "/kiosks/me", KioskMeSchema, { token });
}

/** From the public program summary: the kind, and the scale of an assessment. */
export interface ProgramFacts {
  programId: string;
  kind: ProgramKind;
  /** The Likert scale: points and their labels per test language. */
  scale: { points: number; labels: Record<TestLanguage, string[]> } | null;
}

/** Of the public program summary, what the kiosk's wording needs. */
const ProgramFactsReply = ProgramSummarySchema.pick({
  kind: true,
  likert: true,
});

/**
 * The kind of a program and the scale of an assessment, from the public
 * summary (the attempt view carries neither). The device token keeps the
 * call out of the anonymous rate limit.
 */
export async function fetchProgramFacts(
  programId: string,
  token: string,
): Promise<ProgramFacts> {
  const summary = await request(
    "GET",
    `/programs/${encodeURIComponent(programId)}`,
    ProgramFactsReply,
    { token },
  );
  return {
    programId,
    kind: summary.kind,
    scale: summary.likert
      ? {
          points: summary.likert.points,
          labels: {
            kk: summary.likert.labels.kk,
            ru: summary.likert.labels.ru,
          },
        }
      : null,
  };
}
