import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ARCHIVE_FILE_FORMAT,
  archiveDir,
  readArchiveVersion,
  removeTemporaryFiles,
  writeArchiveFile,
  type SlotArchiveFile,
} from "./store";

const fileOf = (version: number, note = "first"): SlotArchiveFile => ({
  format: ARCHIVE_FILE_FORMAT,
  version,
  slotId: "slot-1",
  writtenAt: "2026-12-07T00:00:00.000Z",
  reason: "archived",
  record: { audit: { entries: [] }, note },
  keys: [{ key: "slot:slot-1", type: "hash", value: { id: "slot-1" } }],
  memberships: [],
});

describe("archive files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "synaq-archive-store-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("defaults to DATA_DIR/archive", () => {
    expect(archiveDir({ DATA_DIR: "/srv/synaq" })).toBe("/srv/synaq/archive");
    expect(
      archiveDir({ DATA_DIR: "/srv/synaq", ARCHIVE_DIR: "/mnt/nfs/a" }),
    ).toBe("/mnt/nfs/a");
  });

  it("writes gzip JSON under <slot>/v<N>.json.gz and reads it back checked", async () => {
    let noted = "";
    const written = await writeArchiveFile(dir, fileOf(1), {
      beforeRename: (version) => {
        noted = version.sha256;
        // Before the rename: the final name does not exist yet.
        expect(readdirSync(path.join(dir, "slot-1"))).not.toContain(
          "v1.json.gz",
        );
        return Promise.resolve();
      },
    });
    expect(written).toMatchObject({ version: 1, file: "slot-1/v1.json.gz" });
    expect(noted).toBe(written.sha256);
    expect(readdirSync(path.join(dir, "slot-1"))).toEqual(["v1.json.gz"]);
    const raw = readFileSync(path.join(dir, written.file));
    expect(JSON.parse(gunzipSync(raw).toString("utf8"))).toEqual(fileOf(1));
    expect(await readArchiveVersion(dir, written)).toEqual(fileOf(1));
  });

  it("never replaces a version: the same bytes again pass, other bytes are refused", async () => {
    const first = await writeArchiveFile(dir, fileOf(1));
    await expect(writeArchiveFile(dir, fileOf(1))).resolves.toMatchObject({
      sha256: first.sha256,
    });
    await expect(
      writeArchiveFile(dir, fileOf(1, "changed")),
    ).rejects.toMatchObject({ id: "archive_version_exists" });
    expect(await readArchiveVersion(dir, first)).toEqual(fileOf(1));
    expect(readdirSync(path.join(dir, "slot-1"))).toEqual(["v1.json.gz"]);
  });

  it("refuses a file that does not match its recorded SHA-256 (archive_corrupt)", async () => {
    const written = await writeArchiveFile(dir, fileOf(2, "tamper me"));
    const target = path.join(dir, written.file);
    const bytes = readFileSync(target);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    writeFileSync(target, bytes);
    await expect(
      readArchiveVersion(dir, { file: written.file, sha256: "0".repeat(64) }),
    ).rejects.toMatchObject({ id: "archive_corrupt" });
    await expect(
      readArchiveVersion(dir, { file: "slot-1/v9.json.gz", sha256: "x" }),
    ).rejects.toMatchObject({ id: "archive_corrupt" });
  });

  it("clears the temporary files a crashed write left", async () => {
    await writeArchiveFile(dir, fileOf(1));
    writeFileSync(path.join(dir, "slot-1", ".v2.123.abc.tmp"), "half");
    await removeTemporaryFiles(dir, "slot-1");
    expect(readdirSync(path.join(dir, "slot-1"))).toEqual(["v1.json.gz"]);
  });
});
