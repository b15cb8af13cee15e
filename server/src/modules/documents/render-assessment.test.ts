import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Profile, ScaleScore } from "@shared/assessment";
import {
  AssessmentResultSchema,
  decodeQrPayload,
  type AssessmentResult,
} from "@shared/certificates";
import { generateQrKeyPem, qrKeyFromPem, signQrPayload } from "../../signing";
import { renderAssessmentPdf } from "./render-assessment";
import {
  SAMPLE_POSITION,
  SAMPLE_PROFILE,
  sampleAssessmentResult,
} from "./sample-data";
import { documentDates } from "./view";
import { assessmentPayloadFields, assessmentView } from "./view-assessment";

const work = mkdtempSync(path.join(tmpdir(), "synaq-render-assessment-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const key = qrKeyFromPem(generateQrKeyPem());
const DAY = 24 * 3600 * 1000;
/** 10:00 in Astana on 14 March 2026; issued a week later. */
const TESTED_AT = "2026-03-14T05:00:00.000Z";
const ISSUED_AT = Date.parse(TESTED_AT) + 7 * DAY;
const NUMBER = "SYN-2026-7K3QW9HD2MX";
/** Every Kazakh-specific letter, lower case: ә ғ қ ң ө ұ ү һ і. */
const KAZAKH_NAME = "Шәкәрім Бағланұлы Төлеңқожа-Шаһүсейінов";
const KAZAKH_LETTERS = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"];

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { encoding: "utf8" }).stdout;

/** Renders the page unsigned; returns its text (poppler's) and its payload. */
async function rendered(result: AssessmentResult) {
  expect(AssessmentResultSchema.safeParse(result).success).toBe(true);
  const dates = documentDates(result, ISSUED_AT, 365);
  const payload = signQrPayload(
    assessmentPayloadFields(result, NUMBER, dates, false),
    key,
  );
  const verifyUrl = `https://synaq.example.kz/verify/${NUMBER}`;
  const view = assessmentView(result, {
    number: NUMBER,
    dates,
    verifyUrl,
    qrText: `${verifyUrl}#${payload}`,
    payload,
    signer: { commonName: "Synaq demo", demo: true },
    sample: false,
  });
  const file = path.join(work, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await renderAssessmentPdf(view));
  const text = run("pdftotext", [file, "-"]);
  return {
    text,
    /** Line breaks and runs of spaces as one space (wrapped titles). */
    flat: text.replace(/\s+/g, " "),
    /** Rows as printed: a scale's title and its sten on one line. */
    layout: run("pdftotext", ["-layout", file, "-"]),
    pages: /Pages:\s+(\d+)/.exec(run("pdfinfo", [file]))?.[1],
    payload: decodeQrPayload(payload)?.fields,
  };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The layout line holding a title ends with the sten. */
const stenRow = (title: string, sten: number) =>
  new RegExp(`^\\s*${escaped(title)}\\s+${sten}\\s*$`, "m");

const assessment = (profile: Profile = SAMPLE_PROFILE) =>
  sampleAssessmentResult({
    startedAt: TESTED_AT,
    fullName: KAZAKH_NAME,
    profile,
  });

const scale = (
  scaleId: string,
  kk: string,
  ru: string,
  sten: number,
): ScaleScore => ({
  scaleId,
  titles: { kk, ru, en: scaleId },
  raw: 30,
  items: 8,
  missing: 0,
  sten,
});

/** Eight scales with titles as long as real questionnaires have. */
const EIGHT_LONG: ScaleScore[] = [
  scale(
    "emotional-stability",
    "Эмоционалдық тұрақтылық және стресске төзімділік",
    "Эмоциональная устойчивость и стрессоустойчивость",
    6,
  ),
  scale(
    "public-service",
    "Мемлекеттік қызмет мүддесіне адалдық",
    "Приверженность интересам государственной службы",
    7,
  ),
  scale(
    "responsibility",
    "Шешім қабылдау мен оның нәтижесі үшін жауапкершілік",
    "Ответственность за принятие решений и их результат",
    2,
  ),
  scale(
    "teamwork",
    "Қарым-қатынас жасай білу және командада жұмыс",
    "Коммуникабельность и работа в команде",
    5,
  ),
  scale(
    "adaptability",
    "Өзгерістерге бейімделу",
    "Адаптивность к изменениям",
    4,
  ),
  scale(
    "citizens",
    "Азаматтарға қызмет көрсетуге бағдарлану",
    "Ориентация на обслуживание граждан",
    9,
  ),
  scale(
    "anti-corruption",
    "Сыбайлас жемқорлыққа төзбеушілік",
    "Нетерпимость к коррупции",
    10,
  ),
  scale(
    "self-development",
    "Өзін-өзі дамыту және үздіксіз білім алу",
    "Саморазвитие и непрерывное обучение",
    1,
  ),
];

describe("the assessment report page", () => {
  it("is titled in Kazakh and Russian and states the holder, number, program, place and both staff members", async () => {
    const result = assessment();
    const { text, pages } = await rendered(result);
    expect(pages).toBe("1");
    expect(text).toContain(
      "ЖЕКЕ ҚАСИЕТТЕРДІ БАҒАЛАУ НӘТИЖЕЛЕРІ ТУРАЛЫ АНЫҚТАМА",
    );
    expect(text).toContain("СПРАВКА О РЕЗУЛЬТАТАХ ОЦЕНКИ ЛИЧНЫХ КАЧЕСТВ");
    expect(text).toContain(`№ ${NUMBER}`);
    expect(text).toContain(KAZAKH_NAME);
    expect(text).toContain(result.iin);
    expect(text).toContain("Жеке қасиеттерді бағалау");
    expect(text).toContain("Оценка личных качеств");
    expect(text).toContain(
      "14.03.2026, 10:00–10:38 (UTC+5) · қазақ тілі / казахский язык",
    );
    expect(text).toContain("г. Астана, проспект Мангилик Ел, 8");
    expect(text).toContain(result.administrator.fullName);
    expect(text).toContain(result.operator.fullName);
    expect(text).toContain(`synaq.example.kz/verify/`);
  });

  it("prints each scale's Kazakh and Russian title with its sten on the title's line", async () => {
    const { text, layout } = await rendered(assessment());
    for (const { titles, sten } of SAMPLE_PROFILE.scales) {
      expect(text).toContain(titles.kk);
      expect(text).toContain(titles.ru);
      expect(layout).toMatch(stenRow(titles.kk, sten));
    }
    expect(text).toContain("Стен шкаласы / Шкала стенов");
  });

  it("explains stens in a legend line: 1 to 10, 5–6 average", async () => {
    const { text } = await rendered(assessment());
    expect(text).toContain(
      "Стен — 1-ден 10-ға дейінгі стандартты шкала: 5–6 — орташа деңгей",
    );
    expect(text).toContain(
      "Стен — стандартная шкала от 1 до 10: 5–6 — средний уровень",
    );
  });

  it("carries no validity: its issue date only, nothing valid until", async () => {
    const { text, payload } = await rendered(assessment());
    expect(text).toContain("Берілген күні / Дата выдачи: 21.03.2026");
    expect(text).not.toContain("Действителен до");
    expect(text).not.toContain("Жарамдылық мерзімі");
    expect(payload).not.toHaveProperty("validUntil");
  });

  it("renders every Kazakh letter as searchable text", async () => {
    const { text } = await rendered(assessment());
    for (const letter of KAZAKH_LETTERS) expect(text).toContain(letter);
  });

  it("carries a P1 payload with the stens in the page's order, the rule and the consistency", async () => {
    const { payload } = await rendered(assessment());
    expect(payload).toMatchObject({
      kind: "assessment",
      number: NUMBER,
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
      testDate: "2026-03-14",
      sample: false,
    });
  });
});

describe("the consistency note", () => {
  it("says the answers were consistent, with the index", async () => {
    const { text } = await rendered(assessment());
    expect(text).toContain(
      "Жауаптардың сәйкестігі: жауаптар сәйкес (индекс 0,86)",
    );
    expect(text).toContain(
      "Согласованность ответов: ответы согласованы (индекс 0,86)",
    );
  });

  it("says answers to similar statements differed when it is low, with the index and the minimum", async () => {
    const { flat } = await rendered(
      assessment({
        ...SAMPLE_PROFILE,
        consistency: { index: 0.412, pairs: 6, minimum: 0.7, low: true },
      }),
    );
    expect(flat).toContain(
      "Жауаптардың сәйкестігі: төмен (индекс 0,41, ең төменгі мәні 0,70): ұқсас тұжырымдарға берілген жауаптар әр түрлі болды",
    );
    expect(flat).toContain(
      "Согласованность ответов: низкая (индекс 0,41 при минимуме 0,70): ответы на сходные утверждения различались",
    );
    expect(flat).not.toContain("ответы согласованы");
  });

  it("says it was not measured when the form had no paired statements", async () => {
    const { flat } = await rendered(
      assessment({
        ...SAMPLE_PROFILE,
        consistency: { index: 1, pairs: 0, minimum: 0.7, low: false },
      }),
    );
    expect(flat).toContain("Согласованность ответов: не измерялась");
    expect(flat).not.toContain("индекс");
  });
});

describe("the rule line", () => {
  it("says the profile meets the program's requirement: no scale below sten 3", async () => {
    const { text } = await rendered(assessment());
    expect(text).toContain(
      "БАҒДАРЛАМА ТАЛАБЫНА СӘЙКЕС: бірде-бір шкала 3 стеннен төмен емес",
    );
    expect(text).toContain(
      "СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ: ни одна шкала не ниже стена 3",
    );
    expect(text).toContain("Пунктир — требование программы: не ниже стена 3");
  });

  it("says it does not meet it when a scale is below", async () => {
    const scales = SAMPLE_PROFILE.scales.map((scale, index) =>
      index === 2 ? { ...scale, sten: 2 } : scale,
    );
    const { text, payload } = await rendered(
      assessment({
        ...SAMPLE_PROFILE,
        scales,
        rule: { minSten: 3, met: false },
      }),
    );
    expect(text).toContain(
      "НЕ СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ: хотя бы одна шкала ниже стена 3",
    );
    expect(text).toContain("БАҒДАРЛАМА ТАЛАБЫНА СӘЙКЕС ЕМЕС");
    expect(text).not.toContain("СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ: ни одна");
    expect(payload).toMatchObject({ rule: { minSten: 3, met: false } });
  });

  it("says it is a profile, not pass/fail, when the program has no rule", async () => {
    const { rule: _rule, ...profile } = SAMPLE_PROFILE;
    const { text, payload } = await rendered(assessment(profile));
    expect(text).toContain(
      "Результат — профиль личных качеств: оценка «пройдено / не пройдено» не выставляется",
    );
    expect(text).toContain("«өтті / өтпеді» бағасы қойылмайды");
    expect(text).not.toContain("ТРЕБОВАНИЮ ПРОГРАММЫ");
    expect(text).not.toContain("Пунктир");
    expect(payload).not.toHaveProperty("rule");
  });
});

describe("one A4 page", () => {
  it("fits eight long scale titles with the position line, every title and sten searchable", async () => {
    const result = sampleAssessmentResult({
      startedAt: TESTED_AT,
      fullName: KAZAKH_NAME,
      position: {
        category: {
          code: "C-O-2",
          titles: {
            kk: "Облыс деңгейіндегі аумақтық бөлімшелердегі лауазымдар",
            ru: "Должности в территориальных подразделениях областного уровня",
            en: "Positions in regional territorial units",
          },
        },
        candidateKind: "civil-servant",
      },
      profile: {
        scales: EIGHT_LONG,
        consistency: { index: 0.55, pairs: 8, minimum: 0.7, low: true },
        rule: { minSten: 3, met: false },
      },
    });
    const { flat, layout, pages } = await rendered(result);
    expect(pages).toBe("1");
    expect(flat).toContain(
      "C-O-2 — Должности в территориальных подразделениях областного уровня",
    );
    for (const { titles, sten } of EIGHT_LONG) {
      expect(flat).toContain(titles.kk);
      expect(flat).toContain(titles.ru);
      expect(layout).toMatch(
        new RegExp(`${escaped(titles.kk)}.*\\s${sten}\\s*$`, "m"),
      );
    }
    expect(flat).toContain("ответы на сходные утверждения различались");
    expect(flat).toContain("НЕ СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ");
  });

  it("fits the slot's scheduled time beside the time actually taken, with eight long titles and the position line", async () => {
    // TESTED_AT is 10:00 in Astana; the slot was scheduled for 09:55.
    const result = {
      ...sampleAssessmentResult({
        startedAt: TESTED_AT,
        fullName: KAZAKH_NAME,
        position: SAMPLE_POSITION,
        profile: {
          scales: EIGHT_LONG,
          consistency: { index: 0.55, pairs: 8, minimum: 0.7, low: true },
          rule: { minSten: 3, met: false },
        },
      }),
      scheduledAt: new Date(Date.parse(TESTED_AT) - 5 * 60_000).toISOString(),
    };
    const { text, pages } = await rendered(result);
    expect(pages).toBe("1");
    expect(text).toContain("кесте бойынша / по расписанию: 09:55\n");
    expect(text).toContain("нақты / фактически: 10:00–10:38\n");
  });

  it("still fits eight titles too long for their column, cut rather than overflowing", async () => {
    const long = (index: number) =>
      scale(
        `scale-${index}`,
        `Мемлекеттік қызметшінің кәсіби этикасы, адалдығы және азаматтарға қызмет көрсету кезіндегі жауапкершілігі ${index}`,
        `Профессиональная этика, добропорядочность и ответственность государственного служащего при обслуживании граждан ${index}`,
        index + 1,
      );
    const { text, pages } = await rendered(
      sampleAssessmentResult({
        startedAt: TESTED_AT,
        position: SAMPLE_POSITION,
        profile: {
          scales: Array.from({ length: 8 }, (_, index) => long(index)),
          consistency: { index: 0.9, pairs: 4, minimum: 0.7, low: false },
        },
      }),
    );
    expect(pages).toBe("1");
    expect(text).toContain("Мемлекеттік қызметшінің кәсіби этикасы");
    expect(text).toContain("Результат — профиль личных качеств");
  });
});
