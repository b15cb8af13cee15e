import { CERTIFICATE_LAYOUT, type Bilingual } from "./certificate";

/**
 * The assessment report's page (the personal-qualities profile): the
 * frame, header, fields and signature block are the certificate's (see
 * certificate.ts); this module holds what is its own: the title, the
 * profile chart, the legend, the consistency note and the rule line. Same
 * conventions: PDF points, Kazakh first on every line pair; `npm run
 * cert:sample -- --kind assessment` previews it.
 */
export const ASSESSMENT_LAYOUT = {
  colors: {
    ...CERTIFICATE_LAYOUT.colors,
    /** The cells up to the sten; the sten's own cell is `accent`. */
    bar: "#b9cbe0",
    /** The same below the program's minimum; the sten's own is `notPassed`. */
    barBelow: "#f3c4c4",
    cellEmpty: "#ffffff",
    /** Behind the average stens (5–6), across the chart. */
    averageBand: "#e9eef5",
    cellBorder: "#c3ccd8",
    /** A low consistency note. */
    warning: "#92400e",
  },
  /** Each title line on one line, shrunk to fit the width. */
  title: { gapAbove: 11, sizeKk: 15, sizeRu: 13, minSize: 9 },
  chart: {
    gapAbove: 10,
    /** Column widths; they add up to right − left. */
    columns: { scale: 245, cells: 200, sten: 50 },
    headerSize: 7,
    /**
     * A scale's Kazakh title at this size (the Russian one 0.8 smaller). A
     * title longer than its column wraps; when the rows do not fit, the
     * titles shrink down to the minimum, then each is cut to one line.
     */
    titleSize: 8.6,
    minTitleSize: 6.2,
    stenSize: 11,
    padding: 3,
    /** The cells' height, at most; inset from the column lines. */
    cellHeight: 13,
    cellInset: 1.5,
  },
  /** Each line shrinks to fit on one line, down to the minimum (then wraps). */
  legend: { gapAbove: 4, size: 6.6, minSize: 5.6 },
  consistency: { gapAbove: 7, size: 7.6, minSize: 6.4 },
  rule: { gapAbove: 8, padding: 6, sizeKk: 10, sizeRu: 9 },
} as const;

/** `{minSten}` in a text is the program's minimum sten. */
export const ASSESSMENT_TEXT = {
  title: {
    kk: "ЖЕКЕ ҚАСИЕТТЕРДІ БАҒАЛАУ НӘТИЖЕЛЕРІ ТУРАЛЫ АНЫҚТАМА",
    ru: "СПРАВКА О РЕЗУЛЬТАТАХ ОЦЕНКИ ЛИЧНЫХ КАЧЕСТВ",
  },
  chart: {
    scale: { kk: "Бағаланған қасиет", ru: "Оцениваемое качество" },
    cells: { kk: "Стен шкаласы", ru: "Шкала стенов" },
    sten: { kk: "Стен", ru: "Стен" },
  },
  legend: {
    kk: "Стен — 1-ден 10-ға дейінгі стандартты шкала: 5–6 — орташа деңгей (көлеңкеленген), 1–4 — орташадан төмен, 7–10 — орташадан жоғары.",
    ru: "Стен — стандартная шкала от 1 до 10: 5–6 — средний уровень (затенено), 1–4 — ниже среднего, 7–10 — выше среднего.",
  },
  /** One line under the legend when the program has a rule. */
  legendRule: {
    kk: "Үзік сызық — бағдарлама талабы: кемінде {minSten} стен",
    ru: "Пунктир — требование программы: не ниже стена {minSten}",
  },
  consistency: {
    label: { kk: "Жауаптардың сәйкестігі", ru: "Согласованность ответов" },
    consistent: {
      kk: "жауаптар сәйкес (индекс {index})",
      ru: "ответы согласованы (индекс {index})",
    },
    low: {
      kk: "төмен (индекс {index}, ең төменгі мәні {minimum}): ұқсас тұжырымдарға берілген жауаптар әр түрлі болды",
      ru: "низкая (индекс {index} при минимуме {minimum}): ответы на сходные утверждения различались",
    },
    notMeasured: {
      kk: "өлшенбеді (сұрақтарда ұқсас тұжырымдар жұбы болмады)",
      ru: "не измерялась (в форме не было пар сходных утверждений)",
    },
  },
  rule: {
    met: {
      kk: "БАҒДАРЛАМА ТАЛАБЫНА СӘЙКЕС: бірде-бір шкала {minSten} стеннен төмен емес",
      ru: "СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ: ни одна шкала не ниже стена {minSten}",
    },
    notMet: {
      kk: "БАҒДАРЛАМА ТАЛАБЫНА СӘЙКЕС ЕМЕС: кемінде бір шкала {minSten} стеннен төмен",
      ru: "НЕ СООТВЕТСТВУЕТ ТРЕБОВАНИЮ ПРОГРАММЫ: хотя бы одна шкала ниже стена {minSten}",
    },
    none: {
      kk: "Нәтиже — жеке қасиеттер профилі: «өтті / өтпеді» бағасы қойылмайды",
      ru: "Результат — профиль личных качеств: оценка «пройдено / не пройдено» не выставляется",
    },
  },
} as const satisfies Record<string, unknown>;

/** Fills `{name}` placeholders of a template text. */
export function filled(
  text: Bilingual,
  values: Record<string, string | number>,
): Bilingual {
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
  return { kk: fill(text.kk), ru: fill(text.ru) };
}
