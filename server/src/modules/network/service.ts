import {
  addDayCounts,
  type DayCounts,
  type NetworkCenterDay,
  type NetworkSlot,
  type NetworkToday,
  type StageShare,
} from "@shared/network";
import type { LocalizedText } from "@shared/booking";
import { wallClockAt, wallClockToInstant } from "@shared/time";
import type { AppContext } from "../../context";
import { centerCompliance } from "../analytics";
import { listSlotIncidents } from "../attempts";
import { getProgramInfo } from "../programs";
import { slotBookingCounts } from "../booking";
import {
  getRooms,
  listCenters,
  serverNow,
  type CenterRecord,
  presentCenter,
} from "../centers";
import { listSlotsStartingBetween, type SlotRecord } from "../slots";

const iso = (ms: number) => new Date(ms).toISOString();

/** Today in a zone: its first instant and the first of tomorrow. */
export function dayBounds(now: number, timeZone: string) {
  const today = wallClockAt(now, timeZone);
  const at = (dayOffset: number) =>
    wallClockToInstant(
      {
        year: today.year,
        month: today.month,
        day: today.day + dayOffset,
        hour: 0,
        minute: 0,
      },
      timeZone,
    );
  const pad = (value: number) => String(value).padStart(2, "0");
  return {
    date: `${today.year}-${pad(today.month)}-${pad(today.day)}`,
    from: at(0),
    to: at(1),
  };
}

/**
 * The network's day: for every center, today's slots (in the center's own
 * zone) with the candidates by status — the roster figures the console's
 * Today shows — and the incidents, summed per center and for the network;
 * plus each center's compliance over today's slots with official results,
 * from the stored analytics.
 */
export async function networkToday(ctx: AppContext): Promise<NetworkToday> {
  const now = await serverNow(ctx.redis);
  const centers = await listCenters(ctx.redis);
  const days = centers.map((center) => ({
    center,
    ...dayBounds(now, center.timezone),
  }));
  if (days.length === 0) {
    return { generatedAt: iso(now), centers: [], totals: addDayCounts([]) };
  }
  // One read of every slot in the widest window, then split per center.
  const slots = await listSlotsStartingBetween(
    ctx.redis,
    Math.min(...days.map((day) => day.from)),
    Math.max(...days.map((day) => day.to)),
  );
  const rooms = new Map(
    (
      await getRooms(ctx.redis, [...new Set(slots.map((slot) => slot.roomId))])
    ).map((room) => [room.id, room]),
  );
  const centerDays = await Promise.all(
    days.map(async ({ center, date, from, to }) => {
      const todays = slots.filter(
        (slot) =>
          slot.centerId === center.id &&
          slot.status !== "cancelled" &&
          slot.startsAt >= from &&
          slot.startsAt < to,
      );
      const shown = await Promise.all(
        todays.map((slot) => presentSlotDay(ctx, slot, rooms)),
      );
      return presentCenterDay(ctx, center, date, from, to, shown);
    }),
  );
  return {
    generatedAt: iso(now),
    centers: centerDays,
    totals: addDayCounts(centerDays.map((day) => day.totals)),
  };
}

async function presentSlotDay(
  ctx: AppContext,
  slot: SlotRecord,
  rooms: Map<string, { id: string; name: string; names: LocalizedText }>,
): Promise<NetworkSlot> {
  const [bookings, incidents] = await Promise.all([
    slotBookingCounts(ctx, slot.id),
    listSlotIncidents(ctx.redis, slot.id),
  ]);
  const counts: DayCounts = {
    booked: slot.bookedSeats,
    admitted: bookings.admitted,
    testing: bookings.in_progress,
    finished: bookings.completed,
    noShow: bookings.no_show,
    incidents: incidents.length,
    openIncidents: incidents.filter((incident) => !incident.acknowledgedAt)
      .length,
  };
  const program = getProgramInfo(ctx, slot.programId);
  const room = rooms.get(slot.roomId);
  return {
    id: slot.id,
    room: {
      id: slot.roomId,
      name: room?.name ?? "",
      names: room?.names ?? { kk: "", ru: "", en: "" },
    },
    program: {
      id: slot.programId,
      titles: program?.titles ?? {
        kk: slot.programId,
        ru: slot.programId,
        en: slot.programId,
      },
    },
    startsAt: iso(slot.startsAt),
    endsAt: iso(slot.endsAt),
    seatsOffered: slot.seatsOffered,
    counts,
  };
}

async function presentCenterDay(
  ctx: AppContext,
  center: CenterRecord,
  date: string,
  from: number,
  to: number,
  slots: NetworkSlot[],
): Promise<NetworkCenterDay> {
  const { stages } = await centerCompliance(ctx.redis, center.id, from, to - 1);
  const compliance: StageShare[] = stages.map((stage) => ({
    stage: stage.stage,
    measured: stage.measured,
    within: stage.within,
    share: stage.share,
  }));
  return {
    center: presentCenter(center),
    date,
    slots,
    totals: addDayCounts(slots.map((slot) => slot.counts)),
    compliance,
  };
}
