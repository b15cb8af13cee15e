/**
 * What a Lua script that decides answers (scripts/_reply.lua), cjson-encoded:
 * `{ ok: … }` or `{ error: "id", …details }`. A refusal is a value, not an
 * exception, so repositories hand it to services, which decide the API
 * error (`refusalError` in errors.ts for the ids that are the API's own).
 * `replayed`: the stored reply of a repeated request (scripts/_request.lua).
 */
export type LuaReply<Ok, Refusal extends string = string> =
  | { ok: Ok; replayed?: true }
  | { error: Refusal; details: Record<string, unknown> };

/** Decodes a script's reply; a refusal's other fields become `details`. */
export function parseLuaReply<Ok, Refusal extends string = string>(
  raw: unknown,
): LuaReply<Ok, Refusal> {
  const reply = JSON.parse(String(raw)) as Record<string, unknown>;
  // Taken as it is: no copy on the answer path (save-answers.lua).
  if ("ok" in reply) return reply as { ok: Ok; replayed?: true };
  const { error, ...details } = reply;
  return { error: String(error) as Refusal, details };
}

/** cjson encodes an empty Lua table as `{}`: read it as an empty list. */
export function luaList<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
