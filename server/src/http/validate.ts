import type { z } from "zod";
import { badRequest } from "../errors";

/** Parses a request part; a failure is 400 `invalid_request` with each issue. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: "body" | "query" | "params",
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: [where, ...issue.path.map(String)].join("."),
      message: issue.message,
    }));
    throw badRequest(
      "invalid_request",
      `The request ${where} is invalid: ${issues
        .map((issue) => `${issue.path}: ${issue.message}`)
        .join("; ")}`,
      { issues },
    );
  }
  return result.data;
}
