import { describe, expect, it } from "vitest";
import { ask, type KioskSocket } from "./socket";

/** A socket whose server answers every request with `answer`. */
function fakeSocket(answer: (event: string) => [Error | null, unknown?]) {
  const sent: { timeoutMs: number; event: string; payload: unknown[] }[] = [];
  const socket = {
    timeout: (timeoutMs: number) => ({
      emit: (event: string, ...args: unknown[]) => {
        const ack = args.pop() as (
          error: Error | null,
          reply?: unknown,
        ) => void;
        sent.push({ timeoutMs, event, payload: args });
        ack(...answer(event));
      },
    }),
  } as unknown as KioskSocket;
  return { socket, sent };
}

describe("ask", () => {
  it("sends the payload under the timeout and resolves with the server's reply", async () => {
    const { socket, sent } = fakeSocket(() => [
      null,
      { ok: true, seq: 3, savedAt: 1_000, answered: 2 },
    ]);
    const answer = { attemptId: "a", itemId: "i", response: ["o"], seq: 3 };
    await expect(ask(socket, 5_000, "answer.save", answer)).resolves.toEqual({
      ok: true,
      seq: 3,
      savedAt: 1_000,
      answered: 2,
    });
    expect(sent).toEqual([
      { timeoutMs: 5_000, event: "answer.save", payload: [answer] },
    ]);
  });

  it("sends no payload for a request that takes none", async () => {
    const { socket, sent } = fakeSocket(() => [
      null,
      { ok: true, serverNow: 42 },
    ]);
    await expect(ask(socket, 3_000, "time.sync")).resolves.toEqual({
      ok: true,
      serverNow: 42,
    });
    expect(sent[0]?.payload).toEqual([]);
  });

  it("rejects when no reply came in time", async () => {
    const { socket } = fakeSocket(() => [new Error("operation has timed out")]);
    await expect(ask(socket, 10, "kiosk.heartbeat")).rejects.toThrow(
      "operation has timed out",
    );
  });
});
