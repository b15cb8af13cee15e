import { CERTIFICATE_LAYOUT } from "./certificate";

/**
 * The results protocol of a slot: every candidate, their scores and both
 * staff members' names, on landscape A4 pages. Same conventions as
 * certificate.ts.
 */
export const PROTOCOL_LAYOUT = {
  page: { width: 841.89, height: 595.28 },
  pdfMargins: { top: 12, bottom: 12, left: 12, right: 12 },
  left: 36,
  right: 806,
  top: 36,
  /** Rows stop here; the next page repeats the table header. */
  rowsBottom: 540,
  colors: CERTIFICATE_LAYOUT.colors,
  titleSizeKk: 13,
  titleSizeRu: 11,
  metaSize: 8,
  headerSize: 6.8,
  cellSize: 7.6,
  padding: 3,
  columns: {
    index: 22,
    holder: 160,
    iin: 74,
    program: 120,
    language: 34,
    sections: 128,
    total: 58,
    result: 66,
    // Fits SYN-2026-XXXXXXXXXXC on one line (a break there reads as a hyphen).
    number: 108,
  },
  signatures: { height: 70, lineWidth: 140 },
} as const;

export const PROTOCOL_TEXT = {
  title: {
    kk: "ТЕСТІЛЕУ НӘТИЖЕЛЕРІНІҢ ХАТТАМАСЫ",
    ru: "ПРОТОКОЛ РЕЗУЛЬТАТОВ ТЕСТИРОВАНИЯ",
  },
  slot: { kk: "Тестілеу сессиясы", ru: "Сеанс тестирования" },
  columns: {
    index: { kk: "№", ru: "№" },
    holder: { kk: "Т.А.Ә.", ru: "Ф.И.О." },
    iin: { kk: "ЖСН", ru: "ИИН" },
    program: { kk: "Бағдарлама", ru: "Программа" },
    language: { kk: "Тілі", ru: "Язык" },
    sections: { kk: "Бөлімдер (дұрыс/барлығы)", ru: "Разделы (прав./всего)" },
    total: { kk: "Барлығы (шек)", ru: "Итого (порог)" },
    result: { kk: "Нәтиже", ru: "Результат" },
    number: { kk: "Құжат №", ru: "№ документа" },
  },
  passed: { kk: "өтті", ru: "пройдено" },
  notPassed: { kk: "өтпеді", ru: "не пройдено" },
  notIssued: { kk: "берілмеді", ru: "не выдан" },
  /** An assessment report's row: its kind instead of the sections, a profile instead of a score. */
  assessment: {
    kk: "Жеке қасиеттерді бағалау",
    ru: "Оценка личных качеств",
  },
  profile: { kk: "профиль", ru: "профиль" },
  candidates: { kk: "Тестілеуге қатысқандар", ru: "Участников" },
  /** The header's count of every booking, by where it stands. */
  booked: { kk: "Жазылғандар", ru: "Записано" },
  withResult: { kk: "нәтижесі бар", ru: "с результатом" },
  cancelled: {
    kk: "жазылудан бас тартқандар (тізімде жоқ)",
    ru: "отменили запись (в список не включены)",
  },
  scheduled: { kk: "Кесте бойынша", ru: "По расписанию" },
  actual: { kk: "нақты", ru: "фактически" },
  /** A booked candidate without an official result: their status instead. */
  status: {
    no_show: { kk: "келмеді", ru: "не явился" },
    not_tested: { kk: "тест тапсырмаған", ru: "не тестировался" },
    testing: { kk: "тест жүріп жатыр", ru: "проходит тест" },
    scoring: { kk: "бағалануда", ru: "оценивается" },
    not_signed: { kk: "қол қойылмаған", ru: "не подписан" },
    official: { kk: "құжат ресімделуде", ru: "документ оформляется" },
    voided: { kk: "нәтиже жойылды", ru: "результат аннулирован" },
  },
} as const;
