import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  CertificateKeysSchema,
  CertificateRecordSchema,
  HOLDER_BIRTH_DATE_HEADER,
  VerifyPdfResultSchema,
  type AssessmentPayloadFields,
  type QrPayloadFields,
} from "@shared/certificates";
import { loadEnv } from "../../env";
import {
  holderNameDigest,
  keySettings,
  loadCenterKeys,
  type CenterKeys,
} from "../../signing";
import { inspectSignedPdf, trustFromKeys, type TrustAnchors } from "./verify";

const USAGE =
  "usage: npm run cert:verify -- <file.pdf> [--online <baseUrl>] [--keys <keys.json>] [--birth-date YYYY-MM-DD]\n" +
  "  trusted keys come from this installation (DATA_DIR, CERT_P12_PATH), from\n" +
  "  --keys (a saved GET /api/v1/certificates/keys) and from --online <baseUrl>";

const OK = "✓";
const BAD = "✗";
const NOTE = "!";

function print(mark: string, label: string, message: string) {
  console.log(`  ${mark} ${label.padEnd(14)} ${message}`);
}

function mergeTrust(sources: TrustAnchors[]): TrustAnchors {
  return {
    signers: new Map(sources.flatMap((source) => [...source.signers])),
    qrKeys: new Map(sources.flatMap((source) => [...source.qrKeys])),
  };
}

function trustFromLocal(keys: CenterKeys): TrustAnchors {
  return {
    signers: new Map([
      [
        keys.signing.fingerprint,
        { subject: keys.signing.subject, demo: keys.signing.demo },
      ],
    ]),
    qrKeys: new Map([[keys.qr.keyId, keys.qr.publicKey]]),
  };
}

async function fetchJson(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const body: unknown = await response.json().catch(() => null);
  return { status: response.status, body };
}

/** The text a reader sees on the PDF's pages (poppler's pdftotext). */
function printedText(pdf: Buffer): string | null {
  const dir = mkdtempSync(path.join(tmpdir(), "cert-verify-"));
  try {
    const file = path.join(dir, "document.pdf");
    writeFileSync(file, pdf);
    const run = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" });
    return run.status === 0 ? run.stdout : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Whether the name printed on the page is the one the QR payload signs: a
 * genuine QR code pasted onto a paper with another name fails here. The
 * name may be wrapped, so single lines and pairs of lines are tried.
 */
function checkPrintedHolder(
  pdf: Buffer,
  payload: QrPayloadFields | undefined,
): boolean {
  if (!payload) return false;
  if (payload.holderDigest === undefined) {
    print(
      NOTE,
      "holder",
      "an older payload that does not sign the holder's name: compare the name with the record",
    );
    return true;
  }
  const text = printedText(pdf);
  if (text === null) {
    print(BAD, "holder", "cannot read the page text (is pdftotext installed?)");
    return false;
  }
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const candidates = [
    ...lines,
    ...lines.slice(1).map((line, index) => `${lines[index] ?? ""} ${line}`),
  ];
  const printed = candidates.find(
    (candidate) => holderNameDigest(candidate) === payload.holderDigest,
  );
  if (printed) {
    print(
      OK,
      "holder",
      `the name printed (${printed}) is the one the QR code signs`,
    );
    return true;
  }
  print(
    BAD,
    "holder",
    "no name printed on the document is the one the QR code signs (the QR code belongs to another paper)",
  );
  return false;
}

/** Checks the issued record online; returns false when it fails the document. */
async function checkOnline(
  base: string,
  pdf: Buffer,
  payload: QrPayloadFields | undefined,
  birthDate: string | undefined,
): Promise<boolean> {
  let ok = true;
  if (!payload) {
    print(BAD, "online record", "no payload, so no number to look up");
    return false;
  }
  if (payload.sample) {
    print(NOTE, "online record", "a sample has no record online");
    return true;
  }
  const record = await fetchJson(
    `${base}/api/v1/certificates/${encodeURIComponent(payload.number)}`,
    birthDate ? { headers: { [HOLDER_BIRTH_DATE_HEADER]: birthDate } } : {},
  );
  if (record.status === 428) {
    print(
      BAD,
      "online record",
      `${payload.number} is an old-form number: add --birth-date YYYY-MM-DD (the holder's)`,
    );
    return false;
  }
  if (record.status === 404) {
    print(
      BAD,
      "online record",
      `${payload.number} is not an issued document at ${base}`,
    );
    return false;
  }
  const parsed = CertificateRecordSchema.safeParse(record.body);
  if (!parsed.success) {
    print(
      BAD,
      "online record",
      `unexpected answer from ${base} (HTTP ${record.status})`,
    );
    return false;
  }
  const r = parsed.data;
  if (r.revoked) {
    print(
      BAD,
      "online record",
      `REVOKED: ${r.revokedReason ?? ""}${r.replacedBy ? ` (replaced by ${r.replacedBy})` : ""}`,
    );
    ok = false;
  } else if (r.expired) {
    print(BAD, "online record", `expired on ${r.validUntil ?? "?"}`);
    ok = false;
  } else {
    // A reference and an assessment report carry no validity; the
    // registry states no result of an assessment report.
    const validity =
      r.kind === "certificate" && r.validUntil
        ? `, valid until ${r.validUntil.slice(0, 10)}`
        : "";
    const outcome =
      r.kind === "assessment"
        ? "assessment report (the registry confirms the paper; the profile is on it and in the QR code)"
        : `${r.kind}, ${r.result ?? "?"}`;
    print(
      OK,
      "online record",
      `${r.number}: ${outcome}, ${r.holder}${validity}`,
    );
  }
  const sameOutcome =
    payload.kind === "assessment"
      ? r.kind === "assessment"
      : r.kind !== "assessment" && r.result === payload.result;
  const matches =
    r.maskedIin === payload.maskedIin &&
    r.program.id === payload.programId &&
    sameOutcome &&
    (payload.holderDigest === undefined ||
      holderNameDigest(r.holder) === payload.holderDigest);
  if (!matches) {
    print(
      BAD,
      "online record",
      "the record online states other results than the document",
    );
    ok = false;
  }
  const verified = await fetchJson(`${base}/api/v1/certificates/verify-pdf`, {
    method: "POST",
    headers: { "content-type": "application/pdf" },
    body: new Uint8Array(pdf),
  });
  const verdict = VerifyPdfResultSchema.safeParse(verified.body);
  if (!verdict.success) {
    print(
      BAD,
      "online file",
      `unexpected answer from ${base} (HTTP ${verified.status})`,
    );
    return false;
  }
  if (verdict.data.reasons.some((reason) => reason.id === "document_unknown")) {
    print(
      BAD,
      "online file",
      "this file is not byte for byte the document issued",
    );
    ok = false;
  } else {
    print(OK, "online file", "byte for byte the document the center issued");
  }
  return ok;
}

/** Prints the profile an assessment report's payload signs, scale by scale. */
function printProfile(payload: AssessmentPayloadFields) {
  console.log(
    "  profile (from the signed QR payload; stens 1–10, 5–6 average):",
  );
  const width = Math.max(...payload.stens.map((scale) => scale.scaleId.length));
  for (const { scaleId, sten } of payload.stens) {
    const below = payload.rule !== undefined && sten < payload.rule.minSten;
    console.log(
      `    ${scaleId.padEnd(width)}  ${String(sten).padStart(2)}  ${"■".repeat(sten)}${"·".repeat(10 - sten)}${below ? `  below ${payload.rule?.minSten}` : ""}`,
    );
  }
  console.log(
    payload.rule
      ? `    rule: ${payload.rule.met ? "meets" : "does NOT meet"} the program's requirement (no scale below sten ${payload.rule.minSten})`
      : "    rule: none — a profile, not pass/fail",
  );
  console.log(
    payload.consistency
      ? `    consistency: ${payload.consistency.index.toFixed(2)}${payload.consistency.low ? " — LOW: answers to similar statements differed" : " — consistent"}`
      : "    consistency: not measured",
  );
}

/**
 * `npm run cert:verify -- <file.pdf> [--online <url>]`: checks the PDF's
 * signature over its byte ranges, the signer, the Ed25519 signature of the
 * payload kept in the PDF (an assessment report's profile is printed from
 * it), and with --online the center's record.
 * Prints each check. Exit 0 valid (a sample says it is one), 1 invalid, 2 usage.
 */
async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        online: { type: "string" },
        keys: { type: "string" },
        "birth-date": { type: "string" },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(USAGE);
    process.exit(2);
  }
  const pdf = readFileSync(file);
  const base = values.online?.replace(/\/+$/, "");

  const sources: TrustAnchors[] = [];
  const from: string[] = [];
  try {
    sources.push(
      trustFromLocal(
        await loadCenterKeys(keySettings(loadEnv()), { create: false }),
      ),
    );
    from.push("this installation");
  } catch {
    // Not a Synaq installation (or no keys yet): other sources may do.
  }
  if (values.keys) {
    sources.push(
      trustFromKeys(
        CertificateKeysSchema.parse(
          JSON.parse(readFileSync(values.keys, "utf8")),
        ),
      ),
    );
    from.push(values.keys);
  }
  if (base) {
    const keys = await fetchJson(`${base}/api/v1/certificates/keys`);
    const parsedKeys = CertificateKeysSchema.safeParse(keys.body);
    if (!parsedKeys.success) {
      console.error(`cannot read the keys of ${base} (HTTP ${keys.status})`);
      process.exit(1);
    }
    sources.push(trustFromKeys(parsedKeys.data));
    from.push(base);
  }

  console.log(`cert:verify ${file}`);
  console.log(
    `  trusted keys from: ${from.length > 0 ? from.join(", ") : "nowhere (use --online or --keys)"}`,
  );
  const inspection = await inspectSignedPdf(pdf, mergeTrust(sources));
  const labels = {
    pdf_signature: "PDF signature",
    signer: "signer",
    qr_payload: "QR payload",
  };
  for (const check of inspection.checks)
    print(check.ok ? OK : BAD, labels[check.id], check.message);

  let valid = inspection.checks.every((check) => check.ok);
  if (inspection.payload) {
    valid = checkPrintedHolder(pdf, inspection.payload) && valid;
    // Only a payload whose signature holds states a profile.
    const signed = inspection.checks.some(
      (check) => check.id === "qr_payload" && check.ok,
    );
    if (signed && inspection.payload.kind === "assessment") {
      printProfile(inspection.payload);
    }
  }
  const sample = inspection.payload?.sample ?? false;
  if (sample)
    print(
      NOTE,
      "SAMPLE",
      "this is a SAMPLE document (template preview), not an issued document",
    );
  if (base) {
    valid =
      (await checkOnline(
        base,
        pdf,
        inspection.payload,
        values["birth-date"],
      )) && valid;
  }

  console.log(
    valid
      ? sample
        ? "RESULT: VALID SAMPLE"
        : "RESULT: VALID"
      : "RESULT: NOT VALID",
  );
  process.exitCode = valid ? 0 : 1;
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
