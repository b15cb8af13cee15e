import type { Request } from "express";
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from "@shared/requests";
import { badRequest } from "../errors";

/**
 * A client's request id, checked: undefined when absent (the command then
 * runs as it always did; Synaq's own clients always send one), 400
 * `invalid_request_id` when malformed.
 */
export function parseRequestId(
  value: unknown,
  where: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && REQUEST_ID_PATTERN.test(value)) return value;
  throw badRequest(
    "invalid_request_id",
    `${where} must be 22 to 128 characters of A-Z, a-z, 0-9, "-" and "_": ` +
      "16 or more random bytes in base64url, new for every request and the same when it is repeated.",
  );
}

/** The request id of a REST call, from its `Idempotency-Key` header. */
export const requestIdOf = (req: Request): string | undefined =>
  parseRequestId(req.get(REQUEST_ID_HEADER), `The ${REQUEST_ID_HEADER} header`);
