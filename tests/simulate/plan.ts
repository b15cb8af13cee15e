import { syntheticIins } from "../support/booking";
import { fullNameOf, type Random } from "./random";

/**
 * The day, drawn once from the seed before anything runs: rooms with one
 * slot each (staggered starts), and each candidate's room, seat and pace.
 * Times are offsets in ms; slot starts count from the opening of booking,
 * arrivals from the candidate's slot start.
 */

export interface RoomPlan {
  index: number;
  name: string;
  seats: number;
  /** From the opening of booking to the slot's start. */
  startsAfterMs: number;
}

export interface CandidatePlan {
  index: number;
  iin: string;
  fullName: string;
  language: "kk" | "ru";
  room: number;
  seat: number;
  /** When the portal's booking form is opened, from the opening of booking. */
  bookAtMs: number;
  /** Filling in the form. */
  formFillMs: number;
  /** Looks at the booking's status page with the code afterwards. */
  checksStatus: boolean;
  /** At the door, from the slot's start (negative: early). */
  arriveMs: number;
  /** The ID check at the desk. */
  idCheckMs: number;
  /** From the desk to the seat. */
  walkMs: number;
  /** Reading the instructions. */
  readMs: number;
  /** Thinking before each answer. */
  thinkMs: number[];
  /** Answers changed after the last question. */
  revisits: number;
  reviewMs: number;
  /** The kiosk reports a focus loss once. */
  losesFocus: boolean;
  /** The kiosk's own network drops for this long after that many answers (null: never). */
  networkDrop: { afterAnswers: number; ms: number } | null;
}

export interface DayPlan {
  rooms: RoomPlan[];
  candidates: CandidatePlan[];
  bookingWindowMs: number;
}

/** Seats per room at most: a room's desk admits its slot in about a minute. */
const ROOM_SEATS = 50;

export function planDay(
  count: number,
  random: Random,
  questions: number,
): DayPlan {
  const roomCount = Math.max(2, Math.ceil(count / ROOM_SEATS));
  const bookingWindowMs = Math.min(40_000, Math.max(10_000, count * 200));
  const rooms: RoomPlan[] = Array.from({ length: roomCount }, (_, index) => ({
    index,
    name: `Зал ${index + 1}`,
    seats: Math.ceil((count - index) / roomCount),
    // Booking closes at the start: the slowest form is in well before.
    startsAfterMs: bookingWindowMs + 30_000 + index * 10_000,
  }));
  const iins = syntheticIins(count, random.int(0, 3_000));
  const candidates = iins.map((iin, index): CandidatePlan => {
    const person = random.fork();
    // A few take most of their time.
    const [thinkMin, thinkMax] = person.chance(0.05)
      ? [10_000, 16_000]
      : [3_000, 11_000];
    return {
      index,
      iin,
      fullName: fullNameOf(person),
      language: person.chance(0.6) ? "kk" : "ru",
      room: index % roomCount,
      seat: Math.floor(index / roomCount),
      bookAtMs: person.between(0, bookingWindowMs),
      formFillMs: person.between(4_000, 20_000),
      checksStatus: person.chance(0.3),
      arriveMs: person.between(-25_000, 35_000),
      idCheckMs: person.between(800, 2_500),
      walkMs: person.between(2_000, 6_000),
      readMs: person.between(5_000, 20_000),
      thinkMs: Array.from({ length: questions }, () =>
        person.between(thinkMin, thinkMax),
      ),
      revisits: person.chance(0.2) ? person.int(1, 2) : 0,
      reviewMs: person.between(2_000, 6_000),
      losesFocus: person.chance(0.05),
      networkDrop: person.chance(0.08)
        ? {
            afterAnswers: person.int(2, questions - 2),
            ms: person.between(3_000, 15_000),
          }
        : null,
    };
  });
  return { rooms, candidates, bookingWindowMs };
}
