/**
 * The sign-off's warnings and the compact results table's short headers,
 * in Kazakh, Russian and English; the console registers them. Kazakh is
 * the reference: Russian and English are typed by its keys.
 */
import type { Messages } from "./message";

const signoffKk = {
  "signoff.unresolvedTitle": "Шешілмеген мәселелер",
  "signoff.unresolvedLead":
    "Қол қоймас бұрын оқиғаларды қарап, тестілеудің аяқталуын күтіңіз. Қазір қол қою керек болса, себебін жазыңыз: ол аудитке жазылады.",
  "signoff.incidents": "Қаралмаған оқиғалар: {count}",
  "signoff.attemptIncidents": "Бұл үміткердің қаралмаған оқиғалары: {count}",
  "signoff.unfinished": "Тестілеуді аяқтамаған үміткерлер: {count}",
  "signoff.status.booked": "әлі тест тапсырмаған",
  "signoff.status.admitted": "кірді, тест басталмаған",
  "signoff.status.in_progress": "тест жүріп жатыр",
  "signoff.status.paused": "үзілісте",
  "signoff.allLead":
    "Аяқталған, сіз әлі қол қоймаған нәтижелерге қол қойылады: {count}. Тестілеуді аяқтамаған үміткерлерге қол қойылмайды.",
  "signoff.signAllCount": "Аяқталғандардың барлығына қол қою ({count})",
  "signoff.nothingToSign": "Қол қоятын аяқталған нәтиже жоқ",
  "signoff.checking": "Шешілмеген мәселелер тексерілуде…",
  "signoff.sections": "Бөлімдер",
  "signoff.signAdministratorShort": "Әкімші",
  "signoff.signOperatorShort": "Оператор",
  "signoff.handoverShort": "Берілді",
  "signoff.print": "Басып шығару",
  "error.signoff_unresolved":
    "Қаралмаған оқиғалар: {unreviewedIncidents}, тестілеуді аяқтамаған үміткерлер: {unfinished}. Оларды қараңыз немесе қол қою себебін жазыңыз.",
};

export type SignoffKey = keyof typeof signoffKk;

const signoffRu: Record<SignoffKey, string> = {
  "signoff.unresolvedTitle": "Нерешённые вопросы",
  "signoff.unresolvedLead":
    "Перед подписью рассмотрите инциденты и дождитесь окончания тестирования. Если подписать нужно сейчас, укажите причину: она записывается в аудит.",
  "signoff.incidents": "Нерассмотренные инциденты: {count}",
  "signoff.attemptIncidents":
    "Нерассмотренные инциденты этого кандидата: {count}",
  "signoff.unfinished": "Кандидаты, не завершившие тестирование: {count}",
  "signoff.status.booked": "ещё не тестировался",
  "signoff.status.admitted": "допущен, тест не начат",
  "signoff.status.in_progress": "проходит тест",
  "signoff.status.paused": "на паузе",
  "signoff.allLead":
    "Будут подписаны завершённые результаты, которые вы ещё не подписали: {count}. Результаты кандидатов, не завершивших тестирование, не подписываются.",
  "signoff.signAllCount": "Подписать все завершённые ({count})",
  "signoff.nothingToSign": "Нет завершённых результатов для подписи",
  "signoff.checking": "Проверяются нерешённые вопросы…",
  "signoff.sections": "Разделы",
  "signoff.signAdministratorShort": "Админ.",
  "signoff.signOperatorShort": "Опер.",
  "signoff.handoverShort": "Выдача",
  "signoff.print": "Печать",
  "error.signoff_unresolved":
    "Нерассмотренных инцидентов: {unreviewedIncidents}, кандидатов, не завершивших тестирование: {unfinished}. Рассмотрите их или укажите причину подписи.",
};

const signoffEn: Record<SignoffKey, string> = {
  "signoff.unresolvedTitle": "Unresolved items",
  "signoff.unresolvedLead":
    "Review the incidents and wait for the tests to finish before signing. If you must sign now, say why: the reason is recorded in the audit.",
  "signoff.incidents": "Unreviewed incidents: {count}",
  "signoff.attemptIncidents": "Unreviewed incidents of this candidate: {count}",
  "signoff.unfinished": "Candidates who have not finished: {count}",
  "signoff.status.booked": "not tested yet",
  "signoff.status.admitted": "admitted, not started",
  "signoff.status.in_progress": "testing",
  "signoff.status.paused": "paused",
  "signoff.allLead":
    "Signs the finished results you have not signed yet: {count}. Candidates who have not finished are not signed.",
  "signoff.signAllCount": "Sign all finished ({count})",
  "signoff.nothingToSign": "No finished results to sign",
  "signoff.checking": "Checking for unresolved items…",
  "signoff.sections": "Sections",
  "signoff.signAdministratorShort": "Admin.",
  "signoff.signOperatorShort": "Oper.",
  "signoff.handoverShort": "Handed",
  "signoff.print": "Print",
  "error.signoff_unresolved":
    "Unreviewed incidents: {unreviewedIncidents}; candidates who have not finished: {unfinished}. Review them, or give a reason for signing now.",
};

export const signoffMessages: Messages<SignoffKey> = {
  kk: signoffKk,
  ru: signoffRu,
  en: signoffEn,
};
