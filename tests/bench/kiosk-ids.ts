import { randomBytes, randomUUID } from "node:crypto";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { kioskIdMap } from "../../server/src/modules/attempts/kiosk-ids";
import { assembleForm } from "../../server/src/modules/banks/assembly";
import { loadBankCatalog } from "../../server/src/modules/banks/repository";

/**
 * The heap a running attempt's kiosk id map holds: every realtime process
 * keeps one per attempt it serves (kiosk-ids.ts), so at 10,000 kiosks it
 * is 10,000 of them. Forms of the longest shipped program, each read back
 * from JSON as the server reads it from Redis; V8's heap after a full GC,
 * before and after the maps are built, divided by their number.
 */
export async function benchKioskIds(options: { quick: boolean }) {
  v8.setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const catalog = await loadBankCatalog();
  const questions = (program: (typeof catalog.programs)[number]) =>
    program.sections.reduce((sum, section) => sum + section.questions, 0);
  const program = [...catalog.programs].sort(
    (a, b) => questions(b) - questions(a),
  )[0]!;
  const attempts = options.quick ? 200 : 1000;
  const forms = Array.from({ length: attempts }, (_, index) =>
    JSON.stringify(
      assembleForm(
        program,
        catalog.itemsBySection,
        `bench-${index}`,
        program.languages[0]!,
      ),
    ),
  );
  const secret = randomBytes(32);
  gc();
  const before = process.memoryUsage().heapUsed;
  const maps = forms.map((form) =>
    kioskIdMap(secret, randomUUID(), JSON.parse(form)),
  );
  gc();
  const after = process.memoryUsage().heapUsed;
  // Every map alive up to the second reading.
  if (maps.length !== attempts) throw new Error("maps lost");
  return {
    kioskIdsProgram: program.id,
    kioskIdsItems: questions(program),
    kioskIdsKBPerAttempt:
      Math.round(((after - before) / attempts / 1024) * 10) / 10,
  };
}
