import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/**
 * The faults project's summary: each scenario appends one line of numbers
 * to a JSON-lines file under tests/.artifacts/ (git-ignored); the project's
 * globalSetup clears it before the run and prints the Markdown table after.
 */

export const ARTIFACTS_DIR = path.resolve(
  import.meta.dirname,
  "../../.artifacts",
);
export const REPORT_FILE = path.join(ARTIFACTS_DIR, "faults-report.jsonl");
export const SUMMARY_FILE = path.join(ARTIFACTS_DIR, "faults-summary.md");

export interface ScenarioNumbers {
  scenario: string;
  /** Answers the server acknowledged (distinct `seq`s with an ok ack). */
  acked: number;
  /** Acknowledged answers missing from Redis (or older than acked) at the end. */
  lost: number;
  /** Malformed, forged or unauthorized inputs sent. */
  badInputs: number;
  /** HTTP responses with a 5xx status (and socket `internal_error` acks outside a planned Redis outage). */
  serverErrors: number;
  passed: boolean;
  notes?: string;
}

export function recordScenario(numbers: ScenarioNumbers): void {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  appendFileSync(REPORT_FILE, `${JSON.stringify(numbers)}\n`);
}

export function resetReport(): void {
  rmSync(REPORT_FILE, { force: true });
}

export function readReport(): ScenarioNumbers[] {
  if (!existsSync(REPORT_FILE)) return [];
  return readFileSync(REPORT_FILE, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ScenarioNumbers);
}

/** The Markdown table of every recorded scenario, with a total row. */
export function summaryTable(rows: ScenarioNumbers[]): string {
  const total = rows.reduce(
    (sum, row) => ({
      acked: sum.acked + row.acked,
      lost: sum.lost + row.lost,
      badInputs: sum.badInputs + row.badInputs,
      serverErrors: sum.serverErrors + row.serverErrors,
    }),
    { acked: 0, lost: 0, badInputs: 0, serverErrors: 0 },
  );
  const lines = [
    "| scenario | result | answers acknowledged | answers lost | bad inputs tried | 5xx responses | notes |",
    "|---|---|--:|--:|--:|--:|---|",
    ...rows.map(
      (row) =>
        `| ${row.scenario} | ${row.passed ? "pass" : "FAIL"} | ${row.acked} | ${row.lost} | ${row.badInputs} | ${row.serverErrors} | ${row.notes ?? ""} |`,
    ),
    `| **${rows.length} scenarios** | ${rows.every((row) => row.passed) ? "pass" : "FAIL"} | ${total.acked} | ${total.lost} | ${total.badInputs} | ${total.serverErrors} | |`,
  ];
  return lines.join("\n");
}

export function writeSummary(): string {
  const table = summaryTable(
    readReport().sort((a, b) =>
      a.scenario.localeCompare(b.scenario, "en", { numeric: true }),
    ),
  );
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(SUMMARY_FILE, `${table}\n`);
  return table;
}
