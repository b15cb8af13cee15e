import { resolve } from "node:path";
import { DEFAULT_BANKS_DIR, validateBankDirectory } from "./repository";
import { formatProblems, formatReport } from "./validate";

/**
 * `npm run bank:validate [-- <dir>]`: checks every bank and program, prints
 * the items per section per language, and lists every problem. Exit 0 when
 * there is none, 1 when there are problems, 2 when the folder is unreadable.
 */
async function main() {
  const dir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_BANKS_DIR;
  let result;
  try {
    result = await validateBankDirectory(dir);
  } catch (error) {
    console.error(`cannot read ${dir}: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  console.log(formatReport(result));
  if (result.problems.length > 0) {
    console.error(
      `\n${result.problems.length} problem(s) in ${dir}:\n${formatProblems(result.problems)}`,
    );
    process.exitCode = 1;
    return;
  }
  console.log(`\n${dir}: no problems`);
}

await main();
