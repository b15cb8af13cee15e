import fc from "fast-check";

/** Strings that broke other systems: NUL, Kazakh, RTL, huge, path and prototype tricks. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "Әәғқңөұүһі Қазақстан Республикасы",
  "Шәкәрім Құдайбердіұлы",
  "\u202eRTL override\u202c",
  "مرحبا بالعالم",
  "שלום",
  "\u200b\u200d\ufeff",
  "🧪".repeat(50),
  "__proto__",
  "constructor",
  "prototype",
  "hasOwnProperty",
  "../../../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "${7*7}{{7*7}}",
  "-1",
  "1e309",
  "NaN",
  "null",
  "x".repeat(5_000),
  "ә".repeat(3_000),
];

export const junkString = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ maxLength: 20 }),
);

export const junkKey = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "",
    "\u0000",
  ),
  fc.string({ maxLength: 12 }),
);

/** Any JSON-able value: wrong types, nesting, prototype-pollution keys. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>(
  (tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      junkString,
      fc.integer(),
      fc.constantFrom(
        0,
        -1,
        1.5,
        Number.MAX_SAFE_INTEGER,
        -Number.MAX_SAFE_INTEGER,
        1e308,
      ),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(junkKey, tie("value"), { maxKeys: 4 }),
    ),
  }),
).value;

/** An object with the fields a handler expects, each junk or missing, plus strays. */
export function junkRecord(
  keys: string[],
  valid: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    keys.map((key) => [
      key,
      valid[key] ? fc.oneof(valid[key], junkValue) : junkValue,
    ]),
  );
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.dictionary(junkKey, junkValue, { maxKeys: 2 }),
    )
    .map(([record, extra]) => ({ ...record, ...extra }));
}

/** Raw bodies JSON.stringify cannot make. */
export const RAW_BODIES = [
  "{",
  "not json",
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  "[".repeat(10_000) + "]".repeat(10_000),
  '{"a":'.repeat(3_000) + "1" + "}".repeat(3_000),
  `{"x":"${"a".repeat(70 * 1024)}"}`,
  "\u0000",
  "null",
  "12",
  '"string"',
];

export const sample = <T>(
  arbitrary: fc.Arbitrary<T>,
  numRuns: number,
  seed: number,
): T[] => fc.sample(arbitrary, { numRuns, seed });

/** encodeURIComponent that survives lone surrogates. */
export function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "?"));
  }
}
