import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
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
import type { Profile } from "../../server/shared/assessment";
import {
  decodeQrPayload,
  type AssessmentResult,
} from "../../server/shared/certificates";
import type { AppContext } from "../../server/src/context";
import { readAudit } from "../../server/src/modules/audit/repository";
import { runCertificateIssueJob } from "../../server/src/modules/certificates/jobs";
import {
  addOfficialToSlot,
  findDocument,
  loadOfficialResult,
  storeOfficialResult,
} from "../../server/src/modules/certificates/repository";
import {
  certificateForAttempt,
  issueDocument,
} from "../../server/src/modules/certificates/service";
import { trustFromKeys } from "../../server/src/modules/certificates/verify";
import {
  SAMPLE_PROFILE,
  sampleAssessmentResult,
  sampleOfficialResult,
} from "../../server/src/modules/documents/sample-data";
import { readPdfSignature, verifyQrPayload } from "../../server/src/signing";
import { startTestApp, type TestApp } from "../support/app";
import { ApiClient } from "../support/http";
import { signedInStaff } from "../support/staff";

/**
 * The assessment report end to end against a real Redis: issued and
 * signed by the certificates module, its QR code, the public record, the
 * uploaded-PDF check, `npm run cert:verify`, revocation, the slot protocol
 * and `npm run cert:sample -- --kind assessment`.
 */

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

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "synaq-assessment-report-"));
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
});

afterAll(async () => {
  await app?.stop();
  rmSync(work, { recursive: true, force: true });
});

function assessmentResult(
  options: { slotId?: string; fullName?: string; profile?: Profile } = {},
): AssessmentResult {
  return sampleAssessmentResult({
    attemptId: `att-${randomBytes(5).toString("hex")}`,
    slotId: options.slotId ?? `slot-${randomBytes(4).toString("hex")}`,
    fullName: options.fullName ?? KAZAKH_NAME,
    ...(options.profile ? { profile: options.profile } : {}),
  });
}

function run(command: string, args: string[]) {
  return spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Runs a Node CLI without blocking the app that serves from this process. */
function runCli(script: string, args: string[]) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn("node", ["--import", "tsx", script, ...args], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir },
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

const certVerify = (file: string, ...extra: string[]) =>
  runCli("server/src/modules/certificates/cli-verify.ts", [file, ...extra]);
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

describe("an assessment report", () => {
  let result: AssessmentResult;
  let number: string;
  let file: string;

  beforeAll(async () => {
    result = assessmentResult();
    await storeOfficialResult(app.redis, result);
    await addOfficialToSlot(app.redis, result.slotId, result.attemptId);
    const job = await runCertificateIssueJob(ctx, {
      attemptId: result.attemptId,
    });
    expect(job.kind).toBe("assessment");
    expect(job.document.outcome).toBe("issued");
    ({ number, file } = job.document);
  });

  it("is stored as the attempt's official result and issued once, however often the job runs", async () => {
    expect(await loadOfficialResult(app.redis, result.attemptId)).toEqual(
      result,
    );
    const first = await certificateForAttempt(ctx, result.attemptId);
    expect(first).toMatchObject({ number, kind: "assessment" });
    expect(first).not.toHaveProperty("validUntil");
    const bytes = readFileSync(file);
    const again = await runCertificateIssueJob(ctx, {
      attemptId: result.attemptId,
    });
    expect(again.document).toMatchObject({ number, outcome: "existing" });
    expect(Buffer.compare(readFileSync(file), bytes)).toBe(0);
    expect(await certificateForAttempt(ctx, result.attemptId)).toEqual(first);
    const audit = await readAudit(
      app.redis,
      `slot:${result.slotId}`,
      (entry) =>
        entry.action === "certificate.issued" &&
        entry.data.attemptId === result.attemptId,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ kind: "assessment" });
    await expect(
      storeOfficialResult(app.redis, {
        ...result,
        profile: {
          ...result.profile,
          consistency: { ...result.profile.consistency, index: 0.5 },
        },
      }),
    ).rejects.toMatchObject({ id: "official_result_exists" });
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

  it("states the title, holder, every scale with its sten, the consistency and the rule, and no validity", () => {
    const text = pdftotext(file);
    expect(text).toContain(
      "ЖЕКЕ ҚАСИЕТТЕРДІ БАҒАЛАУ НӘТИЖЕЛЕРІ ТУРАЛЫ АНЫҚТАМА",
    );
    expect(text).toContain("СПРАВКА О РЕЗУЛЬТАТАХ ОЦЕНКИ ЛИЧНЫХ КАЧЕСТВ");
    expect(text).toContain(KAZAKH_NAME);
    for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
    expect(text).toContain(number);
    expect(text).toContain(result.iin);
    const layout = run("pdftotext", ["-layout", file, "-"]).stdout;
    for (const { titles, sten } of SAMPLE_PROFILE.scales) {
      expect(text).toContain(titles.kk);
      expect(text).toContain(titles.ru);
      expect(layout).toMatch(
        new RegExp(`^\\s*${titles.kk}\\s+${sten}\\s*$`, "m"),
      );
    }
    expect(text).toContain(
      "Согласованность ответов: ответы согласованы (индекс 0,86)",
    );
    expect(text).toContain(
      "СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ: ни одна шкала не ниже стена 3",
    );
    expect(text).not.toContain("Действителен до");
    expect(text).toContain(result.administrator.fullName);
    expect(text).toContain(result.operator.fullName);
  });

  it("has a QR code with the verification URL and a P1 payload the published key verifies; a changed sten breaks it", async () => {
    const url = decodeQr(file);
    expect(url.startsWith(`${ctx.publicUrl}/verify/${number}#`)).toBe(true);
    const payload = url.split("#")[1] ?? "";
    const trust = trustFromKeys(
      (await anonymous.get("/certificates/keys")).body,
    );
    expect(verifyQrPayload(payload, trust.qrKeys)).toMatchObject({
      ok: true,
      fields: {
        kind: "assessment",
        number,
        maskedIin: "900102******",
        programId: "personal-qualities",
        stens: [
          { scaleId: "integrity", sten: 7 },
          { scaleId: "responsibility", sten: 5 },
          { scaleId: "stress-tolerance", sten: 4 },
          { scaleId: "communication", sten: 8 },
        ],
        rule: { minSten: 3, met: true },
        consistency: { index: 0.86, low: false },
        sample: false,
      },
    });
    const body = Buffer.from(decodeQrPayload(payload)!.bodyBytes).toString();
    expect(body.startsWith("P1~")).toBe(true);
    const forged = `${Buffer.from(body.replace("stress-tolerance:4", "stress-tolerance:9")).toString("base64url")}.${payload.split(".")[1]}`;
    expect(verifyQrPayload(forged, trust.qrKeys)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("is public by number: kind, holder, masked IIN, program, dates; no result, no stens, no validity", async () => {
    const { status, body } = await anonymous.get(`/certificates/${number}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      valid: true,
      revoked: false,
      expired: false,
      kind: "assessment",
      number,
      holder: KAZAKH_NAME,
      maskedIin: "900102******",
      program: { id: "personal-qualities" },
      sample: false,
    });
    expect(
      body.scales.map((scale: { scaleId: string }) => scale.scaleId),
    ).toEqual([
      "integrity",
      "responsibility",
      "stress-tolerance",
      "communication",
    ]);
    expect(body).not.toHaveProperty("result");
    expect(body).not.toHaveProperty("validUntil");
    const json = JSON.stringify(body);
    expect(json).not.toContain("sten");
    expect(json).not.toContain("consistency");
    expect(json).not.toContain(result.iin);
  });

  it("verifies as uploaded, and one flipped byte makes the upload fail", async () => {
    const genuine = await postPdf(readFileSync(file));
    expect(genuine.status).toBe(200);
    expect(genuine.body).toMatchObject({
      valid: true,
      reasons: [],
      record: { number, kind: "assessment" },
    });
    const flipped = await postPdf(withFlippedByte(readFileSync(file)));
    expect(flipped.body.valid).toBe(false);
    const ids = flipped.body.reasons.map((reason: { id: string }) => reason.id);
    expect(ids).toContain("signature_invalid");
    expect(ids).toContain("document_unknown");
  });

  it("passes npm run cert:verify, which prints the signed profile, offline and --online; a flipped byte fails it", async () => {
    const offline = await certVerify(file);
    expect(offline.stdout).toContain("✓ PDF signature");
    expect(offline.stdout).toContain("✓ QR payload");
    expect(offline.stdout).toContain(
      "assessment report: stens integrity 7, responsibility 5",
    );
    expect(offline.stdout).toContain(
      `✓ holder         the name printed (${KAZAKH_NAME})`,
    );
    expect(offline.stdout).toMatch(/integrity\s+7\s+■{7}·{3}/);
    expect(offline.stdout).toMatch(/stress-tolerance\s+4\s+■{4}·{6}/);
    expect(offline.stdout).toContain(
      "rule: meets the program's requirement (no scale below sten 3)",
    );
    expect(offline.stdout).toContain("consistency: 0.86 — consistent");
    expect(offline.stdout).toContain("RESULT: VALID");
    expect(offline.status).toBe(0);

    const online = await certVerify(file, "--online", app.url);
    expect(online.stdout).toContain("✓ online record");
    expect(online.stdout).toContain("assessment report");
    expect(online.stdout).toContain("✓ online file");
    expect(online.stdout).toContain("RESULT: VALID");
    expect(online.status).toBe(0);

    const tampered = path.join(work, "tampered-assessment.pdf");
    writeFileSync(tampered, withFlippedByte(readFileSync(file)));
    const failed = await certVerify(tampered);
    expect(failed.stdout).toContain("✗ PDF signature");
    expect(failed.stdout).toContain("RESULT: NOT VALID");
    expect(failed.status).toBe(1);
  });

  it("is rendered again under its number when its file is lost", async () => {
    const other = assessmentResult();
    const first = await issueDocument(ctx, other);
    unlinkSync(first.file);
    const reprint = await administrator.get(
      `/certificates/${first.number}/pdf`,
    );
    expect(reprint.status).toBe(200);
    expect(existsSync(first.file)).toBe(true);
    expect(pdftotext(first.file)).toContain(first.number);
    expect(pdfsig(first.file)).toContain("Signature is Valid.");
    expect((await findDocument(app.redis, first.number))?.kind).toBe(
      "assessment",
    );
  });
});

describe("a revoked assessment report", () => {
  it("shows as revoked on every check", async () => {
    const { number, file } = await issueDocument(ctx, assessmentResult());
    const revoked = await manager.post(`/certificates/${number}/revoke`, {
      reason: "identity fraud at admission",
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      kind: "assessment",
      valid: false,
      revoked: true,
    });
    const verified = await postPdf(readFileSync(file));
    expect(
      verified.body.reasons.map((reason: { id: string }) => reason.id),
    ).toEqual(["revoked"]);
    const online = await certVerify(file, "--online", app.url);
    expect(online.stdout).toContain("REVOKED: identity fraud at admission");
    expect(online.status).toBe(1);
  });
});

describe("the slot protocol", () => {
  it("lists an assessment's row with its kind and 'profile' instead of a score", async () => {
    const slotId = `slot-${randomBytes(4).toString("hex")}`;
    const assessment = assessmentResult({
      slotId,
      fullName: "Айгүл Серікқызы Нұрланова",
    });
    const knowledge = sampleOfficialResult({
      attemptId: `att-${randomBytes(5).toString("hex")}`,
      slotId,
      fullName: "Әсем Қайратқызы Нұрғалиева",
    });
    for (const official of [assessment, knowledge]) {
      await storeOfficialResult(app.redis, official);
      await addOfficialToSlot(app.redis, slotId, official.attemptId);
    }
    const issued = await issueDocument(ctx, assessment);
    const response = await administrator.get(`/slots/${slotId}/protocol.pdf`);
    expect(response.status).toBe(200);
    const protocol = path.join(work, "protocol-assessment.pdf");
    writeFileSync(protocol, response.body);
    expect(pdfsig(protocol)).toContain("Signature is Valid.");
    const text = pdftotext(protocol);
    expect(text).toContain("Айгүл Серікқызы Нұрланова");
    expect(text).toContain(issued.number);
    expect(text).toContain("Жеке қасиеттерді бағалау");
    expect(text).toContain("Оценка личных качеств");
    expect(text).toContain("профиль");
    // The knowledge test's row keeps its score.
    expect(text).toContain("Әсем Қайратқызы Нұрғалиева");
    expect(text).toContain(`${knowledge.correct}/55`);
  });
});

describe("npm run cert:sample -- --kind assessment", () => {
  it("writes a signed sample report with the demo profile that verifies as a sample", async () => {
    const out = path.join(work, "sample-assessment.pdf");
    const made = await runCli("server/src/modules/certificates/cli-sample.ts", [
      "--out",
      out,
      "--kind",
      "assessment",
      "--lang",
      "ru",
    ]);
    expect(made.status).toBe(0);
    expect(made.stdout).toContain("sample assessment SAMPLE-");
    expect(pdfsig(out)).toContain("Signature is Valid.");
    const text = pdftotext(out);
    expect(text).toContain("СПРАВКА О РЕЗУЛЬТАТАХ ОЦЕНКИ ЛИЧНЫХ КАЧЕСТВ");
    expect(text).toContain("Образец для предпросмотра шаблона");
    for (const { titles } of SAMPLE_PROFILE.scales) {
      expect(text).toContain(titles.kk);
      expect(text).toContain(titles.ru);
    }
    expect(text).toContain("орыс тілі / русский язык");

    const verified = await certVerify(out);
    expect(verified.stdout).toContain("communication");
    expect(verified.stdout).toContain("RESULT: VALID SAMPLE");
    expect(verified.status).toBe(0);
    const { body } = await postPdf(readFileSync(out));
    expect(body.reasons.map((reason: { id: string }) => reason.id)).toEqual([
      "sample",
    ]);
  });
});
