import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeQrPayload,
  hasValidCheckCharacter,
  numberCheckCharacter,
  type CertificateKind,
  type OfficialResult,
} from "../../server/shared/certificates";
import type { AppContext } from "../../server/src/context";
import { readAudit } from "../../server/src/modules/audit/repository";
import { ephemeralKeys } from "../bench/certificates";
import { runCertificateIssueJob } from "../../server/src/modules/certificates/jobs";
import { readPdfSignature, verifyQrPayload } from "../../server/src/signing";
import {
  addOfficialToSlot,
  allocateNumber,
  findDocument,
  findNumberAllocation,
  storeOfficialResult,
} from "../../server/src/modules/certificates/repository";
import { sampleOfficialResult } from "../../server/src/modules/documents/sample-data";
import {
  certificateSignatureMeta,
  renderCertificatePdf,
} from "../../server/src/modules/documents/render-certificate";
import {
  certificateForAttempt,
  issueDocument,
  renderDocument,
} from "../../server/src/modules/certificates/service";
import { centerKeys } from "../../server/src/modules/certificates/keys";
import {
  certificateView,
  documentDates,
} from "../../server/src/modules/documents/view";
import { freshIp } from "../support/booking";
import { trustFromKeys } from "../../server/src/modules/certificates/verify";
import { startTestApp, type TestApp } from "../support/app";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** Every Kazakh-specific letter, lower case: ә ғ қ ң ө ұ ү һ і. */
const KAZAKH_NAME = "Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов";
const KAZAKH_LETTERS = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"];

let app: TestApp;
let ctx: AppContext;
let work: string;
let dataDir: string;
let outDir: string;
let anonymous: ApiClient;
let administrator: ApiClient;
let manager: ApiClient;
let operator: ApiClient;
let reviewer: ApiClient;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "synaq-certificates-"));
  dataDir = path.join(work, "data");
  outDir = path.join(work, "output");
  app = await startTestApp({
    DATA_DIR: dataDir,
    CERT_OUTPUT_DIR: outDir,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "1000",
  });
  ctx = app.synaq.ctx;
  anonymous = new ApiClient(app.url);
  administrator = (await signedInStaff(app, "administrator")).client;
  manager = (await signedInStaff(app, "manager")).client;
  operator = (await signedInStaff(app, "operator")).client;
  reviewer = (await signedInStaff(app, "reviewer")).client;
});

afterAll(async () => {
  await app?.stop();
  rmSync(work, { recursive: true, force: true });
});

function officialResult(
  options: { kind?: CertificateKind; slotId?: string; fullName?: string } = {},
): OfficialResult {
  return sampleOfficialResult({
    kind: options.kind ?? "certificate",
    attemptId: `att-${randomBytes(5).toString("hex")}`,
    slotId: options.slotId ?? `slot-${randomBytes(4).toString("hex")}`,
    fullName: options.fullName ?? KAZAKH_NAME,
  });
}

function run(
  command: string,
  args: string[],
  env: Record<string, string> = {},
) {
  return spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

/**
 * Runs a Node CLI without blocking this process: the app under test serves
 * from this same event loop, and `--online` calls it.
 */
function runCli(
  script: string,
  args: string[],
  env: Record<string, string> = {},
) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn("node", ["--import", "tsx", script, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    },
  );
}

const pdfsig = (file: string) => run("pdfsig", [file]).stdout;
const pdftotext = (file: string) => run("pdftotext", [file, "-"]).stdout;

/** zbarimg cannot read PDFs: render page 1 at 150 dpi first. */
function decodeQr(file: string): string {
  const prefix = path.join(work, `qr-${randomBytes(4).toString("hex")}`);
  run("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", file, prefix]);
  const png = readdirSync(work).find(
    (name) => name.startsWith(path.basename(prefix)) && name.endsWith(".png"),
  );
  if (!png) throw new Error("pdftoppm wrote no image");
  return run("zbarimg", ["--raw", "-q", path.join(work, png)]).stdout.trim();
}

const certVerify = (file: string, ...extra: string[]) =>
  runCli("server/src/modules/certificates/cli-verify.ts", [file, ...extra], {
    DATA_DIR: dataDir,
  });

function withFlippedByte(pdf: Buffer): Buffer {
  const signature = readPdfSignature(pdf);
  if ("problem" in signature) throw new Error(signature.detail);
  const [, , secondStart, secondLength] = signature.byteRange;
  const copy = Buffer.from(pdf);
  const at = secondStart + Math.floor(secondLength / 2);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

async function postPdf(pdf: Buffer): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.url}/api/v1/certificates/verify-pdf`, {
    method: "POST",
    headers: { "content-type": "application/pdf" },
    body: new Uint8Array(pdf),
  });
  return { status: response.status, body: await response.json() };
}

const issuedAudit = async (slotId: string, attemptId: string) =>
  readAudit(
    app.redis,
    `slot:${slotId}`,
    (entry) =>
      entry.action === "certificate.issued" &&
      entry.data.attemptId === attemptId,
  );

describe("a certificate", () => {
  let result: OfficialResult;
  let number: string;
  let file: string;

  beforeAll(async () => {
    result = officialResult();
    ({ number, file } = await issueDocument(ctx, result));
  });

  it("is numbered SYN-<year>-<10 random><check> and written as <number>.pdf under CERT_OUTPUT_DIR", () => {
    expect(number).toMatch(/^SYN-\d{4}-[0-9A-HJKMNP-TV-Z]{10}[0-9A-Z]$/);
    expect(hasValidCheckCharacter(number)).toBe(true);
    expect(file).toBe(path.join(outDir, `${number}.pdf`));
    expect(existsSync(file)).toBe(true);
  });

  it("is one A4 page whose signature pdfsig validates over the whole document", () => {
    const info = run("pdfinfo", [file]).stdout;
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toContain("(A4)");
    const signature = pdfsig(file);
    expect(signature).toContain("Signature is Valid.");
    expect(signature).toContain("Total document signed");
    expect(signature).toContain("ETSI.CAdES.detached");
  });

  it("has the Kazakh letters, number, name, IIN, scores, thresholds and both staff names as text", () => {
    const text = pdftotext(file);
    expect(text).toContain(KAZAKH_NAME);
    for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
    expect(text).toContain(number);
    expect(text).toContain(result.iin);
    expect(text).toContain("ТЕСТІЛЕУДЕН ӨТКЕНІ ТУРАЛЫ СЕРТИФИКАТ");
    expect(text).toContain("Конституция Республики Казахстан");
    expect(text).toContain("≥ 30");
    expect(text).toContain(String(result.correct));
    expect(text).toContain("ТЕСТИРОВАНИЕ ПРОЙДЕНО");
    expect(text).toContain(result.administrator.fullName);
    expect(text).toContain(result.operator.fullName);
    expect(text).toContain(`${app.synaq.ctx.publicUrl}/verify/`);
  });

  it("has a QR code with the verification URL and an Ed25519-signed payload that a changed character breaks", async () => {
    const url = decodeQr(file);
    expect(url.startsWith(`${ctx.publicUrl}/verify/${number}#`)).toBe(true);
    const payload = url.split("#")[1] ?? "";
    const keys = await anonymous.get("/certificates/keys");
    const trust = trustFromKeys(keys.body);
    expect(verifyQrPayload(payload, trust.qrKeys)).toMatchObject({
      ok: true,
      fields: {
        number,
        maskedIin: "900102******",
        result: "passed",
        correct: result.correct,
        total: 55,
        sample: false,
      },
    });
    const decoded = decodeQrPayload(payload);
    const forgedBody = Buffer.from(decoded!.bodyBytes)
      .toString("utf8")
      .replace(`~${result.correct}~`, "~55~");
    const forged = `${Buffer.from(forgedBody).toString("base64url")}.${payload.split(".")[1]}`;
    expect(verifyQrPayload(forged, trust.qrKeys)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("is public by number with what checking the paper needs: masked IIN, no scores", async () => {
    const { status, body, headers } = await anonymous.get(
      `/certificates/${number}`,
    );
    expect(status).toBe(200);
    expect(headers.get("ratelimit-limit")).toBe("1000");
    expect(body).toMatchObject({
      valid: true,
      revoked: false,
      kind: "certificate",
      number,
      holder: KAZAKH_NAME,
      maskedIin: "900102******",
      result: "passed",
      sample: false,
    });
    expect(body).not.toHaveProperty("scores");
    expect(JSON.stringify(body)).not.toContain(result.iin);
    expect(JSON.stringify(body)).not.toContain("sections");
  });

  it("verifies as uploaded, and one flipped byte makes the upload fail", async () => {
    const pdf = readFileSync(file);
    const genuine = await postPdf(pdf);
    expect(genuine.status).toBe(200);
    expect(genuine.body).toMatchObject({
      valid: true,
      reasons: [],
      record: { number },
    });
    const flipped = await postPdf(withFlippedByte(pdf));
    expect(flipped.body.valid).toBe(false);
    const ids = flipped.body.reasons.map((reason: { id: string }) => reason.id);
    expect(ids).toContain("signature_invalid");
    expect(ids).toContain("document_unknown");
  });

  it("passes npm run cert:verify, offline and --online; one flipped byte fails it", async () => {
    const offline = await certVerify(file);
    expect(offline.stdout).toContain("✓ PDF signature");
    expect(offline.stdout).toContain("✓ QR payload");
    expect(offline.stdout).toContain(
      `✓ holder         the name printed (${KAZAKH_NAME})`,
    );
    expect(offline.stdout).toContain("RESULT: VALID");
    expect(offline.status).toBe(0);

    const online = await certVerify(file, "--online", app.url);
    expect(online.stdout).toContain("✓ online record");
    expect(online.stdout).toContain("✓ online file");
    expect(online.status).toBe(0);

    const tampered = path.join(work, "tampered.pdf");
    writeFileSync(tampered, withFlippedByte(readFileSync(file)));
    const failed = await certVerify(tampered);
    expect(failed.stdout).toContain("✗ PDF signature");
    expect(failed.stdout).toContain("RESULT: NOT VALID");
    expect(failed.status).toBe(1);
  });

  it("fails npm run cert:verify when its genuine QR code is on a paper with another name", async () => {
    const keys = await centerKeys(ctx);
    const genuine = decodeQr(file).split("#")[1] ?? "";
    // The same document, the same genuine payload, another holder printed.
    const other = { ...result, fullName: "Болат Ерланұлы Қасымов" };
    const view = certificateView(other, {
      number,
      dates: documentDates(other, Date.now(), 365),
      verifyUrl: `${ctx.publicUrl}/verify/${number}`,
      qrText: `${ctx.publicUrl}/verify/${number}#${genuine}`,
      payload: genuine,
      signer: { commonName: keys.signing.commonName, demo: keys.signing.demo },
      sample: false,
    });
    const pasted = path.join(work, "pasted-qr.pdf");
    writeFileSync(
      pasted,
      await renderCertificatePdf(view, {
        signer: keys.signing,
        meta: certificateSignatureMeta(view, keys.signing.commonName),
      }),
    );
    const checked = await certVerify(pasted);
    expect(checked.stdout).toContain("✓ QR payload");
    expect(checked.stdout).toContain("✗ holder");
    expect(checked.stdout).toContain("RESULT: NOT VALID");
    expect(checked.status).toBe(1);
  });

  it("is downloaded by staff byte for byte, and not by others", async () => {
    const download = await administrator.get(`/certificates/${number}/pdf`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.compare(download.body, readFileSync(file))).toBe(0);
    expect((await operator.get(`/certificates/${number}/pdf`)).status).toBe(
      200,
    );
    expect((await reviewer.get(`/certificates/${number}/pdf`)).status).toBe(
      403,
    );
    expect((await anonymous.get(`/certificates/${number}/pdf`)).status).toBe(
      401,
    );
  });
});

describe("a reference", () => {
  it("says the results are below the threshold values, in both languages", async () => {
    const result = officialResult({ kind: "reference" });
    const { number, file } = await issueDocument(ctx, result);
    const text = pdftotext(file);
    expect(text).toContain("АНЫҚТАМА");
    expect(text).toContain("СПРАВКА");
    expect(text).toContain("шекті мәндерден төмен");
    expect(text).toContain("ниже пороговых значений");
    expect(text).not.toContain("ТЕСТИРОВАНИЕ ПРОЙДЕНО");
    expect(pdfsig(file)).toContain("Signature is Valid.");
    const { body } = await anonymous.get(`/certificates/${number}`);
    expect(body).toMatchObject({
      kind: "reference",
      result: "not_passed",
      valid: true,
    });
  });
});

describe("issuing is idempotent", () => {
  it("running the job twice yields one document, one number, one file, one audit entry", async () => {
    const result = officialResult();
    await storeOfficialResult(app.redis, result);
    await runCertificateIssueJob(ctx, { attemptId: result.attemptId });
    const first = await certificateForAttempt(ctx, result.attemptId);
    const firstBytes = readFileSync(path.join(outDir, first!.file));
    await runCertificateIssueJob(ctx, { attemptId: result.attemptId });
    const second = await certificateForAttempt(ctx, result.attemptId);
    expect(second).toEqual(first);
    expect(
      Buffer.compare(readFileSync(path.join(outDir, second!.file)), firstBytes),
    ).toBe(0);
    expect(
      readdirSync(outDir).filter((name) => name.includes(first!.number)),
    ).toEqual([`${first!.number}.pdf`]);
    expect(await issuedAudit(result.slotId, result.attemptId)).toHaveLength(1);
  });

  it("issueDocument twice at once allocates one number and writes one file", async () => {
    const result = officialResult();
    const [a, b] = await Promise.all([
      issueDocument(ctx, result),
      issueDocument(ctx, result),
    ]);
    expect(a.number).toBe(b.number);
    expect(a.sha256).toBe(b.sha256);
    expect([a.outcome, b.outcome].sort()).toEqual(["existing", "issued"]);
    expect(
      readdirSync(outDir).filter((name) => name.includes(a.number)),
    ).toEqual([`${a.number}.pdf`]);
    expect(await issuedAudit(result.slotId, result.attemptId)).toHaveLength(1);
  });

  it("a render killed after writing its temp file leaves no final file, and a re-run completes", async () => {
    const result = officialResult();
    await expect(
      issueDocument(ctx, result, {
        hooks: {
          afterTempFileWritten: () => {
            throw new Error("worker killed");
          },
        },
      }),
    ).rejects.toThrow("worker killed");
    const allocation = await findNumberAllocation(app.redis, result.attemptId);
    expect(allocation).not.toBeNull();
    const number = allocation!.number;
    expect(existsSync(path.join(outDir, `${number}.pdf`))).toBe(false);
    expect(await findDocument(app.redis, number)).toBeNull();
    // A worker killed by the OS leaves its temp file behind: the re-run sweeps it.
    writeFileSync(
      path.join(outDir, `.${number}.pdf.4242.dead.tmp`),
      "%PDF-1.7 half",
    );

    const rerun = await issueDocument(ctx, result);
    expect(rerun).toMatchObject({ number, outcome: "issued" });
    expect(pdfsig(rerun.file)).toContain("Signature is Valid.");
    expect(readdirSync(outDir).filter((name) => name.includes(number))).toEqual(
      [`${number}.pdf`],
    );
  });

  it("a lost file is rendered again with the same number, and copies of the old file still verify", async () => {
    const result = officialResult();
    const first = await issueDocument(ctx, result);
    const keptCopy = path.join(work, "handed-out.pdf");
    copyFileSync(first.file, keptCopy);
    unlinkSync(first.file);

    const reprint = await administrator.get(
      `/certificates/${first.number}/pdf`,
    );
    expect(reprint.status).toBe(200);
    expect(existsSync(first.file)).toBe(true);
    expect(Buffer.compare(reprint.body, readFileSync(first.file))).toBe(0);
    expect(pdftotext(first.file)).toContain(first.number);
    expect((await certificateForAttempt(ctx, result.attemptId))?.number).toBe(
      first.number,
    );

    expect((await postPdf(readFileSync(keptCopy))).body).toMatchObject({
      valid: true,
    });
    expect((await postPdf(reprint.body)).body).toMatchObject({ valid: true });
  });
});

describe("the certificate.issue job", () => {
  it("is wired: a stored official result and a queued job produce the record", async () => {
    const result = officialResult();
    await storeOfficialResult(app.redis, result);
    await addOfficialToSlot(app.redis, result.slotId, result.attemptId);
    await ctx.queues.add("certificate.issue", { attemptId: result.attemptId });
    const until = Date.now() + 20_000;
    let issued = await certificateForAttempt(ctx, result.attemptId);
    while (!issued && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      issued = await certificateForAttempt(ctx, result.attemptId);
    }
    expect(issued).not.toBeNull();
    const { status, body } = await anonymous.get(
      `/certificates/${issued!.number}`,
    );
    expect(status).toBe(200);
    expect(body.holder).toBe(KAZAKH_NAME);
  });

  it("refuses a different official result for an attempt already stored", async () => {
    const result = officialResult();
    expect(await storeOfficialResult(app.redis, result)).toBe("stored");
    expect(await storeOfficialResult(app.redis, result)).toBe("unchanged");
    await expect(
      storeOfficialResult(app.redis, { ...result, fullName: "Someone Else" }),
    ).rejects.toMatchObject({
      id: "official_result_exists",
    });
  });
});

describe("revocation", () => {
  it("shows on every check and is audited in the slot's stream", async () => {
    const result = officialResult();
    const { number, file } = await issueDocument(ctx, result);

    expect(
      (
        await operator.post(`/certificates/${number}/revoke`, {
          reason: "wrong person",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await anonymous.post(`/certificates/${number}/revoke`, {
          reason: "wrong person",
        })
      ).status,
    ).toBe(401);
    const revoked = await manager.post(`/certificates/${number}/revoke`, {
      reason: "identity fraud at admission",
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      valid: false,
      revoked: true,
      revokedReason: "identity fraud at admission",
    });

    expect((await anonymous.get(`/certificates/${number}`)).body).toMatchObject(
      { valid: false, revoked: true },
    );
    const verified = await postPdf(readFileSync(file));
    expect(verified.body.valid).toBe(false);
    expect(
      verified.body.reasons.map((reason: { id: string }) => reason.id),
    ).toEqual(["revoked"]);
    const online = await certVerify(file, "--online", app.url);
    expect(online.stdout).toContain("REVOKED: identity fraud at admission");
    expect(online.status).toBe(1);

    const audit = await readAudit(
      app.redis,
      `slot:${result.slotId}`,
      (entry) => entry.action === "certificate.revoked",
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      subject: `certificate:${number}`,
      data: { reason: "identity fraud at admission" },
    });
    expect(audit[0]!.actor).toMatch(/^staff:.+:manager$/);

    const again = await administrator.post(`/certificates/${number}/revoke`, {
      reason: "twice",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.id).toBe("certificate_already_revoked");
  });

  it("can name the document that replaces it", async () => {
    const old = await issueDocument(ctx, officialResult());
    const replacement = await issueDocument(ctx, officialResult());
    const unknown = await administrator.post(
      `/certificates/${old.number}/revoke`,
      {
        reason: "rescored",
        replacedBy: "SYN-1999-999999",
      },
    );
    expect(unknown.body.error.id).toBe("replacement_not_found");
    const revoked = await administrator.post(
      `/certificates/${old.number}/revoke`,
      {
        reason: "rescored",
        replacedBy: replacement.number,
      },
    );
    expect(revoked.body).toMatchObject({
      revoked: true,
      replacedBy: replacement.number,
    });
  });
});

describe("GET /api/v1/certificates/:number", () => {
  /** A current-form number nobody was issued, with a right check character. */
  const unknownNumber = () => {
    const random = randomBytes(5)
      .toString("hex")
      .toUpperCase()
      .replace(/[ILOU]/g, "0")
      .slice(0, 10);
    return `SYN-2026-${random}${numberCheckCharacter(`2026${random}`)}`;
  };
  /** The same number with a wrong check character. */
  const wrongCheck = (number: string) =>
    `${number.slice(0, -1)}${number.endsWith("0") ? "1" : "0"}`;
  const withoutNumber = (
    body: { error: { id: string; message: string } },
    number: string,
  ) => JSON.stringify(body).replaceAll(number, "<number>");

  it("answers an unknown number and a wrong check character alike: 404 certificate_not_found", async () => {
    const ip = freshIp();
    const unknown = unknownNumber();
    const missing = await anonymous.get(`/certificates/${unknown}`, ip);
    expect(missing.status).toBe(404);
    expect(missing.body.error.id).toBe("certificate_not_found");
    const { number } = await issueDocument(ctx, officialResult());
    const typo = wrongCheck(number);
    const mistyped = await anonymous.get(`/certificates/${typo}`, ip);
    expect(mistyped.status).toBe(404);
    expect(withoutNumber(mistyped.body, typo)).toBe(
      withoutNumber(missing.body, unknown),
    );
    expect((await anonymous.get(`/certificates/${number}`, ip)).status).toBe(
      200,
    );
  });

  it("refuses an address after 10 misses in 10 minutes, even for a real number; others are not affected", async () => {
    const { number } = await issueDocument(ctx, officialResult());
    const walker = freshIp();
    for (let i = 0; i < 10; i++) {
      // Half unknown numbers, half wrong check characters: both are misses.
      const guess = i % 2 === 0 ? unknownNumber() : wrongCheck(number);
      expect(
        (await anonymous.get(`/certificates/${guess}`, walker)).status,
      ).toBe(404);
    }
    const refused = await anonymous.get(`/certificates/${number}`, walker);
    expect(refused.status).toBe(429);
    expect(refused.body.error.id).toBe("too_many_misses");
    expect(
      (await anonymous.get(`/certificates/${number}`, freshIp())).status,
    ).toBe(200);
  });

  describe("an old sequential number", () => {
    let legacy: string;
    let result: OfficialResult;

    beforeAll(async () => {
      result = officialResult();
      legacy = `SYN-2025-${String(100_000 + Math.floor(Math.random() * 800_000))}`;
      // Issued before random numbers: its attempt holds the sequential one.
      await allocateNumber(
        app.redis,
        result.attemptId,
        () => legacy,
        Date.now(),
      );
      expect((await issueDocument(ctx, result)).number).toBe(legacy);
    });

    it("asks for the holder's birth date, the same whether the number was issued or not", async () => {
      const ip = freshIp();
      const issued = await anonymous.get(`/certificates/${legacy}`, ip);
      const never = await anonymous.get("/certificates/SYN-2025-999998", ip);
      expect(issued.status).toBe(428);
      expect(issued.body.error.id).toBe("holder_birth_date_required");
      expect(never.status).toBe(428);
      expect(JSON.stringify(never.body)).toBe(JSON.stringify(issued.body));
    });

    it("answers with the right birth date in X-Holder-Birth-Date, and a wrong one like an unknown number", async () => {
      const ip = freshIp();
      // sampleOfficialResult's IIN 900102… : born 2 January 1990.
      const right = await anonymous.get(`/certificates/${legacy}`, {
        ...ip,
        "X-Holder-Birth-Date": "1990-01-02",
      });
      expect(right.status).toBe(200);
      expect(right.body).toMatchObject({
        number: legacy,
        holder: KAZAKH_NAME,
        maskedIin: "900102******",
        valid: true,
      });
      expect(right.body).not.toHaveProperty("scores");
      const wrong = await anonymous.get(`/certificates/${legacy}`, {
        ...ip,
        "X-Holder-Birth-Date": "1990-01-03",
      });
      const never = await anonymous.get("/certificates/SYN-2025-999998", {
        ...ip,
        "X-Holder-Birth-Date": "1990-01-02",
      });
      expect(wrong.status).toBe(404);
      expect(never.status).toBe(404);
      expect(withoutNumber(wrong.body, legacy)).toBe(
        withoutNumber(never.body, "SYN-2025-999998"),
      );
    });

    it("says clearly when the birth date is not a date", async () => {
      const bad = await anonymous.get(`/certificates/${legacy}`, {
        ...freshIp(),
        "X-Holder-Birth-Date": "02.01.1990",
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.id).toBe("invalid_birth_date");
    });
  });

  it("refuses something that is not a number", async () => {
    expect((await anonymous.get("/certificates/..%2F..%2Fetc")).status).toBe(
      400,
    );
  });
});

describe("POST /api/v1/certificates/verify-pdf", () => {
  it("refuses a document signed with keys that are not the center's", async () => {
    const pdf = await renderDocument({
      result: officialResult(),
      number: "SYN-2026-999999",
      issuedAt: Date.now(),
      defaultValidityDays: 365,
      publicUrl: ctx.publicUrl,
      keys: ephemeralKeys(),
    });
    const { body } = await postPdf(pdf);
    expect(body.valid).toBe(false);
    const ids = body.reasons.map((reason: { id: string }) => reason.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "signer_unknown",
        "payload_key_unknown",
        "document_unknown",
      ]),
    );
  });

  it("refuses bytes appended after signing", async () => {
    const { file } = await issueDocument(ctx, officialResult());
    const appended = Buffer.concat([
      readFileSync(file),
      Buffer.from("\n1 0 obj\n(forged)\nendobj\n"),
    ]);
    const { body } = await postPdf(appended);
    expect(body.reasons.map((reason: { id: string }) => reason.id)).toContain(
      "not_whole_document",
    );
  });

  it("wants the PDF as the body and at most 5 MB of it", async () => {
    const json = await anonymous.post("/certificates/verify-pdf", {
      file: "x",
    });
    expect(json.status).toBe(400);
    expect(json.body.error.id).toBe("pdf_required");
    const huge = await postPdf(Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    expect(huge.status).toBe(413);
  });
});

describe("GET /api/v1/certificates/keys", () => {
  it("lists the Ed25519 QR key and the signing certificate, marked demo", async () => {
    const { status, body } = await anonymous.get("/certificates/keys");
    expect(status).toBe(200);
    expect(body.qrKeys).toEqual([
      expect.objectContaining({
        kty: "OKP",
        crv: "Ed25519",
        kid: expect.stringMatching(/^[0-9a-f]{8}$/),
        current: true,
      }),
    ]);
    expect(body.signingCertificates).toEqual([
      expect.objectContaining({
        demo: true,
        current: true,
        subject: expect.stringContaining("DEMO"),
      }),
    ]);
    expect(existsSync(path.join(dataDir, "keys", "demo-signing.p12"))).toBe(
      true,
    );
  });
});

describe("the OpenAPI document", () => {
  it("describes the certificate routes and the record schema", async () => {
    const { body } = await anonymous.get("/openapi.json");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/certificates/{number}",
        "/api/v1/certificates/{number}/pdf",
        "/api/v1/certificates/{number}/revoke",
        "/api/v1/certificates/verify-pdf",
        "/api/v1/certificates/keys",
        "/api/v1/slots/{slotId}/protocol.pdf",
      ]),
    );
    expect(body.components.schemas).toHaveProperty("CertificateRecord");
  });
});

describe("npm run cert:sample", () => {
  it("writes a signed sample marked SAMPLE that verifies as a sample", async () => {
    const out = path.join(work, "sample.pdf");
    const made = await runCli(
      "server/src/modules/certificates/cli-sample.ts",
      ["--out", out, "--kind", "reference", "--lang", "ru"],
      { DATA_DIR: dataDir },
    );
    expect(made.status).toBe(0);
    expect(pdfsig(out)).toContain("Signature is Valid.");
    const text = pdftotext(out);
    // The rotated watermark is not extracted as text; the notice is.
    expect(text).toContain("Образец для предпросмотра шаблона");
    expect(text).toContain("SAMPLE-");

    const verified = await certVerify(out);
    expect(verified.stdout).toContain("SAMPLE");
    expect(verified.stdout).toContain("RESULT: VALID SAMPLE");
    expect(verified.status).toBe(0);

    const { body } = await postPdf(readFileSync(out));
    expect(body.valid).toBe(false);
    expect(body.reasons.map((reason: { id: string }) => reason.id)).toEqual([
      "sample",
    ]);
  });
});

describe("GET /api/v1/slots/:slotId/protocol.pdf", () => {
  it("lists every candidate of the slot with scores and both staff names, signed", async () => {
    const slotId = `slot-${randomBytes(4).toString("hex")}`;
    const passed = officialResult({
      slotId,
      fullName: "Әсем Қайратқызы Нұрғалиева",
    });
    const failed = officialResult({
      slotId,
      kind: "reference",
      fullName: "Бауыржан Ерланұлы Өмірзақов",
    });
    for (const result of [passed, failed]) {
      await storeOfficialResult(app.redis, result);
      await addOfficialToSlot(app.redis, slotId, result.attemptId);
    }
    const issued = await issueDocument(ctx, passed);

    const response = await administrator.get(`/slots/${slotId}/protocol.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const file = path.join(work, "protocol.pdf");
    writeFileSync(file, response.body);
    expect(pdfsig(file)).toContain("Signature is Valid.");
    const text = pdftotext(file);
    expect(text).toContain("ПРОТОКОЛ РЕЗУЛЬТАТОВ ТЕСТИРОВАНИЯ");
    expect(text).toContain("Әсем Қайратқызы Нұрғалиева");
    expect(text).toContain("Бауыржан Ерланұлы Өмірзақов");
    expect(text).toContain(issued.number);
    expect(text).toContain(`${passed.correct}/55`);
    expect(text).toContain(`${failed.correct}/55`);
    expect(text).toContain(passed.administrator.fullName);
    expect(text).toContain(passed.operator.fullName);
    // The slot audit's head, signed and kept outside Redis, is in the protocol.
    const [entry] = await app.redis.xrevrange(
      `audit:slot:${slotId}`,
      "+",
      "-",
      "COUNT",
      1,
    );
    const checkpoints = readFileSync(
      path.join(dataDir, "audit", "checkpoints.jsonl"),
      "utf8",
    )
      .split("\n")
      .filter(Boolean)
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            scope: string;
            entryId: string;
            signature: string;
          },
      );
    const signed = checkpoints.find(
      (line) =>
        line.type === "checkpoint" &&
        line.scope === `slot:${slotId}` &&
        line.entryId === entry?.[0],
    );
    expect(signed).toBeDefined();
    expect(text.replace(/\s+/g, " ")).toContain(
      // Without the scope: the protocol never prints the slot's id (issue 24).
      `Audit checkpoint: 1 entries up to ${entry?.[0]}`,
    );
    // pdftotext drops a hyphen where the line broke after it (base64url has "-").
    expect(text.replace(/[\s-]+/g, "")).toContain(
      signed!.signature.replace(/-/g, ""),
    );

    expect((await manager.get(`/slots/${slotId}/protocol.pdf`)).status).toBe(
      200,
    );
    expect((await reviewer.get(`/slots/${slotId}/protocol.pdf`)).status).toBe(
      403,
    );
    const empty = await operator.get("/slots/no-such-slot/protocol.pdf");
    expect(empty.status).toBe(404);
    expect(empty.body.error.id).toBe("protocol_empty");
  });
});
