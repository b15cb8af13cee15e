import { describe, expect, it } from "vitest";
import { foldEpisodes, openEpisodes, type FoldableIncident } from "./incidents";

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 7, 5, 0, 0);
let counter = 0;

/** An incident on attempt `a1` / seat `s1` unless told otherwise. */
function incident(
  fields: Partial<FoldableIncident> & Pick<FoldableIncident, "type" | "at">,
): FoldableIncident {
  counter += 1;
  return {
    id: `i${counter}`,
    attemptId: "a1",
    slotId: "slot",
    seatId: "s1",
    source: fields.type === "disconnect" ? "server" : "kiosk",
    durationMs: null,
    detail: "",
    ...fields,
  };
}

const blip = (at: number, durationMs: number, more = {}) =>
  incident({ type: "disconnect", at, durationMs, ...more });

describe("folding incidents into episodes", () => {
  it("folds a reconnect storm on one seat into one episode with a count, a span and the time lost", () => {
    const storm = Array.from({ length: 10 }, (_, i) =>
      blip(T0 + i * 20_000, 3_000),
    );
    const episodes = foldEpisodes(storm, 5 * MINUTE);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({
      kind: "connection",
      types: ["disconnect"],
      count: 10,
      firstAt: T0 - 3_000,
      lastAt: T0 + 9 * 20_000,
      downtimeMs: 30_000,
      status: "open",
      openCount: 10,
      incidentIds: storm.map((one) => one.id),
    });
  });

  it("puts a reload with its disconnect, and keeps seats and attempts apart", () => {
    const episodes = foldEpisodes(
      [
        blip(T0, 2_000),
        incident({ type: "reload", at: T0 + 1_000 }),
        blip(T0 + 500, 2_000, { attemptId: "a2", seatId: "s2" }),
      ],
      5 * MINUTE,
    );
    expect(episodes.map((episode) => [episode.seatId, episode.types])).toEqual([
      ["s1", ["disconnect", "reload"]],
      ["s2", ["disconnect"]],
    ]);
  });

  it("starts a new episode when the next drop begins after the window", () => {
    const episodes = foldEpisodes(
      [blip(T0, 1_000), blip(T0 + 10 * MINUTE, 1_000)],
      5 * MINUTE,
    );
    expect(episodes.map((episode) => episode.count)).toEqual([1, 1]);
  });

  it("measures a long drop from its start: one that began within the window joins", () => {
    // Came back 8 minutes after the first blip, after 6 minutes away.
    const episodes = foldEpisodes(
      [blip(T0, 1_000), blip(T0 + 8 * MINUTE, 6 * MINUTE)],
      5 * MINUTE,
    );
    expect(episodes).toHaveLength(1);
    expect(episodes[0]?.downtimeMs).toBe(1_000 + 6 * MINUTE);
  });

  it("folds repeats of one kiosk type, never staff records, and keeps kinds apart", () => {
    const episodes = foldEpisodes(
      [
        incident({ type: "focus_loss", at: T0, durationMs: 1_000 }),
        incident({ type: "focus_loss", at: T0 + 5_000, durationMs: 2_000 }),
        incident({ type: "page_hidden", at: T0 + 6_000, durationMs: 500 }),
        incident({
          type: "noise",
          source: "staff",
          at: T0 + 7_000,
          detail: "a",
        }),
        incident({
          type: "noise",
          source: "staff",
          at: T0 + 8_000,
          detail: "b",
        }),
      ],
      5 * MINUTE,
    );
    expect(
      episodes.map((episode) => [episode.kind, episode.types, episode.count]),
    ).toEqual([
      ["kiosk", ["focus_loss"], 2],
      ["kiosk", ["page_hidden"], 1],
      ["staff", ["noise"], 1],
      ["staff", ["noise"], 1],
    ]);
    expect(episodes[0]?.downtimeMs).toBe(3_000);
    expect(episodes.slice(2).map((episode) => episode.detail)).toEqual([
      "a",
      "b",
    ]);
  });

  it("is closed automatically only when every incident in it was, and open while one waits", () => {
    const closed = { acknowledgedAt: T0 + 5_000, closedAutomatically: true };
    const auto = foldEpisodes(
      [blip(T0, 1_000, closed), blip(T0 + 2_000, 1_000, closed)],
      5 * MINUTE,
    );
    expect(auto[0]).toMatchObject({
      status: "auto_closed",
      openCount: 0,
      autoClosedCount: 2,
    });
    expect(openEpisodes(auto)).toHaveLength(0);

    const mixed = foldEpisodes(
      [blip(T0, 1_000, closed), incident({ type: "reload", at: T0 + 3_000 })],
      5 * MINUTE,
    );
    expect(mixed[0]).toMatchObject({ status: "open", openCount: 1 });
    expect(openEpisodes(mixed)).toHaveLength(1);
  });

  it("shows the first acknowledgement and one comment given to many incidents once", () => {
    const comment = { by: "Оператор", at: T0 + 9_000, text: "Wi-Fi" };
    const episodes = foldEpisodes(
      [
        blip(T0, 1_000, {
          acknowledgedBy: "Оператор",
          acknowledgedAt: T0 + 9_000,
          comments: [comment],
        }),
        blip(T0 + 1_000, 1_000, {
          acknowledgedBy: "Оператор",
          acknowledgedAt: T0 + 9_000,
          comments: [comment],
        }),
      ],
      5 * MINUTE,
    );
    expect(episodes[0]).toMatchObject({
      status: "acknowledged",
      acknowledgedBy: "Оператор",
      comments: [comment],
    });
  });

  it("offers time back only while the test runs, and only what was not given yet", () => {
    const storm = [
      blip(T0, 4_000, { grantedMs: 4_000 }),
      blip(T0 + 10_000, 6_000),
      incident({ type: "reload", at: T0 + 11_000 }),
    ];
    const running = foldEpisodes(storm, 5 * MINUTE, () => true);
    expect(running[0]?.grantable).toEqual({
      incidentIds: [storm[1]!.id],
      ms: 6_000,
    });
    expect(running[0]?.grantedMs).toBe(4_000);
    const over = foldEpisodes(storm, 5 * MINUTE, () => false);
    expect(over[0]?.grantable).toEqual({ incidentIds: [], ms: 0 });
  });

  it("counts the kiosk's own offline measure only where the server measured no disconnect", () => {
    const both = foldEpisodes(
      [
        incident({ type: "offline", at: T0, durationMs: 5_000 }),
        blip(T0 + 100, 5_100),
      ],
      5 * MINUTE,
      () => true,
    );
    expect(both[0]?.downtimeMs).toBe(5_100);
    const kioskOnly = foldEpisodes(
      [incident({ type: "offline", at: T0, durationMs: 5_000 })],
      5 * MINUTE,
    );
    expect(kioskOnly[0]?.downtimeMs).toBe(5_000);
  });
});
