/**
 * The written refusal strings (the admission desk and the desk booking) in
 * Kazakh, Russian and English; the console registers them. Kazakh is the
 * reference: Russian and English are typed by its keys. The slip itself
 * is printed by the server, in Kazakh and Russian.
 */
import type { Messages } from "./message";

const refusalsKk = {
  "refusals.lead":
    "Адамға себебі мен шағымдану тәртібі көрсетілген жазбаша бас тартуды беріңіз.",
  "refusals.print": "Бас тарту туралы хатты басып шығару",
  "refusals.fullName": "Тегі, аты, әкесінің аты (адамның айтуынша)",
  "refusals.fullNameHint": "Міндетті емес; хатқа басылады.",
  "refusals.issued": "Бас тарту тіркелді: № {number}",
  "refusals.open": "Хатты қайта ашу",
  "refusals.noIdDocument": "Бас тарту: жеке басын куәландыратын құжат жоқ",
  "refusals.noIdDocumentLead":
    "Құжатсыз адам тестілеуге жіберілмейді. ЖСН-ді (айтса) жоғарыдағы өріске, аты-жөнін төменге жазыңыз.",
  "error.refusal_reason_mismatch":
    "Бұл себеп қазір шындыққа сай емес (мысалы, ЖСН тізімде бар немесе кіру әлі ашық): хат басылмады.",
  "error.refusal_not_found": "Мұндай бас тарту жоқ.",
};

export type RefusalsKey = keyof typeof refusalsKk;

const refusalsRu: Record<RefusalsKey, string> = {
  "refusals.lead":
    "Выдайте человеку письменный отказ с причиной и порядком обжалования.",
  "refusals.print": "Распечатать письменный отказ",
  "refusals.fullName": "ФИО (со слов человека)",
  "refusals.fullNameHint": "Необязательно; печатается в отказе.",
  "refusals.issued": "Отказ зарегистрирован: № {number}",
  "refusals.open": "Открыть отказ снова",
  "refusals.noIdDocument": "Отказ: нет документа, удостоверяющего личность",
  "refusals.noIdDocumentLead":
    "Без документа к тестированию не допускают. Впишите ИИН (если назван) в поле выше, а ФИО — ниже.",
  "error.refusal_reason_mismatch":
    "Эта причина сейчас не соответствует действительности (например, ИИН есть в списке или допуск ещё открыт): отказ не оформлен.",
  "error.refusal_not_found": "Такого отказа нет.",
};

const refusalsEn: Record<RefusalsKey, string> = {
  "refusals.lead":
    "Give the person a written refusal with the reason and how to complain.",
  "refusals.print": "Print refusal slip",
  "refusals.fullName": "Full name (as the person states it)",
  "refusals.fullNameHint": "Optional; printed on the slip.",
  "refusals.issued": "Refusal recorded: No. {number}",
  "refusals.open": "Open the slip again",
  "refusals.noIdDocument": "Refuse: no identity document",
  "refusals.noIdDocumentLead":
    "Nobody is admitted without an identity document. Type the IIN (if given) in the field above and the name below.",
  "error.refusal_reason_mismatch":
    "This reason is not true now (e.g. the IIN is on the roster or admission is still open): no slip was made.",
  "error.refusal_not_found": "There is no such refusal.",
};

export const refusalsMessages: Messages<RefusalsKey> = {
  kk: refusalsKk,
  ru: refusalsRu,
  en: refusalsEn,
};
