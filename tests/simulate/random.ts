import { randomBytes } from "node:crypto";

/**
 * The simulated day's one source of chance: a seeded generator
 * (mulberry32), so `--seed` replays the same plan, the same behaviour and
 * the same chaos schedule (the machine's timing still differs).
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    const value = list[Math.floor(this.next() * list.length)];
    if (value === undefined) throw new Error("pick from an empty list");
    return value;
  }

  /** A generator of its own, so one actor's draws do not shift another's. */
  fork(): Random {
    return new Random(Math.floor(this.next() * 4_294_967_296));
  }
}

/** A fresh seed when none is given. */
export const randomSeed = () => randomBytes(4).readUInt32LE(0);

/** 16 random bytes, base64url: an `Idempotency-Key` or a kiosk `requestId`. */
export const requestId = () => randomBytes(16).toString("base64url");

export const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

const SURNAMES = [
  "Серікбаев",
  "Нұрланов",
  "Жұмабеков",
  "Ахметов",
  "Қасымов",
  "Оспанов",
  "Иванов",
  "Ким",
  "Төлеуов",
  "Бекмұханов",
];
const GIVEN = [
  "Асқар",
  "Ерлан",
  "Дәурен",
  "Нұрсұлтан",
  "Бауыржан",
  "Алексей",
  "Тимур",
  "Мұрат",
  "Ержан",
  "Санжар",
];
const FATHERS = ["Нұрлан", "Серік", "Болат", "Қайрат", "Марат", "Ерболат"];

/** A man's full name (the synthetic IINs are men's), Kazakh style. */
export function fullNameOf(random: Random): string {
  return `${random.pick(SURNAMES)} ${random.pick(GIVEN)} ${random.pick(FATHERS)}ұлы`;
}
