import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ProgramReliability } from "@shared/reliability";
import { I18nProvider } from "../../../lib/i18n";
import { statistic } from "./figures";
import { ReliabilityReport } from "./ReliabilityView";

describe("a statistic in the UI language", () => {
  it("writes the decimal separator of the language", () => {
    expect(statistic(312 / 427, "kk", 3)).toBe("0,731");
    expect(statistic(312 / 427, "ru", 3)).toBe("0,731");
    expect(statistic(312 / 427, "en", 3)).toBe("0.731");
    expect(statistic(-0.25, "en")).toBe("-0.25");
  });

  it("is a dash when undefined, and no minus sign on a rounded zero", () => {
    expect(statistic(null, "ru")).toBe("—");
    expect(statistic(-0.0001, "ru", 3)).toBe("0,000");
  });
});

const item = (
  itemId: string,
  values: Partial<ProgramReliability["scales"][number]["items"][number]>,
) => ({
  itemId,
  mean: 3,
  sd: 1,
  itemRest: 0.5,
  alphaIfDeleted: 0.6,
  flags: [],
  ...values,
});

const report: ProgramReliability = {
  programId: "pq",
  computedAt: Date.UTC(2026, 2, 14, 5, 30),
  slots: 2,
  respondents: { kk: 4, ru: 0 },
  thresholds: { minItemRest: 0.2, minAlphaGain: 0.001 },
  scales: [
    {
      scaleId: "integrity",
      language: "kk",
      n: 3,
      excluded: 1,
      k: 2,
      alpha: 312 / 427,
      items: [
        item("pq-int-01", {}),
        item("pq-int-03", {
          itemRest: -0.125,
          alphaIfDeleted: 0.8,
          flags: ["lowers_alpha", "low_item_rest"],
        }),
      ],
    },
    {
      scaleId: "integrity",
      language: "ru",
      n: 0,
      excluded: 0,
      k: 2,
      alpha: null,
      items: [item("pq-int-01", {}), item("pq-int-03", {})],
    },
  ],
  languages: [
    {
      scaleId: "integrity",
      kk: { n: 3, mean: 73 / 3, sd: Math.sqrt(61 / 3) },
      ru: { n: 0, mean: null, sd: null },
      difference: null,
      cohensD: null,
    },
  ],
};

describe("the reliability report", () => {
  // Without a browser the console starts in Kazakh.
  const html = renderToStaticMarkup(
    createElement(
      I18nProvider,
      null,
      createElement(ReliabilityReport, {
        report,
        sectionTitle: (id: string) => (id === "integrity" ? "Адалдық" : id),
      }),
    ),
  );

  it("shows each scale's alpha per language in the language's digits", () => {
    expect(html).toContain("Адалдық");
    expect(html).toMatch(
      /data-scale="integrity" data-language="kk".*?data-alpha="true">0,731</,
    );
    expect(html).toMatch(
      /data-scale="integrity" data-language="ru".*?data-alpha="true">—</,
    );
    expect(html).toContain(
      "Бұл тілде шкаланың барлық тұжырымына жауап берген респондент жоқ.",
    );
  });

  it("highlights a flagged statement and its flagged figures", () => {
    const row = html.match(/<tr data-item="pq-int-03"[^]*?<\/tr>/)![0];
    expect(row).toContain('data-flagged="true"');
    expect(row).toContain('<td class="analytics__over">-0,125</td>');
    expect(row).toContain('<td class="analytics__over">0,800</td>');
    expect(row).toContain("альфаны төмендетеді");
    expect(row).toContain("қалған бөлікпен байланысы әлсіз");
    const plain = html.match(/<tr data-item="pq-int-01"[^]*?<\/tr>/)![0];
    expect(plain).not.toContain("data-flagged");
    expect(plain).not.toContain("analytics__over");
  });

  it("compares the scale means of kk and ru", () => {
    const row = html.match(
      /<tr data-language-scale="integrity">[^]*?<\/tr>/,
    )![0];
    expect(row).toContain("<td>24,33</td>");
    expect(row).toContain("<td>4,51</td>");
    expect(row.match(/<td>—<\/td>/g)).toHaveLength(4);
  });
});
