/**
 * What our Lua scripts answer, cjson-encoded: `{ ok: … }` or
 * `{ error: "id", …details }`. A refusal is a value, not an exception, so
 * repositories hand it to services, which decide the HTTP error.
 */
export type LuaReply<Ok, Refusal extends string = string> =
  { ok: Ok } | { error: Refusal; details: Record<string, unknown> };

/** Decodes a script's reply; a refusal's other fields become `details`. */
export function parseLuaReply<Ok, Refusal extends string = string>(
  raw: unknown,
): LuaReply<Ok, Refusal> {
  const reply = JSON.parse(String(raw)) as Record<string, unknown>;
  if ("ok" in reply) return { ok: reply.ok as Ok };
  const { error, ...details } = reply;
  return { error: String(error) as Refusal, details };
}

/** cjson encodes an empty Lua table as `{}`: read it as an empty list. */
export function luaList<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
