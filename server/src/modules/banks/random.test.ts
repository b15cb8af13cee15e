import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newFormSeed, randomBelow, seededRandom, shuffled } from "./random";

describe("seededRandom", () => {
  it("repeats its sequence for the same seed and scope", () => {
    const a = seededRandom("seed", "section", "x");
    const b = seededRandom("seed", "section", "x");
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it("gives independent streams for different scopes", () => {
    const a = seededRandom("seed", "a-b", "c");
    const b = seededRandom("seed", "a", "b-c");
    expect(Array.from({ length: 5 }, a)).not.toEqual(
      Array.from({ length: 5 }, b),
    );
  });

  it("yields 32-bit unsigned integers", () => {
    const random = seededRandom("range");
    for (let i = 0; i < 1000; i++) {
      const value = random();
      expect(Number.isInteger(value) && value >= 0 && value < 2 ** 32).toBe(
        true,
      );
    }
  });
});

describe("randomBelow", () => {
  it("stays within [0, bound)", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 1, max: 1000 }),
        (seed, bound) => {
          const value = randomBelow(seededRandom(seed), bound);
          expect(value >= 0 && value < bound).toBe(true);
        },
      ),
    );
  });

  it("refuses a bound that is not a positive integer", () => {
    expect(() => randomBelow(seededRandom("x"), 0)).toThrow(RangeError);
  });
});

describe("shuffled", () => {
  it("returns a permutation and leaves its input alone", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (values, seed) => {
        const copy = [...values];
        const result = shuffled(values, seededRandom(seed));
        expect(values).toEqual(copy);
        expect([...result].sort()).toEqual([...values].sort());
      }),
    );
  });
});

describe("newFormSeed", () => {
  it("makes distinct URL-safe seeds", () => {
    const seeds = new Set(Array.from({ length: 100 }, newFormSeed));
    expect(seeds.size).toBe(100);
    for (const seed of seeds) expect(seed).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
