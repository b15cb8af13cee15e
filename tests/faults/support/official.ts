import type { Socket } from "socket.io-client";
import { codeHeader, freshIp } from "../../support/booking";
import { waitFor } from "./seed";
import { kioskSocket, type World } from "./world";

/**
 * A faults world's slot run through to official results: every seat's
 * attempt answered and submitted at its kiosk, scored, signed off by the
 * administrator and the operator, each attempt's document issued; and an
 * appeal filed against one booking. Used by the secrets and access tests.
 */

/** A question as a kiosk shows it. */
export interface KioskItem {
  id: string;
  language: string;
  stem: string;
  options: { id: string; text: string }[];
}

/** One seat's attempt as its kiosk saw it while running, and its kiosk's socket (still open). */
export interface SeatRun {
  attemptId: string;
  items: KioskItem[];
  socket: Socket;
}

/**
 * Takes the test at every seat of the world: starts an attempt not yet
 * started, answers each question (`answer` picks the kiosk's option ids),
 * submits, and waits until every attempt is scored. An attempt already
 * submitted is only waited for. `record` sees what each kiosk receives
 * and answers. The sockets stay open: the caller closes them.
 */
export async function takeWorldTests(
  world: World,
  answer: (item: KioskItem) => string[],
  record: (entry: { event: string; payload: unknown }) => void = () =>
    undefined,
): Promise<SeatRun[]> {
  const runs: SeatRun[] = [];
  for (const [seat, attemptId] of world.attemptIds.entries()) {
    const state = await world.redis.hget(`attempt:${attemptId}`, "state");
    if (state === "admitted" || state === "instructions") {
      const started = await world.staff.administrator.post(
        `/attempts/${attemptId}/start`,
        {},
      );
      if (started.status !== 200) throw new Error(JSON.stringify(started.body));
    }
    const socket = await kioskSocket(world.url, world.room.kiosks[seat]!.token);
    socket.onAny((event: string, ...payload: unknown[]) =>
      record({ event, payload }),
    );
    const resync = (await socket
      .timeout(10_000)
      .emitWithAck("attempt.resync")) as {
      ok: boolean;
      attempt: { state: string; items: KioskItem[] };
    };
    record({ event: "attempt.resync (running)", payload: resync });
    runs.push({ attemptId, items: resync.attempt.items, socket });
    if (resync.attempt.state !== "in_progress") continue;
    for (const [index, item] of resync.attempt.items.entries()) {
      const saved = (await socket.timeout(10_000).emitWithAck("answer.save", {
        attemptId,
        itemId: item.id,
        response: answer(item),
        seq: index + 1,
      })) as { ok: boolean };
      record({ event: "answer.save", payload: saved });
      if (!saved.ok) throw new Error(JSON.stringify(saved));
    }
    const submitted = (await socket
      .timeout(10_000)
      .emitWithAck("attempt.submit", { attemptId })) as { ok: boolean };
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
  }
  for (const attemptId of world.attemptIds) {
    await waitFor(
      "scored",
      async () =>
        (await world.redis.hget(`attempt:${attemptId}`, "state")) === "scored"
          ? true
          : undefined,
      30_000,
    );
  }
  return runs;
}

/**
 * Signs the slot off (administrator and operator) and waits until every
 * attempt has its certificate or reference; returns their numbers in the
 * order of `world.attemptIds`.
 */
export async function signOffWorldSlot(world: World): Promise<string[]> {
  for (const signer of [world.staff.administrator, world.staff.operator]) {
    // The faults leave incidents nobody reviews: signed over, with a reason.
    const signed = await signer.post(`/slots/${world.room.slotId}/sign-off`, {
      overrideReason: "fault test: incidents reviewed after the run",
    });
    if (signed.status !== 200) throw new Error(JSON.stringify(signed.body));
  }
  const numbers: string[] = [];
  for (const attemptId of world.attemptIds) {
    numbers.push(
      await waitFor(
        "the certificate",
        async () =>
          (await world.redis.hget(
            `attempt:${attemptId}`,
            "certificateNumber",
          )) ?? undefined,
        60_000,
      ),
    );
  }
  return numbers;
}

/**
 * Files an appeal for the world's booking `seat` (with its code, from an
 * address of its own: earlier wrong codes may have used up the local one's
 * budget); returns the appeal's id.
 */
export async function fileWorldAppeal(
  world: World,
  body: { grounds: string; itemId?: string; text: string },
  seat = 0,
): Promise<string> {
  const booking = world.room.bookings[seat]!;
  const filed = await world.staff.administrator.post(
    `/bookings/${booking.id}/appeals`,
    body,
    codeHeader(booking.code, freshIp()),
  );
  if (filed.status !== 201) throw new Error(JSON.stringify(filed.body));
  return filed.body.id as string;
}
