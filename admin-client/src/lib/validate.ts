/**
 * Form checks with the server's own rules: a form validates its values
 * with the shared zod schema of the request it sends (`@shared/…`) and
 * words each field's problem with a message of its own, in the reader's
 * language. The server checks again; this only saves a round trip.
 */
import type { z } from "zod";
import type { MessageKey, Values } from "./i18n";

/**
 * A field's problem, kept as a message key or the server's error (not as
 * text), so switching the language re-words errors already on screen.
 */
export type Problem = { key: MessageKey; values?: Values } | { error: unknown };

export type Problems<Field extends PropertyKey> = Partial<
  Record<Field, Problem>
>;

type Checked<S extends z.ZodObject> =
  | { data: z.output<S>; problems: null }
  | { data: null; problems: Problems<keyof z.input<S>> };

/**
 * Parses a form's raw `values` with `schema`; on failure, the problem of
 * each field that failed (one message per field, whatever rule it broke).
 */
export function validate<S extends z.ZodObject>(
  schema: S,
  values: { [Field in keyof z.input<S>]?: unknown },
  messages: { [Field in keyof z.input<S>]-?: Problem },
): Checked<S> {
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data, problems: null };
  const problems: Problems<keyof z.input<S>> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof z.input<S>;
    problems[field] ??= messages[field];
  }
  return { data: null, problems };
}

/** The first field with a problem, to move the focus to. */
export function firstProblem<Field extends PropertyKey>(
  problems: Problems<Field>,
  order: readonly Field[],
): Field | undefined {
  return order.find((field) => problems[field] !== undefined);
}
