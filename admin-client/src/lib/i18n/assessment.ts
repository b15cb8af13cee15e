/**
 * The personal-qualities assessment report on the verify page (and its
 * kind wherever a document's kind is named), in Kazakh, Russian and
 * English. Part of the base strings: the portal's verify page and the
 * console's results both name the kind. Kazakh is the reference: Russian
 * and English are typed by its keys, so a missing key does not compile.
 */
import type { Message, Messages } from "./message";

const assessmentKk = {
  "verify.kind.assessment":
    "Жеке қасиеттерді бағалау нәтижелері туралы анықтама",
  "results.kind.assessment": "Бағалау анықтамасы",
  "verify.profile": "Жеке қасиеттер профилі",
  "verify.profileLead":
    "Стендер құжаттың өзінде және оның QR кодында көрсетілген; тізілім оларды жарияламайды.",
  "verify.assessment.title": "QR кодтағы профиль",
  "verify.assessment.lead":
    "Бұл мәндерге тестілеу орталығы QR кодта қол қойған: оларды қағаздағы мәндермен салыстырыңыз.",
  "verify.assessment.scale": "Шкала",
  "verify.assessment.sten": "Стен",
  "verify.assessment.stenOf": "{sten} / 10",
  "verify.assessment.legend":
    "Стен — 1-ден 10-ға дейінгі стандартты шкала: 5–6 — орташа деңгей, 1–4 — орташадан төмен, 7–10 — орташадан жоғары.",
  "verify.assessment.ruleMet":
    "Бағдарлама талабына сәйкес: бірде-бір шкала {minSten} стеннен төмен емес.",
  "verify.assessment.ruleNotMet":
    "Бағдарлама талабына сәйкес емес: кемінде бір шкала {minSten} стеннен төмен.",
  "verify.assessment.noRule":
    "Бұл — профиль: «өтті / өтпеді» бағасы қойылмайды.",
  "verify.assessment.consistent": "Жауаптар сәйкес (индекс {index}).",
  "verify.assessment.lowConsistency":
    "Ұқсас тұжырымдарға берілген жауаптар әр түрлі болды (сәйкестік индексі {index}).",
} satisfies Record<string, Message>;

export type AssessmentKey = keyof typeof assessmentKk;

const assessmentRu: Record<AssessmentKey, Message> = {
  "verify.kind.assessment": "Справка о результатах оценки личных качеств",
  "results.kind.assessment": "Справка об оценке",
  "verify.profile": "Профиль личных качеств",
  "verify.profileLead":
    "Стены указаны в самом документе и в его QR-коде; реестр их не публикует.",
  "verify.assessment.title": "Профиль из QR-кода",
  "verify.assessment.lead":
    "Эти значения подписаны центром тестирования в QR-коде: сверьте их со значениями на бумаге.",
  "verify.assessment.scale": "Шкала",
  "verify.assessment.sten": "Стен",
  "verify.assessment.stenOf": "{sten} из 10",
  "verify.assessment.legend":
    "Стен — стандартная шкала от 1 до 10: 5–6 — средний уровень, 1–4 — ниже среднего, 7–10 — выше среднего.",
  "verify.assessment.ruleMet":
    "Соответствует требованию программы: ни одна шкала не ниже стена {minSten}.",
  "verify.assessment.ruleNotMet":
    "Не соответствует требованию программы: хотя бы одна шкала ниже стена {minSten}.",
  "verify.assessment.noRule":
    "Это профиль: оценка «пройдено / не пройдено» не выставляется.",
  "verify.assessment.consistent": "Ответы согласованы (индекс {index}).",
  "verify.assessment.lowConsistency":
    "Ответы на сходные утверждения различались (индекс согласованности {index}).",
};

const assessmentEn: Record<AssessmentKey, Message> = {
  "verify.kind.assessment": "Personal-qualities assessment report",
  "results.kind.assessment": "Assessment report",
  "verify.profile": "Personal-qualities profile",
  "verify.profileLead":
    "The stens are stated on the document and in its QR code; the registry does not publish them.",
  "verify.assessment.title": "The profile in the QR code",
  "verify.assessment.lead":
    "The testing center signed these values in the QR code: compare them with the paper.",
  "verify.assessment.scale": "Scale",
  "verify.assessment.sten": "Sten",
  "verify.assessment.stenOf": "{sten} of 10",
  "verify.assessment.legend":
    "A sten is a standard score from 1 to 10: 5–6 is average, 1–4 below average, 7–10 above average.",
  "verify.assessment.ruleMet":
    "Meets the program's requirement: no scale below sten {minSten}.",
  "verify.assessment.ruleNotMet":
    "Does not meet the program's requirement: at least one scale is below sten {minSten}.",
  "verify.assessment.noRule": "This is a profile: it is not pass or fail.",
  "verify.assessment.consistent": "The answers are consistent (index {index}).",
  "verify.assessment.lowConsistency":
    "Answers to similar statements differed (consistency index {index}).",
};

export const assessmentMessages: Messages<AssessmentKey> = {
  kk: assessmentKk,
  ru: assessmentRu,
  en: assessmentEn,
};
