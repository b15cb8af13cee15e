/**
 * The one way this app talks to the server: JSON over /api/v1, errors as
 * `ApiError` carrying the server's stable `id`, and the console's CSRF token
 * on every request that changes something. Every change also carries a
 * request id (`Idempotency-Key`, new per call) and is repeated with it when
 * its answer is lost: the server applies it once and answers a repeat with
 * the first reply.
 */
import { newRequestId, REQUEST_ID_HEADER } from "@shared/requests";

export const API_BASE = "/api/v1";

/** An error answered by the server (`{ error: { id, message } }`) or the network. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

let csrfToken: string | undefined;

/** Kept from the login or session answer; sent as X-CSRF-Token on changes. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let onSessionExpired: (() => void) | undefined;

/** Called when a console request finds the staff session gone (401). */
export function setSessionExpiredHandler(handler: (() => void) | undefined) {
  onSessionExpired = handler;
}

type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  query?: Query;
  /** A JSON value, or raw bytes sent with `contentType`. */
  body?: unknown;
  contentType?: string;
  /** Extra request headers (e.g. a booking code, which never goes in a URL). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** `/api/v1/slots?program=…` with empty values left out. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") {
      params.set(key, String(value));
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ""}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { id?: unknown; message?: unknown; details?: unknown };
  } | null;
  const error = body?.error;
  if (error && typeof error.id === "string") {
    return new ApiError(
      response.status,
      error.id,
      typeof error.message === "string" ? error.message : error.id,
      error.details,
    );
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    response.statusText || `HTTP ${response.status}`,
  );
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Waits before each repeat of a change whose answer was lost: a dropped
 * connection, or a server or proxy that could not finish (502, 503, 504).
 * Short, since someone is waiting; bounded, then the error is shown.
 */
export const REPEAT_DELAYS_MS = [300, 1_000, 2_500];

/** An answer that may have been lost after the server acted: repeat it. */
export const isRepeatable = (error: unknown): boolean =>
  error instanceof ApiError &&
  (error.status === 0 ||
    error.status === 502 ||
    error.status === 503 ||
    error.status === 504);

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Sends one request; resolves with the parsed JSON (undefined for 204).
 * A change gets its request id here, once for the logical call, and keeps
 * it through every repeat. A staff member signed in on this browser who
 * uses a public page sends the session cookie too, so the server asks for
 * the CSRF token: we fetch it once and retry.
 */
export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const sent =
    method === "GET"
      ? options
      : {
          ...options,
          headers: { [REQUEST_ID_HEADER]: newRequestId(), ...options.headers },
        };
  for (let attempt = 0; ; attempt++) {
    try {
      return await sendWithCsrf<T>(method, path, sent);
    } catch (error) {
      const delay = REPEAT_DELAYS_MS[attempt];
      if (method === "GET" || delay === undefined || !isRepeatable(error)) {
        throw error;
      }
      await pause(delay, options.signal);
    }
  }
}

async function sendWithCsrf<T>(
  method: Method,
  path: string,
  options: RequestOptions,
): Promise<T> {
  try {
    return await send<T>(method, path, options);
  } catch (error) {
    if (
      !(error instanceof ApiError && error.id === "csrf_failed") ||
      !(await refreshCsrfToken())
    ) {
      throw error;
    }
    return send<T>(method, path, options);
  }
}

async function refreshCsrfToken(): Promise<boolean> {
  try {
    const session = await send<{ csrfToken?: string }>("GET", "/auth/session");
    csrfToken = session.csrfToken;
    return Boolean(csrfToken);
  } catch {
    return false;
  }
}

async function send<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (options.contentType) {
      headers["Content-Type"] = options.contentType;
      body = options.body as BodyInit;
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
  }
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(0, "network_error", "The server cannot be reached.");
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (error.status === 401 && error.id === "unauthorized") {
      onSessionExpired?.();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, "body">) =>
    request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PUT", path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body: body ?? {} }),
  delete: <T>(path: string, options?: Omit<RequestOptions, "body">) =>
    request<T>("DELETE", path, options),
};

/** A file from the API (a PDF), fetched with headers a plain link cannot send. */
export async function fetchFile(
  path: string,
  options: Pick<RequestOptions, "headers" | "signal"> = {},
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      headers: options.headers,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw new ApiError(0, "network_error", "The server cannot be reached.");
  }
  if (!response.ok) throw await errorFrom(response);
  return response.blob();
}

/** Hands a fetched file to the browser as a download named `fileName`. */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the object URL; free it a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
