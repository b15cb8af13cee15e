import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { archiveDir, isArchived, readSlotArchive } from "../../archive/store";
import { loadEnv } from "../../env";
import { openCliRedis } from "../../redis/cli-connection";
import {
  installationAnchors,
  installationTrust,
  verifyExportedRecord,
} from "./exported";
import { verifyAnchoredStream } from "./service";
import type { AuditScope } from "./repository";

const dataDir = () => process.env.DATA_DIR ?? "./data";

const installation = () => ({
  dataDir: dataDir(),
  ...(process.env.CERT_QR_KEY_PATH
    ? { qrKeyPath: process.env.CERT_QR_KEY_PATH }
    : {}),
});

const reportUnreadable = (file: string, lines: number[]) =>
  console.error(
    `${file}: lines ${lines.join(", ")} are not checkpoints and were ignored`,
  );

const anchoredSummary = (verdict: {
  checkpoints: number;
  unanchored: number;
}) =>
  verdict.checkpoints === 0
    ? "no signed checkpoint yet: only as safe as Redis"
    : `${verdict.checkpoints} signed checkpoints, ${verdict.unanchored} entries since the last`;

/** Checks a slot's exported record (a `--file`, or an archived slot's). */
const verifyExported = (document: unknown) =>
  verifyExportedRecord(document, installation(), {
    onUnreadable: reportUnreadable,
  });

/**
 * `npm run audit:verify -- --slot <id>` (or `--center <id>`, `--network`,
 * `--system` for the stream written before centers had their own): checks
 * the hash chain and names the first broken entry. `--file <export.json>` checks a
 * slot's exported record instead (GET /analytics/slots/:id/archive.json),
 * with no Redis. Exit 0 intact, 1 broken, 2 usage.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      slot: { type: "string" },
      center: { type: "string" },
      network: { type: "boolean" },
      system: { type: "boolean" },
      redis: { type: "string" },
      file: { type: "string" },
    },
  });
  if (values.file) {
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(values.file, "utf8"));
    } catch (error) {
      console.error(
        `cannot read ${values.file}: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(2);
    }
    const verdict = await verifyExported(document);
    if (verdict.ok) {
      console.log(
        `audit file ${values.file}: intact, ${verdict.entries} entries, head ${verdict.head}`,
      );
    } else {
      console.log(
        `audit file ${values.file}: BROKEN at ${verdict.brokenAt} (entry ${verdict.entries}): ${verdict.reason}`,
      );
      process.exitCode = 1;
    }
    return;
  }
  const scopes: AuditScope[] = [
    ...(values.slot ? [`slot:${values.slot}` as const] : []),
    ...(values.center ? [`center:${values.center}` as const] : []),
    ...(values.network ? ["network" as const] : []),
    ...(values.system ? ["system" as const] : []),
  ];
  const scope = scopes.length === 1 ? scopes[0] : undefined;
  if (!scope) {
    console.error(
      "usage: npm run audit:verify -- --slot <slotId> | --center <centerId> | --network | --system [--redis redis://host:port] | --file <export.json>\n" +
        "(without --redis: REDIS_URL, else the embedded Redis of DATA_DIR, with its password from DATA_DIR/redis)",
    );
    process.exit(2);
  }
  const env = loadEnv();
  const connection = await openCliRedis(env, values.redis).catch(
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      return process.exit(2);
    },
  );
  const { redis } = connection;
  try {
    // An archived slot's stream is in its archive file (checked against
    // its recorded SHA-256 first): its record is verified as a --file is.
    if (values.slot && (await isArchived(redis, values.slot))) {
      const file = await readSlotArchive(
        redis,
        archiveDir(env),
        values.slot,
      ).catch((error: unknown) =>
        error instanceof Error ? error.message : String(error),
      );
      if (file === null || typeof file === "string") {
        console.log(
          `audit ${scope} (archived): BROKEN at file: ${file ?? "no archive version recorded"}`,
        );
        process.exitCode = 1;
        return;
      }
      const verdict = await verifyExported(file.record);
      if (verdict.ok) {
        console.log(
          `audit ${scope} (archived, version ${file.version}): intact, ${verdict.entries} entries, head ${verdict.head}`,
        );
      } else {
        console.log(
          `audit ${scope} (archived, version ${file.version}): BROKEN at ${verdict.brokenAt} (entry ${verdict.entries}): ${verdict.reason}`,
        );
        process.exitCode = 1;
      }
      return;
    }
    const verdict = await verifyAnchoredStream(
      redis,
      scope,
      await installationAnchors(dataDir(), scope, [], reportUnreadable),
      await installationTrust(installation()),
    );
    if (verdict.ok) {
      console.log(
        `audit ${scope}: intact, ${verdict.entries} entries, head ${verdict.head}; ${anchoredSummary(verdict)}`,
      );
    } else {
      console.log(
        `audit ${scope}: BROKEN at entry ${verdict.brokenAt} (entry ${verdict.entries}): ${verdict.reason}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await connection.close();
  }
}

void main();
