import { resetReport, writeSummary } from "./report";

/** The faults project: a fresh report before, the summary table after. */
export default function setup() {
  resetReport();
  return () => {
    const table = writeSummary();
    console.log(
      `\nFault scenarios (tests/.artifacts/faults-summary.md):\n\n${table}\n`,
    );
  };
}
