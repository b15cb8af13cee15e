import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DOCUMENT_KINDS, type DocumentKind } from "@shared/certificates";
import { TEST_LANGUAGES, type TestLanguage } from "@shared/enums";
import { EnvError, loadEnv } from "../../env";
import { keySettings, loadCenterKeys } from "../../signing";
import {
  SAMPLE_POSITION,
  sampleAssessmentResult,
  sampleOfficialResult,
} from "../documents";
import { renderSampleDocument } from "./service";

const USAGE =
  "usage: npm run cert:sample -- --out <file.pdf> [--kind certificate|reference|assessment] [--lang kk|ru]";

/**
 * `npm run cert:sample`: renders and signs a sample document (a
 * certificate, a reference or an assessment report) with demo data and
 * this installation's keys, so a center can preview its template. The
 * page carries a SAMPLE watermark and its QR payload says sample.
 * Exit 0 written, 2 usage or configuration error.
 */
async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string" },
        kind: { type: "string", default: "certificate" },
        lang: { type: "string", default: "kk" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const kind = values.kind as DocumentKind;
  const language = values.lang as TestLanguage;
  if (
    !values.out ||
    !DOCUMENT_KINDS.includes(kind) ||
    !TEST_LANGUAGES.includes(language)
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  let env;
  try {
    env = loadEnv();
  } catch (error) {
    console.error(error instanceof EnvError ? error.message : String(error));
    process.exit(2);
  }
  const keys = await loadCenterKeys(keySettings(env));
  const { number, pdf } = await renderSampleDocument({
    // An assessment report shows the demo profile of four scales.
    result:
      kind === "assessment"
        ? sampleAssessmentResult({ language, position: SAMPLE_POSITION })
        : sampleOfficialResult({ kind, language, position: SAMPLE_POSITION }),
    keys,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    defaultValidityDays: env.CERT_VALIDITY_DAYS,
  });
  const out = path.resolve(values.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, pdf);
  console.log(
    [
      `sample ${kind} ${number} (${language}) written to ${out} (${pdf.length} bytes)`,
      `signed by: ${keys.signing.subject}${keys.signing.demo ? " (DEMO key)" : ""}`,
      `check it:  npm run cert:verify -- ${values.out}`,
    ].join("\n"),
  );
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
});
