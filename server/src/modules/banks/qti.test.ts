import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { ItemSchema } from "@shared/banks";
import { importQtiItems, unzipQtiPackage, type QtiSource } from "./qti";
import {
  readQtiSources,
  validateBankDirectory,
  writeBankSectionItems,
} from "./repository";
import { formatProblems } from "./validate";

const FIXTURES = fileURLToPath(
  new URL("../../../../tests/fixtures/qti", import.meta.url),
);

const NS = 'xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"';
/** A minimal QTI 3.0 choice item; `parts` replace its pieces. */
function choiceItem(
  parts: Partial<{
    identifier: string;
    lang: string;
    cardinality: string;
    correct: string;
    body: string;
    processing: string;
  }> = {},
): string {
  const {
    identifier = "Q-kk",
    lang = "kk",
    cardinality = "single",
    correct = "<qti-value>A</qti-value>",
    body = `<p>Сұрақ?</p>
      <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
        <qti-simple-choice identifier="A">иә</qti-simple-choice>
        <qti-simple-choice identifier="B">жоқ</qti-simple-choice>
      </qti-choice-interaction>`,
    processing = "",
  } = parts;
  return `<?xml version="1.0" encoding="UTF-8"?>
    <qti-assessment-item ${NS} identifier="${identifier}" xml:lang="${lang}">
      <qti-response-declaration identifier="RESPONSE" cardinality="${cardinality}" base-type="identifier">
        <qti-correct-response>${correct}</qti-correct-response>
      </qti-response-declaration>
      <qti-item-body>${body}</qti-item-body>
      ${processing}
    </qti-assessment-item>`;
}

describe("importQtiItems on the sample package (tests/fixtures/qti)", async () => {
  const sources = await readQtiSources(FIXTURES);
  const result = importQtiItems(sources);
  const byId = new Map(result.items.map((item) => [item.id, item]));

  it("pairs the kk and ru versions of a single-choice item by identifier", () => {
    expect(byId.get("CON-Q1")).toEqual({
      id: "CON-Q1",
      type: "single",
      options: ["A", "B", "C", "D"],
      correct: ["B"],
      text: {
        kk: {
          stem: "2022 жылғы түзетулерге сәйкес Республика Президенті қандай мерзімге сайланады?",
          options: {
            A: "бес жылға",
            B: "жеті жылға",
            C: "алты жылға",
            D: "төрт жылға",
          },
        },
        ru: {
          stem: "На какой срок, согласно поправкам 2022 года, избирается Президент Республики?",
          options: {
            A: "на пять лет",
            B: "на семь лет",
            C: "на шесть лет",
            D: "на четыре года",
          },
        },
      },
    });
  });

  it("imports a multiple-response item with its prompt as the stem", () => {
    const item = byId.get("ETH-Q2");
    expect(item).toMatchObject({ type: "multiple", correct: ["A", "C"] });
    expect(item?.text.ru?.stem).toMatch(/^Какие требования/);
  });

  it("imports an item found in one language only and says which language is missing", () => {
    expect(byId.get("SOLO-Q5")?.text).toHaveProperty("kk");
    expect(result.incomplete).toEqual([{ id: "SOLO-Q5", missing: ["ru"] }]);
  });

  it("reports each unsupported item by id with the reason", () => {
    expect(result.skipped).toEqual([
      {
        id: "ESSAY-Q3-kk",
        file: "essay-q3-kk.xml",
        reason:
          "qti-extended-text-interaction is not supported (only qti-choice-interaction)",
      },
      {
        id: "NOKEY-Q4-ru",
        file: "nokey-q4-ru.xml",
        reason: "no qti-correct-response: the key is missing",
      },
    ]);
  });

  it("ignores the manifest, saying so", () => {
    expect(result.ignored).toEqual([
      {
        file: "imsmanifest.xml",
        reason: "not an assessment item (<manifest>)",
      },
    ]);
  });

  it("produces only items that pass the bank schema", () => {
    expect(result.items).toHaveLength(3);
    for (const item of result.items)
      expect(ItemSchema.parse(item)).toEqual(item);
  });

  it("gives the same result from a zip of the same files", async () => {
    const files = await readdir(FIXTURES);
    const zip = zipSync(
      Object.fromEntries(
        await Promise.all(
          files.map(async (name) => [
            `package/${name}`,
            new Uint8Array(await readFile(join(FIXTURES, name))),
          ]),
        ),
      ),
    );
    const fromZip = importQtiItems(unzipQtiPackage(zip));
    expect(fromZip.items).toEqual(result.items);
    expect(fromZip.skipped.map((skip) => skip.reason)).toEqual(
      result.skipped.map((skip) => skip.reason),
    );
  });
});

describe("importQtiItems", () => {
  const one = (xml: string, file = "item.xml"): QtiSource[] => [{ file, xml }];
  const reasonFor = (sources: QtiSource[]) =>
    importQtiItems(sources).skipped.map((skip) => skip.reason);

  it("accepts xml:lang with a region and a qti: prefix on every element", () => {
    const prefixed = choiceItem({ lang: "kk-KZ" })
      .replace(NS, 'xmlns:qti="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"')
      .replace(/<(\/?)qti-/g, "<$1qti:qti-");
    expect(importQtiItems(one(prefixed)).items).toHaveLength(1);
  });

  it("refuses an item without xml:lang", () => {
    expect(reasonFor(one(choiceItem().replace(' xml:lang="kk"', "")))).toEqual([
      "no xml:lang on qti-assessment-item: say which language (kk or ru) it is in",
    ]);
  });

  it("refuses a language other than kk and ru", () => {
    expect(reasonFor(one(choiceItem({ lang: "en" })))).toEqual([
      'xml:lang "en" is not a test language (kk, ru)',
    ]);
  });

  it("refuses a key that is not one of the choices", () => {
    expect(
      reasonFor(one(choiceItem({ correct: "<qti-value>Z</qti-value>" }))),
    ).toEqual(["correct response Z is not a choice"]);
  });

  it("refuses single cardinality with two correct values", () => {
    expect(
      reasonFor(
        one(
          choiceItem({
            correct: "<qti-value>A</qti-value><qti-value>B</qti-value>",
          }),
        ),
      ),
    ).toEqual(["single cardinality with 2 correct values"]);
  });

  it("refuses partial-credit response processing, which Synaq does not score", () => {
    const processing =
      '<qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"/>';
    expect(reasonFor(one(choiceItem({ processing })))[0]).toMatch(
      /map_response\.xml is not supported; Synaq scores by exact match/,
    );
  });

  it("refuses pictures, since banks hold plain text", () => {
    const body = `<p>Қай ту? <img src="flag.png" alt=""/></p>
      <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
        <qti-simple-choice identifier="A">бір</qti-simple-choice>
        <qti-simple-choice identifier="B">екі</qti-simple-choice>
      </qti-choice-interaction>`;
    expect(reasonFor(one(choiceItem({ body })))).toEqual([
      "the question contains <img>",
    ]);
  });

  it("refuses two interactions in one item", () => {
    const interaction = `<qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
        <qti-simple-choice identifier="A">бір</qti-simple-choice>
        <qti-simple-choice identifier="B">екі</qti-simple-choice>
      </qti-choice-interaction>`;
    expect(
      reasonFor(one(choiceItem({ body: interaction + interaction })))[0],
    ).toMatch(/^2 interactions/);
  });

  it("refuses malformed XML, naming the file", () => {
    expect(
      importQtiItems(one("<qti-assessment-item>", "broken.xml")).skipped,
    ).toEqual([
      {
        id: "broken.xml",
        file: "broken.xml",
        reason: expect.stringMatching(/^malformed XML at line 1: /),
      },
    ]);
  });

  it("refuses QTI 2.x items rather than misreading them", () => {
    const qti2 =
      '<assessmentItem identifier="OLD-1" xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>';
    expect(importQtiItems(one(qti2)).skipped).toEqual([
      {
        id: "OLD-1",
        file: "item.xml",
        reason: "QTI 2.x assessmentItem; only QTI 3.0 is supported",
      },
    ]);
  });

  it("refuses a pair whose versions disagree on the key, listing both files", () => {
    const result = importQtiItems([
      { file: "a.xml", xml: choiceItem({ identifier: "P-kk" }) },
      {
        file: "b.xml",
        xml: choiceItem({
          identifier: "P-ru",
          lang: "ru",
          correct: "<qti-value>B</qti-value>",
        }),
      },
    ]);
    expect(result.items).toEqual([]);
    expect(result.skipped).toEqual([
      {
        id: "P-kk",
        file: "a.xml",
        reason: "the kk and ru versions disagree on the key",
      },
      {
        id: "P-ru",
        file: "b.xml",
        reason: "the kk and ru versions disagree on the key",
      },
    ]);
  });

  it("drops the other language version too when one version is unsupported", () => {
    const result = importQtiItems([
      { file: "a.xml", xml: choiceItem({ identifier: "P-kk" }) },
      {
        file: "b.xml",
        xml: choiceItem({ identifier: "P-ru", lang: "ru", correct: "" }),
      },
    ]);
    expect(result.items).toEqual([]);
    expect(result.skipped.map((skip) => [skip.id, skip.reason])).toEqual([
      ["P-ru", "no qti-correct-response: the key is missing"],
      ["P-kk", "another language version of P was not imported"],
    ]);
  });

  it("refuses two versions in the same language", () => {
    const result = importQtiItems([
      { file: "a.xml", xml: choiceItem({ identifier: "P-kk" }) },
      { file: "b.xml", xml: choiceItem({ identifier: "P_kk" }) },
    ]);
    expect(result.skipped[0]?.reason).toBe(
      "two kk versions of P (a.xml, b.xml)",
    );
  });
});

describe("importing into a bank folder", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(
      dirs.map((dir) => rm(dir, { recursive: true, force: true })),
    );
  });

  it("writes items that validate, and replaces items by id on a second import", async () => {
    const out = await mkdtemp(join(tmpdir(), "synaq-qti-"));
    dirs.push(out);
    const { items } = importQtiItems(await readQtiSources(FIXTURES));
    expect(
      await writeBankSectionItems(out, "sample", "imported", items),
    ).toMatchObject({
      added: 3,
      replaced: 0,
    });
    expect(
      await writeBankSectionItems(out, "sample", "imported", items.slice(0, 1)),
    ).toMatchObject({
      added: 0,
      replaced: 1,
    });
    const result = await validateBankDirectory(out);
    expect(formatProblems(result.problems)).toBe("");
    expect(result.report[0]?.sections[0]).toEqual({
      bankSectionId: "imported",
      items: 3,
      byLanguage: { kk: 3, ru: 2 },
    });
  });

  it("refuses to merge into a section file it cannot read", async () => {
    const out = await mkdtemp(join(tmpdir(), "synaq-qti-"));
    dirs.push(out);
    await writeBankSectionItems(out, "sample", "imported", []);
    await writeFile(join(out, "sample", "imported.json"), "{ not json");
    await expect(
      writeBankSectionItems(out, "sample", "imported", []),
    ).rejects.toThrow();
    expect(await readFile(join(out, "sample", "imported.json"), "utf8")).toBe(
      "{ not json",
    );
  });

  it("reads a zip package from disk", async () => {
    const out = await mkdtemp(join(tmpdir(), "synaq-qti-"));
    dirs.push(out);
    const zipPath = join(out, "package.zip");
    await writeFile(zipPath, zipSync({ "item.xml": strToU8(choiceItem()) }));
    expect(importQtiItems(await readQtiSources(zipPath)).items).toHaveLength(1);
  });
});
