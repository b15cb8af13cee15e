import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN } from "@shared/requests";
import { api, ApiError, REPEAT_DELAYS_MS } from "./api";

type Answer = { status: number; body?: unknown } | "network";

/** A fetch that answers in turn and records the headers it was sent. */
function fakeFetch(answers: Answer[]) {
  const sent: Record<string, string>[] = [];
  const fetch = vi.fn((_url: string, init: RequestInit) => {
    sent.push({ ...(init.headers as Record<string, string>) });
    const answer = answers.shift() ?? { status: 200, body: {} };
    if (answer === "network")
      return Promise.reject(new TypeError("fetch failed"));
    return Promise.resolve(
      new Response(
        answer.body === undefined ? null : JSON.stringify(answer.body),
        {
          status: answer.status,
          headers: { "content-type": "application/json" },
        },
      ),
    );
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, sent };
}

/** Runs a call to the end, letting the repeat delays pass at once. */
async function settle<T>(call: Promise<T>): Promise<T> {
  const outcome = call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  for (let i = 0; i <= REPEAT_DELAYS_MS.length; i++) {
    await vi.advanceTimersByTimeAsync(Math.max(...REPEAT_DELAYS_MS));
  }
  const result = await outcome;
  if ("error" in result) throw result.error;
  return result.value;
}

describe("api: request ids and repeats", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("names every change with a new request id, and no read", async () => {
    const { sent } = fakeFetch([
      { status: 200, body: {} },
      { status: 200, body: {} },
      { status: 200, body: {} },
    ]);
    await settle(api.post("/a", {}));
    await settle(api.delete("/b"));
    await settle(api.get("/c"));
    const [first, second, read] = sent;
    expect(first?.[REQUEST_ID_HEADER]).toMatch(REQUEST_ID_PATTERN);
    expect(second?.[REQUEST_ID_HEADER]).toMatch(REQUEST_ID_PATTERN);
    expect(first?.[REQUEST_ID_HEADER]).not.toBe(second?.[REQUEST_ID_HEADER]);
    expect(read?.[REQUEST_ID_HEADER]).toBeUndefined();
  });

  it("repeats a change with the same id after a network failure, a 502, 503 or 504", async () => {
    const { sent } = fakeFetch([
      "network",
      {
        status: 503,
        body: { error: { id: "storage_unavailable", message: "later" } },
      },
      { status: 504 },
      { status: 201, body: { id: "B1" } },
    ]);
    await expect(settle(api.post("/bookings", { iin: "x" }))).resolves.toEqual({
      id: "B1",
    });
    expect(sent).toHaveLength(4);
    expect(
      new Set(sent.map((headers) => headers[REQUEST_ID_HEADER])).size,
    ).toBe(1);
  });

  it("gives up after a few repeats, with the last error", async () => {
    const { fetch } = fakeFetch(
      Array.from({ length: 10 }, () => "network" as const),
    );
    const failed = settle(api.put("/x", {})).catch((error: unknown) => error);
    expect(await failed).toMatchObject({ status: 0, id: "network_error" });
    expect(fetch).toHaveBeenCalledTimes(REPEAT_DELAYS_MS.length + 1);
  });

  it("never repeats a refusal or a read", async () => {
    const { fetch } = fakeFetch([
      { status: 409, body: { error: { id: "already_booked", message: "no" } } },
      "network",
    ]);
    await expect(settle(api.post("/bookings", {}))).rejects.toBeInstanceOf(
      ApiError,
    );
    await expect(settle(api.get("/slots"))).rejects.toMatchObject({
      id: "network_error",
    });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("keeps a request id the caller chose", async () => {
    const { sent } = fakeFetch([{ status: 200, body: {} }]);
    await settle(
      api.post(
        "/a",
        {},
        { headers: { [REQUEST_ID_HEADER]: "caller-chosen-id-0123456789" } },
      ),
    );
    expect(sent[0]?.[REQUEST_ID_HEADER]).toBe("caller-chosen-id-0123456789");
  });
});
