import { seatLabels, type CenterInput } from "@shared/booking";
import { wallClockAt, wallClockToInstant } from "@shared/time";
import type { AppContext } from "../../context";
import { isSynaqError } from "../../errors";
import {
  getSlot,
  listCenters,
  listRooms,
  listSeats,
  listSlotsStartingBetween,
  serverNow,
  type RoomRecord,
} from "../centers/repository";
import {
  addRoom,
  addSeats,
  registerCenter,
  scheduleSlot,
} from "../centers/service";
import { getAccommodation } from "./repository";
import { bookSeat, setAccommodation } from "./service";
import { getProgramInfo } from "./programs";

const ACTOR = "system:demo-seed";
const SEED_STAFF = {
  kind: "staff" as const,
  accountId: "demo-seed",
  fullName: "Synaq demo seed",
  actor: ACTOR,
};
const MINUTE = 60_000;
const FIVE_MINUTES = 5 * MINUTE;

export const DEMO_CENTER: CenterInput = {
  name: {
    kk: "Synaq демо тестілеу орталығы",
    ru: "Демонстрационный центр тестирования Synaq",
    en: "Synaq demo testing center",
  },
  address: {
    kk: "Астана қ., Мәңгілік Ел даңғылы, 8",
    ru: "г. Астана, проспект Мангилик Ел, 8",
    en: "8 Mangilik Yel Avenue, Astana",
  },
  schedule: {
    kk: "Дүйсенбі–жұма, 09:00–18:00 (түскі үзіліс 13:00–14:00). Сенбі, жексенбі және мереке күндері — демалыс.",
    ru: "Понедельник–пятница, 09:00–18:00 (обед 13:00–14:00). Суббота, воскресенье и праздничные дни — выходные.",
    en: "Monday to Friday, 09:00–18:00 (lunch 13:00–14:00). Closed on Saturdays, Sundays and public holidays.",
  },
  accessibility: {
    kk: "Кіреберісте пандус, бірінші қабатта лифт және бейімделген дәретхана бар. Әр залда мүмкіндігі шектеулі адамдарға арналған орын бар; экранды үлкейту және жоғары контраст режимі қолжетімді. Қосымша уақыт немесе көмекші қажет болса, тестке дейін кемінде 3 жұмыс күні бұрын орталыққа жүгініңіз (растайтын құжатпен).",
    ru: "У входа пандус, на первом этаже лифт и адаптированный санузел. В каждом зале есть место для людей с инвалидностью; доступны увеличение экрана и высокий контраст. Если нужно дополнительное время или ассистент, обратитесь в центр не позднее чем за 3 рабочих дня до теста (с подтверждающим документом).",
    en: "Ramp at the entrance, a lift and an adapted toilet on the ground floor. Every hall has a seat for people with disabilities; screen zoom and high contrast are available. If you need extra time or an assistant, contact the center at least 3 working days before the test (with a supporting document).",
  },
};

const ROOMS = [
  { name: "Зал 1", seats: { prefix: "A", from: 1, to: 10 } },
  { name: "Зал 2", seats: { prefix: "B", from: 1, to: 10 } },
];

const CORPS_B = "corps-b-legislation";
const PROGRAM_1 = "program-1-2016";

/** Synthetic candidates (valid IINs of nobody real). */
export const DEMO_CANDIDATES = [
  {
    iin: "900102300121",
    fullName: "Нұрлан Серікұлы Әбдірахманов",
    language: "kk",
  },
  {
    iin: "851231405677",
    fullName: "Айгүл Болатқызы Жақсылықова",
    language: "kk",
  },
  {
    iin: "010615500890",
    fullName: "Дмитрий Сергеевич Ковалёв",
    language: "ru",
  },
] as const;

const DEMO_ACCOMMODATION = {
  iin: "851231405677",
  extraMinutes: 15,
  note: "Көру қабілеті нашар: үлкен қаріп / Слабое зрение: крупный шрифт",
  approvedBy: "Комиссия шешімі / Решение комиссии № 12",
};

/**
 * The demo center: two rooms of ten seats, slots today and on the next
 * three days for both sample programs, a slot starting within the hour in
 * each room (so a demo admission works whenever the demo starts), and
 * three bookings on today's soonest corps-b slot. Idempotent: what exists
 * is reused, and a slot that would overlap one already there is skipped.
 */
export async function seedDemoBooking(ctx: AppContext): Promise<void> {
  const center =
    (await listCenters(ctx.redis)).find(
      (existing) => existing.name.en === DEMO_CENTER.name.en,
    ) ?? (await registerCenter(ctx, DEMO_CENTER, ACTOR));
  const existingRooms = await listRooms(ctx.redis, center.id);
  const rooms: RoomRecord[] = [];
  for (const spec of ROOMS) {
    const room =
      existingRooms.find((existing) => existing.name === spec.name) ??
      (await addRoom(ctx, center.id, spec.name, ACTOR));
    const labels = new Set(
      (await listSeats(ctx.redis, room.id)).map((seat) => seat.label),
    );
    const missing = seatLabels(spec.seats).filter(
      (label) => !labels.has(label),
    );
    if (missing.length > 0) {
      await addSeats(ctx, room.id, { labels: missing }, ACTOR);
    }
    rooms.push(room);
  }
  const [room1, room2] = rooms as [RoomRecord, RoomRecord];

  const now = await serverNow(ctx.redis);
  const timezone = center.timezone;
  const soon = Math.ceil((now + 20 * MINUTE) / FIVE_MINUTES) * FIVE_MINUTES;
  // Soon slots first: they are what makes the demo work right now.
  await scheduleSoon(ctx, room1.id, CORPS_B, soon, now);
  await scheduleSoon(ctx, room2.id, PROGRAM_1, soon, now);

  const today = wallClockAt(now, timezone);
  for (let day = 0; day < 4; day++) {
    const date = new Date(
      Date.UTC(today.year, today.month - 1, today.day + day),
    );
    const at = (hour: number, minute: number) =>
      wallClockToInstant(
        {
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
          hour,
          minute,
        },
        timezone,
      );
    for (const [hour, minute] of [
      [9, 0],
      [11, 30],
      [15, 0],
    ] as const) {
      await trySchedule(ctx, room1.id, CORPS_B, at(hour, minute), now);
    }
    await trySchedule(ctx, room2.id, PROGRAM_1, at(10, 0), now);
  }

  await seedDemoBookings(ctx, now);
}

/**
 * A slot within the hour. When the room is busy then with a slot whose
 * admission already closed, the next start after it, if that is still
 * within the hour after `startsAt` (a restart later in the day still gets
 * an admissible slot).
 */
async function scheduleSoon(
  ctx: AppContext,
  roomId: string,
  programId: string,
  startsAt: number,
  now: number,
) {
  let candidate = startsAt;
  for (let attempt = 0; attempt < 3; attempt++) {
    const busyWith = await trySchedule(ctx, roomId, programId, candidate, now, {
      bookingCutoffAt: new Date(candidate).toISOString(),
    });
    if (!busyWith) return;
    const blocking = await getSlot(ctx.redis, busyWith);
    if (!blocking || blocking.lateAdmissionCutoffAt > now) return;
    candidate = Math.ceil(blocking.endsAt / FIVE_MINUTES) * FIVE_MINUTES;
    if (candidate - startsAt > 60 * MINUTE) return;
  }
}

/** Schedules a slot unless it started or overlaps; returns the slot in the way. */
async function trySchedule(
  ctx: AppContext,
  roomId: string,
  programId: string,
  startsAt: number,
  now: number,
  extra: { bookingCutoffAt?: string } = {},
): Promise<string | null> {
  if (!getProgramInfo(ctx, programId)) {
    ctx.logger.warn({ programId }, "demo seed: program not loaded, no slots");
    return null;
  }
  if (startsAt <= now) return null;
  try {
    await scheduleSlot(
      ctx,
      {
        roomId,
        programId,
        startsAt: new Date(startsAt).toISOString(),
        seatsOffered: 10,
        ...extra,
      },
      ACTOR,
    );
    return null;
  } catch (error) {
    if (!isSynaqError(error)) throw error;
    if (error.id === "room_busy") {
      const { slotId } = error.details as { slotId?: string };
      return slotId ?? "";
    }
    if (error.id === "starts_in_past") return null;
    throw error;
  }
}

async function seedDemoBookings(ctx: AppContext, now: number) {
  const upcoming = await listSlotsStartingBetween(
    ctx.redis,
    now,
    now + 24 * 60 * MINUTE,
  );
  const slot = upcoming.find(
    (candidate) =>
      candidate.programId === CORPS_B &&
      candidate.status === "open" &&
      candidate.bookingCutoffAt > now,
  );
  if (!slot) return;
  if (!(await getAccommodation(ctx.redis, DEMO_ACCOMMODATION.iin))) {
    await setAccommodation(
      ctx,
      DEMO_ACCOMMODATION.iin,
      DEMO_ACCOMMODATION,
      SEED_STAFF,
    );
  }
  for (const candidate of DEMO_CANDIDATES) {
    try {
      await bookSeat(
        ctx,
        { ...candidate, programId: CORPS_B, slotId: slot.id, consent: true },
        SEED_STAFF,
      );
    } catch (error) {
      // Booked on an earlier start (or the slot filled up): leave it.
      if (!isSynaqError(error)) throw error;
    }
  }
}
