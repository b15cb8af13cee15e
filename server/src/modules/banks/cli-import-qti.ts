import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { importQtiItems } from "./qti";
import {
  DEFAULT_BANKS_DIR,
  readQtiSources,
  validateBankDirectory,
  writeBankSectionItems,
} from "./repository";
import { formatProblems } from "./validate";

const USAGE =
  "usage: npm run bank:import-qti -- <folder or .zip> [--bank <id>] [--section <id>] [--out <dir>]\n" +
  "  defaults: --bank imported --section imported --out question-banks";

/**
 * `npm run bank:import-qti -- <folder or zip>`: imports QTI 3.0 choice
 * items into `<out>/<bank>/<section>.json`, lists every item it could not
 * import with the reason, then validates the result. Exit 0 when items were
 * written and the banks validate, 1 otherwise, 2 on a usage error.
 */
async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        bank: { type: "string", default: "imported" },
        section: { type: "string", default: "imported" },
        out: { type: "string" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { values, positionals } = parsed;
  const [source] = positionals;
  const slug = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  if (!source || !slug.test(values.bank) || !slug.test(values.section)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const out = values.out ? resolve(values.out) : DEFAULT_BANKS_DIR;

  const result = importQtiItems(await readQtiSources(resolve(source)));
  for (const { file, reason } of result.ignored) {
    console.log(`ignored ${file}: ${reason}`);
  }
  for (const { id, file, reason } of result.skipped) {
    console.error(`not imported ${id} (${file}): ${reason}`);
  }
  for (const { id, missing } of result.incomplete) {
    console.log(
      `imported ${id} without ${missing.join(", ")}: add the translation`,
    );
  }
  if (result.items.length === 0) {
    console.error("nothing imported");
    process.exitCode = 1;
    return;
  }
  const written = await writeBankSectionItems(
    out,
    values.bank,
    values.section,
    result.items,
  );
  console.log(
    `${written.file}: ${written.added} added, ${written.replaced} replaced, ${result.skipped.length} not imported`,
  );
  const validation = await validateBankDirectory(out);
  if (validation.problems.length > 0) {
    console.error(
      `the banks in ${out} now have problems:\n${formatProblems(validation.problems)}`,
    );
    process.exitCode = 1;
  }
}

await main();
