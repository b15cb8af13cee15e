import { describe, expect, it } from "vitest";
import {
  mergeAnswers,
  nextSeq,
  pendingInOrder,
  refusalOutcome,
  type JournalEntry,
} from "./journal";

const entry = (
  itemId: string,
  seq: number,
  response: string[],
  status: JournalEntry["status"] = "pending",
): JournalEntry => ({
  attemptId: "attempt-1",
  itemId,
  response,
  seq,
  status,
  savedAt: status === "saved" ? 1_000 + seq : null,
  error: status === "rejected" ? "unknown_option" : null,
});

describe("mergeAnswers", () => {
  it("keeps the server's answer when the local entry is older or the same", () => {
    const merged = mergeAnswers(
      { q1: { response: ["b"], seq: 5, savedAt: 9_000 } },
      [entry("q1", 4, ["a"]), entry("q1", 5, ["b"], "saved")],
    );
    expect(merged.q1).toEqual({
      response: ["b"],
      seq: 5,
      status: "saved",
      savedAt: 9_000,
      error: null,
    });
  });

  it("lets a newer unacknowledged local answer win, still pending", () => {
    const merged = mergeAnswers(
      { q1: { response: ["b"], seq: 5, savedAt: 9_000 } },
      [entry("q1", 7, ["c"])],
    );
    expect(merged.q1).toMatchObject({
      response: ["c"],
      seq: 7,
      status: "pending",
    });
  });

  it("sends again a local answer marked saved that the server no longer has", () => {
    const merged = mergeAnswers({}, [entry("q2", 3, ["a"], "saved")]);
    expect(merged.q2).toMatchObject({ seq: 3, status: "pending" });
  });

  it("decides per item, not for the whole attempt", () => {
    const merged = mergeAnswers(
      {
        q1: { response: ["a"], seq: 9, savedAt: 1 },
        q2: { response: ["a"], seq: 2, savedAt: 1 },
      },
      [entry("q1", 8, ["d"]), entry("q2", 10, ["d"]), entry("q3", 11, [])],
    );
    expect(merged.q1).toMatchObject({ response: ["a"], status: "saved" });
    expect(merged.q2).toMatchObject({ response: ["d"], status: "pending" });
    expect(merged.q3).toMatchObject({ response: [], status: "pending" });
  });

  it("keeps a refused answer refused, with its error", () => {
    const merged = mergeAnswers({}, [entry("q1", 3, ["z"], "rejected")]);
    expect(merged.q1).toMatchObject({
      status: "rejected",
      error: "unknown_option",
    });
  });

  it("does not share arrays with its inputs", () => {
    const server = { q1: { response: ["a"], seq: 1, savedAt: 1 } };
    const merged = mergeAnswers(server, []);
    merged.q1!.response.push("b");
    expect(server.q1.response).toEqual(["a"]);
  });
});

describe("nextSeq", () => {
  it("goes above both the journal and the server", () => {
    expect(nextSeq(12, 7)).toBe(13);
    expect(nextSeq(3, 40)).toBe(41);
  });

  it("goes above every journal entry even if the position was not saved", () => {
    expect(nextSeq(2, 3, [{ seq: 9 }, { seq: 4 }])).toBe(10);
  });

  it("starts at 1 on a fresh attempt", () => {
    expect(nextSeq(0, 0)).toBe(1);
  });
});

describe("pendingInOrder", () => {
  it("lists only unacknowledged answers, oldest first", () => {
    const answers = mergeAnswers(
      { q0: { response: ["a"], seq: 1, savedAt: 1 } },
      [
        entry("q1", 8, ["a"]),
        entry("q2", 3, ["b"]),
        entry("q3", 5, ["c"], "rejected"),
      ],
    );
    expect(pendingInOrder(answers)).toEqual([
      { itemId: "q2", response: ["b"], seq: 3 },
      { itemId: "q1", response: ["a"], seq: 8 },
    ]);
  });
});

describe("refusalOutcome", () => {
  it("keeps an answer the server could not store (full or restarting database) pending, to send again", () => {
    expect(refusalOutcome("storage_full")).toBe("retry");
    expect(refusalOutcome("storage_unavailable")).toBe("retry");
    expect(refusalOutcome("internal_error")).toBe("retry");
  });

  it("keeps an answer refused before an outage's time is given back pending, to send again", () => {
    expect(refusalOutcome("outage_pending")).toBe("retry");
  });

  it("stops at the end of the test and rejects an answer refused for what it is", () => {
    expect(refusalOutcome("deadline_passed")).toBe("stop");
    expect(refusalOutcome("attempt_submitted")).toBe("stop");
    expect(refusalOutcome("unknown_option")).toBe("reject");
  });
});
