import { seatLabels, type CenterInput } from "@shared/booking";
import { wallClockAt, wallClockToInstant } from "@shared/time";
import type { AppContext } from "../../context";
import { isSynaqError } from "../../errors";
import {
  countSeats,
  listCenters,
  listRooms,
  listSeats,
  serverNow,
  updateCenterRegion,
  type CenterRecord,
  type RoomRecord,
  addRoom,
  addSeats,
  registerCenter,
} from "../centers";
import { getSlot, listSlotsStartingBetween, scheduleSlot } from "../slots";
import { getAccommodation, setAccommodation } from "../accommodations";
import { bookSeat } from "../booking";
import { getProgramInfo } from "../programs";

const ACTOR = "system:demo-seed";
const SEED_STAFF = {
  kind: "staff" as const,
  accountId: "demo-seed",
  fullName: "Synaq demo seed",
  actor: ACTOR,
};
const MINUTE = 60_000;
const FIVE_MINUTES = 5 * MINUTE;

const CORPS_B = "corps-b-legislation";
const PROGRAM_1 = "program-1-2016";
/** The demonstration assessment: after a corps B test, in the same room. */
const ASSESSMENT = "personal-qualities-demo";

/** The first demo center (Astana): the one the original demo accounts serve. */
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
  region: {
    code: "astana",
    title: { kk: "Астана", ru: "Астана", en: "Astana" },
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

/** The second demo center (Almaty), with staff of its own. */
export const DEMO_CENTER_B: CenterInput = {
  name: {
    kk: "Synaq Алматы тестілеу орталығы",
    ru: "Центр тестирования Synaq в Алматы",
    en: "Synaq Almaty testing center",
  },
  address: {
    kk: "Алматы қ., Абай даңғылы, 52",
    ru: "г. Алматы, проспект Абая, 52",
    en: "52 Abay Avenue, Almaty",
  },
  region: {
    code: "almaty",
    title: { kk: "Алматы", ru: "Алматы", en: "Almaty" },
  },
  schedule: {
    kk: "Дүйсенбі–сенбі, 08:30–17:30. Жексенбі және мереке күндері — демалыс.",
    ru: "Понедельник–суббота, 08:30–17:30. Воскресенье и праздничные дни — выходные.",
    en: "Monday to Saturday, 08:30–17:30. Closed on Sundays and public holidays.",
  },
  accessibility: {
    kk: "Ғимаратқа кіреберіс деңгейінде, баспалдақсыз кіруге болады; залда биіктігі реттелетін үстел бар. Қосымша уақыт немесе көмекші қажет болса, тестке дейін кемінде 3 жұмыс күні бұрын орталыққа жүгініңіз.",
    ru: "Вход без ступеней, на уровне улицы; в зале есть стол с регулируемой высотой. Если нужно дополнительное время или ассистент, обратитесь в центр не позднее чем за 3 рабочих дня до теста.",
    en: "Step-free entrance at street level; the hall has a height-adjustable desk. If you need extra time or an assistant, contact the center at least 3 working days before the test.",
  },
};

interface DemoCenterPlan {
  center: CenterInput;
  rooms: {
    name: string;
    seats: { prefix: string; from: number; to: number };
  }[];
  /** A slot within the hour per entry: [room index, program]. */
  soon: [number, string][];
  /** Each of today and the next three days: [room index, program, hour, minute]. */
  daily: [number, string, number, number][];
}

const DEMO_PLANS: readonly DemoCenterPlan[] = [
  {
    center: DEMO_CENTER,
    rooms: [
      { name: "Зал 1", seats: { prefix: "A", from: 1, to: 10 } },
      { name: "Зал 2", seats: { prefix: "B", from: 1, to: 10 } },
    ],
    soon: [
      [0, CORPS_B],
      [1, PROGRAM_1],
    ],
    daily: [
      [0, CORPS_B, 9, 0],
      [0, ASSESSMENT, 10, 15],
      [0, CORPS_B, 11, 30],
      [0, CORPS_B, 15, 0],
      [0, ASSESSMENT, 16, 15],
      [1, PROGRAM_1, 10, 0],
    ],
  },
  {
    center: DEMO_CENTER_B,
    rooms: [{ name: "Зал 1", seats: { prefix: "A", from: 1, to: 8 } }],
    soon: [[0, CORPS_B]],
    daily: [
      [0, CORPS_B, 10, 0],
      [0, PROGRAM_1, 14, 0],
    ],
  },
];

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
 * The demo centers with their rooms and seats, made when missing; an
 * existing demo center opened before regions existed gets its region.
 * Returns them in the order of DEMO_PLANS (Astana, then Almaty).
 */
export async function ensureDemoCenters(
  ctx: AppContext,
): Promise<{ center: CenterRecord; rooms: RoomRecord[] }[]> {
  const existing = await listCenters(ctx.redis);
  const seeded: { center: CenterRecord; rooms: RoomRecord[] }[] = [];
  for (const plan of DEMO_PLANS) {
    let center = existing.find(
      (candidate) => candidate.name.en === plan.center.name.en,
    );
    if (!center) {
      center = await registerCenter(ctx, plan.center, ACTOR);
    } else if (!center.region && plan.center.region) {
      const reply = await updateCenterRegion(
        ctx.redis,
        center.id,
        plan.center.region,
        ACTOR,
      );
      if ("ok" in reply) center = { ...center, region: plan.center.region };
    }
    seeded.push({ center, rooms: await ensureRooms(ctx, center.id, plan) });
  }
  return seeded;
}

async function ensureRooms(
  ctx: AppContext,
  centerId: string,
  plan: DemoCenterPlan,
): Promise<RoomRecord[]> {
  const existingRooms = await listRooms(ctx.redis, centerId);
  const rooms: RoomRecord[] = [];
  for (const spec of plan.rooms) {
    const room =
      existingRooms.find((existing) => existing.name === spec.name) ??
      (await addRoom(ctx, centerId, spec.name, ACTOR));
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
  return rooms;
}

/**
 * The demo network: the Astana center (two rooms of ten seats) and the
 * Almaty one (one room of eight), each with slots today and on the next
 * three days, a slot starting within the hour (so a demo admission works
 * whenever the demo starts), and three bookings on Astana's soonest
 * corps-b slot. Idempotent: what exists is reused, and a slot that would
 * overlap one already there is skipped.
 */
export async function seedDemoBooking(ctx: AppContext): Promise<void> {
  const centers = await ensureDemoCenters(ctx);
  const now = await serverNow(ctx.redis);
  const soon = Math.ceil((now + 20 * MINUTE) / FIVE_MINUTES) * FIVE_MINUTES;
  // Soon slots first: they are what makes the demo work right now.
  for (const [index, plan] of DEMO_PLANS.entries()) {
    const rooms = centers[index]?.rooms ?? [];
    for (const [room, programId] of plan.soon) {
      const roomId = rooms[room]?.id;
      if (roomId) await scheduleSoon(ctx, roomId, programId, soon, now);
    }
  }
  for (const [index, plan] of DEMO_PLANS.entries()) {
    const seeded = centers[index];
    if (seeded) await scheduleDays(ctx, seeded, plan, now);
  }
  const first = centers[0];
  if (first) await seedDemoBookings(ctx, first.center.id, now);
}

/** The plan's daily slots today and on the next three days. */
async function scheduleDays(
  ctx: AppContext,
  { center, rooms }: { center: CenterRecord; rooms: RoomRecord[] },
  plan: DemoCenterPlan,
  now: number,
) {
  const timezone = center.timezone;
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
    for (const [room, programId, hour, minute] of plan.daily) {
      const roomId = rooms[room]?.id;
      const startsAt = at(hour, minute);
      if (roomId) {
        // The assessment is booked at the desk when the test before it
        // ends (chained in the same visit): booking stays open until it
        // starts.
        await trySchedule(
          ctx,
          roomId,
          programId,
          startsAt,
          now,
          programId === ASSESSMENT
            ? { bookingCutoffAt: new Date(startsAt).toISOString() }
            : {},
        );
      }
    }
  }
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
        // Every seat of the room.
        seatsOffered: await countSeats(ctx.redis, roomId),
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

async function seedDemoBookings(
  ctx: AppContext,
  centerId: string,
  now: number,
) {
  const upcoming = await listSlotsStartingBetween(
    ctx.redis,
    now,
    now + 24 * 60 * MINUTE,
  );
  const slot = upcoming.find(
    (candidate) =>
      candidate.centerId === centerId &&
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
