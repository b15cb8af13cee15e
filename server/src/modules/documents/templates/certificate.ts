/**
 * The certificate / reference page: every position, size, colour and
 * fixed wording in one plain-data module, so a center can change the look
 * here and preview it with `npm run cert:sample` without touching the
 * rendering or signing code. Units are PDF points (1/72 in); A4 is
 * 595.28 × 841.89. Kazakh comes first on every line pair.
 */

export interface Bilingual {
  kk: string;
  ru: string;
}

export const CERTIFICATE_LAYOUT = {
  page: { width: 595.28, height: 841.89 },
  /** pdfkit's own margins stay small: we place everything ourselves. */
  pdfMargins: { top: 12, bottom: 12, left: 12, right: 12 },
  left: 50,
  right: 545,
  frame: {
    outerInset: 20,
    outerWidth: 1.6,
    innerInset: 25,
    innerWidth: 0.5,
  },
  colors: {
    text: "#111827",
    muted: "#4b5563",
    accent: "#1e3a5f",
    rule: "#9ca3af",
    tableHeader: "#e5ecf4",
    tableStripe: "#f6f8fb",
    passed: "#166534",
    notPassed: "#991b1b",
    watermark: "#b91c1c",
  },
  header: {
    top: 42,
    serviceSize: 7.5,
    centerSizeKk: 11,
    centerSizeRu: 10,
    addressSize: 7.5,
  },
  title: {
    gapAbove: 11,
    sizeKk: 17,
    sizeRu: 14,
    subtitleSize: 9.5,
  },
  number: { gapAbove: 8, size: 12, metaSize: 8 },
  fields: {
    gapAbove: 10,
    labelWidth: 150,
    labelSize: 7.2,
    valueSize: 9.5,
    holderSize: 12.5,
    /** The position row: each line shrinks to fit, down to the minimum. */
    positionSize: 8.5,
    positionMinSize: 6.5,
    rowGap: 5,
    /** The assessment report's rows, closed up for its chart. */
    compactRowGap: 3.5,
  },
  table: {
    gapAbove: 9,
    /** Column widths; they add up to right − left. */
    columns: {
      section: 211,
      correct: 68,
      total: 58,
      threshold: 58,
      result: 100,
    },
    headerSize: 7,
    cellSize: 8.2,
    padding: 4,
  },
  result: { gapAbove: 8, height: 38, sizeKk: 12, sizeRu: 10.5 },
  /** The block anchored to the bottom: signatures left, QR code right. */
  bottom: {
    top: 656,
    qrSize: 116,
    signatureLineWidth: 120,
    labelSize: 7.2,
    nameSize: 9.5,
    noteSize: 6.8,
  },
  watermark: { size: 50, angle: -52, opacity: 0.14, noteY: 29, noteSize: 7 },
} as const;

export const CERTIFICATE_TEXT = {
  service: {
    kk: "Мемлекеттік қызметшілер мен әкімшілік мемлекеттік лауазымға кандидаттарды тестілеу",
    ru: "Тестирование государственных служащих и кандидатов на административные государственные должности",
  },
  title: {
    certificate: {
      kk: "ТЕСТІЛЕУДЕН ӨТКЕНІ ТУРАЛЫ СЕРТИФИКАТ",
      ru: "СЕРТИФИКАТ О ПРОХОЖДЕНИИ ТЕСТИРОВАНИЯ",
    },
    reference: { kk: "АНЫҚТАМА", ru: "СПРАВКА" },
  },
  referenceSubtitle: {
    kk: "тестілеу нәтижелері шекті мәндерден төмен екені туралы",
    ru: "о результатах тестирования ниже пороговых значений",
  },
  issued: { kk: "Берілген күні", ru: "Дата выдачи" },
  validUntil: { kk: "Жарамдылық мерзімі", ru: "Действителен до" },
  fields: {
    holder: { kk: "Тегі, аты, әкесінің аты", ru: "Фамилия, имя, отчество" },
    iin: { kk: "ЖСН", ru: "ИИН" },
    program: { kk: "Тестілеу бағдарламасы", ru: "Программа тестирования" },
    language: { kk: "Тестілеу тілі", ru: "Язык тестирования" },
    when: { kk: "Тестілеу күні мен уақыты", ru: "Дата и время тестирования" },
    whenAndLanguage: {
      kk: "Тестілеу күні, уақыты, тілі",
      ru: "Дата, время, язык тестирования",
    },
    where: { kk: "Тестілеу өткізілген орын", ru: "Место тестирования" },
    /** The slot's start and the time actually taken, on the time row. */
    scheduled: { kk: "кесте бойынша", ru: "по расписанию" },
    taken: { kk: "нақты", ru: "фактически" },
    positionCategory: { kk: "Лауазым санаты", ru: "Категория должности" },
    candidateKind: { kk: "Мәртебесі", ru: "Статус" },
    positionAndKind: {
      kk: "Лауазым санаты, мәртебесі",
      ru: "Категория должности, статус",
    },
  },
  /** Who the test was for, when the booking named it. */
  candidateKinds: {
    candidate: {
      kk: "мемлекеттік қызметке кандидат",
      ru: "кандидат на государственную службу",
    },
    "civil-servant": {
      kk: "мемлекеттік қызметші",
      ru: "государственный служащий",
    },
  },
  languages: {
    kk: { kk: "қазақ тілі", ru: "казахский язык" },
    ru: { kk: "орыс тілі", ru: "русский язык" },
  },
  room: { kk: "аудитория", ru: "аудитория" },
  table: {
    section: { kk: "Бөлім", ru: "Раздел" },
    correct: { kk: "Дұрыс жауап", ru: "Правильных" },
    total: { kk: "Сұрақтар", ru: "Вопросов" },
    threshold: { kk: "Шекті мән", ru: "Порог" },
    result: { kk: "Нәтиже", ru: "Результат" },
    overall: { kk: "Барлығы", ru: "Итого" },
    passed: { kk: "өтті", ru: "пройден" },
    notPassed: { kk: "өтпеді", ru: "не пройден" },
  },
  result: {
    passed: { kk: "ТЕСТІЛЕУДЕН ӨТТІ", ru: "ТЕСТИРОВАНИЕ ПРОЙДЕНО" },
    notPassed: {
      kk: "ТЕСТІЛЕУДЕН ӨТПЕДІ: нәтижелер шекті мәндерден төмен",
      ru: "ТЕСТИРОВАНИЕ НЕ ПРОЙДЕНО: результаты ниже пороговых значений",
    },
  },
  administrator: { kk: "Тест әкімшісі", ru: "Администратор тестирования" },
  operator: { kk: "Тест операторы", ru: "Оператор тестирования" },
  signatureHint: { kk: "қолы", ru: "подпись" },
  seal: { kk: "М.О.", ru: "М.П." },
  verify: { kk: "Түпнұсқалығын тексеру", ru: "Проверка подлинности" },
  digitalSignature: {
    kk: "Құжатқа тестілеу орталығының электрондық цифрлық қолтаңбасы қойылған",
    ru: "Документ подписан электронной цифровой подписью центра тестирования",
  },
  demoKey: {
    kk: "ДЕМО кілтпен қол қойылған — ресми құжат емес",
    ru: "Подписано ДЕМО-ключом — не является официальным документом",
  },
  watermark: "ҮЛГІ · ОБРАЗЕЦ · SAMPLE",
  sampleNote: {
    kk: "Үлгі: үлгіні алдын ала қарауға арналған, жарамсыз",
    ru: "Образец для предпросмотра шаблона, недействителен",
  },
} as const;
