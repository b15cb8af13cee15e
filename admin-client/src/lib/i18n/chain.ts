/**
 * The assessment in the same visit (the seat panel's "continue with the
 * assessment") and an assessment's profile in the results table, in
 * Kazakh, Russian and English. Part of the base strings, like the
 * eligibility ones. Kazakh is the reference: Russian and English are
 * typed by its keys, so a missing key does not compile.
 */
import type { Message, Messages } from "./message";

const chainKk = {
  "chain.title": "Сол келуде бағалау",
  "chain.lead":
    "«{program}» осы аудиторияда {time} басталады. Үміткер қайта кезекке тұрмай, осы орында жалғастыра алады.",
  "chain.willBook":
    "Үміткер кіру бекетінде жазылады: дербес деректерді өңдеуге келісімін сіз аласыз.",
  "chain.alreadyBooked": "Үміткер оған өзі жазылған: тек кіргізіледі.",
  "chain.bookingClosed":
    "Бұл сеансқа жазылу {time} жабылды, ал үміткер жазылмаған. Жалғастыру үшін сеанс басталғанға дейін жазылу ашық болуы керек.",
  "chain.full": "Бұл сеанста бос орын қалмады.",
  "chain.continue": "Бағалауды жалғастыру",
  "chain.confirmTitle": "{name} бағалауды жалғастырсын ба?",
  "chain.confirmBook":
    "Алдымен үміткерден дербес деректерді өңдеуге келісімін сұраңыз. Ол «{program}» бағдарламасына жазылып, {seat} орнына кіргізіледі.",
  "chain.confirmAdmit":
    "Үміткер «{program}» бағдарламасына {seat} орнына кіргізіледі.",
  "chain.done": "{name} «{program}» бағдарламасына {seat} орнына кіргізілді.",
  "chain.codeLead":
    "Бағалауға жазылу коды: оны үміткерге беріңіз (түбіртекте бар), ол тек бір рет көрсетіледі.",
  "chain.openSeatMap": "Бағалаудың орындар картасын ашу",
  "chain.chainedTo": "Үміткер сол келуде бағалауды жалғастырды.",
  "chain.chainedFrom": "Бұл бағалау сол келудегі білім тестінің жалғасы.",
  "timeline.attempt.chained": "Білім тестінен кейін жалғастырылды",

  "error.no_follow_on_slot":
    "Бұл аудиторияда қазір кіргізу жүріп жатқан бағалау сеансы жоқ. Бағалау сеансы тесттен кейін сол аудиторияға жоспарлануы керек.",
  "error.not_official":
    "Нәтиже әлі ресми емес: алдымен тест әкімшісі мен операторы қол қояды.",
  "error.not_issued":
    "Нәтиже ресми, бірақ құжат әлі дайын емес. Бірнеше секундтан кейін қайталаңыз.",
  "error.not_certified":
    "Үміткерде сертификат емес, анықтама бар (немесе сертификаттың күші жойылған): бағалауға тек сертификатпен өтуге болады.",
  "error.not_a_knowledge_test":
    "Сол келуде тек білім тестінен кейін бағалауға өтуге болады.",
  "error.already_chained": "Үміткер бағалауды жалғастырып қойған.",
  "error.admitted_elsewhere":
    "Үміткер қазір басқа сеансқа кіргізілген: алдымен соны аяқтаңыз.",
  "error.follow_on_booking_closed":
    "Бағалау сеансына жазылу жабылған, ал үміткер оған жазылмаған.",

  "results.scale": "{scale} (стен)",
  "results.consistency": "Жауаптардың сәйкестігі",
  "results.profile.ruleMet":
    "Талапқа сай: барлық шкала {minSten} стеннен кем емес",
  "results.profile.ruleNotMet":
    "Талапқа сай емес: шкала {minSten} стеннен төмен",
  "results.profile.noRule": "Профиль (өтті / өтпеді бағасы жоқ)",
  "results.profile.consistent": "Сәйкес",
  "results.profile.lowConsistency": "Төмен сәйкестік",
  "results.profile.stenOf": "{sten} / 10",
  "results.profile.belowRule": "{minSten} стеннен төмен",
} satisfies Record<string, Message>;

export type ChainKey = keyof typeof chainKk;

const chainRu: Record<ChainKey, Message> = {
  "chain.title": "Оценка в тот же визит",
  "chain.lead":
    "«{program}» начинается в этой аудитории в {time}. Кандидат может продолжить на этом же месте, не вставая в очередь снова.",
  "chain.willBook":
    "Кандидат будет записан на стойке: согласие на обработку персональных данных получаете вы.",
  "chain.alreadyBooked":
    "Кандидат уже записан на неё сам: его только допустят.",
  "chain.bookingClosed":
    "Запись на этот сеанс закрылась в {time}, а кандидат на него не записан. Чтобы продолжать в тот же визит, запись должна быть открыта до начала сеанса.",
  "chain.full": "Свободных мест на этом сеансе не осталось.",
  "chain.continue": "Продолжить оценкой",
  "chain.confirmTitle": "Продолжить оценкой для: {name}?",
  "chain.confirmBook":
    "Сначала спросите у кандидата согласие на обработку персональных данных. Он будет записан на «{program}» и допущен на место {seat}.",
  "chain.confirmAdmit":
    "Кандидат будет допущен на «{program}» на место {seat}.",
  "chain.done": "{name} допущен(а) на «{program}», место {seat}.",
  "chain.codeLead":
    "Код записи на оценку: передайте его кандидату (он есть в квитанции); показывается один раз.",
  "chain.openSeatMap": "Открыть карту мест оценки",
  "chain.chainedTo": "Кандидат продолжил оценкой в тот же визит.",
  "chain.chainedFrom": "Эта оценка продолжает тест на знание в тот же визит.",
  "timeline.attempt.chained": "Продолжено после теста на знание",

  "error.no_follow_on_slot":
    "В этой аудитории сейчас не идёт допуск ни на один сеанс оценки. Сеанс оценки планируют в той же аудитории сразу после теста.",
  "error.not_official":
    "Результат ещё не официальный: сначала его подписывают администратор и оператор.",
  "error.not_issued":
    "Результат официальный, но документ ещё не готов. Повторите через несколько секунд.",
  "error.not_certified":
    "У кандидата справка, а не сертификат (или сертификат отозван): к оценке допускает только сертификат.",
  "error.not_a_knowledge_test":
    "В тот же визит продолжают оценкой только после теста на знание.",
  "error.already_chained": "Кандидат уже продолжил оценкой.",
  "error.admitted_elsewhere":
    "Кандидат сейчас допущен на другой сеанс: сначала завершите его.",
  "error.follow_on_booking_closed":
    "Запись на сеанс оценки закрыта, а кандидат на него не записан.",

  "results.scale": "{scale} (стен)",
  "results.consistency": "Согласованность ответов",
  "results.profile.ruleMet":
    "Соответствует требованию: ни одна шкала не ниже стена {minSten}",
  "results.profile.ruleNotMet":
    "Не соответствует требованию: шкала ниже стена {minSten}",
  "results.profile.noRule": "Профиль (без оценки «сдал / не сдал»)",
  "results.profile.consistent": "Согласованы",
  "results.profile.lowConsistency": "Низкая согласованность",
  "results.profile.stenOf": "{sten} из 10",
  "results.profile.belowRule": "ниже стена {minSten}",
};

const chainEn: Record<ChainKey, Message> = {
  "chain.title": "The assessment in the same visit",
  "chain.lead":
    "“{program}” starts in this room at {time}. The candidate can continue on this seat without queueing again.",
  "chain.willBook":
    "The candidate is booked at the desk: you collect their consent to the processing of personal data.",
  "chain.alreadyBooked":
    "The candidate booked it already: they are only admitted.",
  "chain.bookingClosed":
    "Booking for this slot closed at {time} and the candidate holds no booking on it. To continue in the same visit, the slot must take bookings until its start.",
  "chain.full": "No seat is left on this slot.",
  "chain.continue": "Continue with the assessment",
  "chain.confirmTitle": "Continue {name} with the assessment?",
  "chain.confirmBook":
    "First ask the candidate to agree to the processing of personal data. They are booked for “{program}” and admitted to seat {seat}.",
  "chain.confirmAdmit":
    "The candidate is admitted to “{program}” on seat {seat}.",
  "chain.done": "{name} is admitted to “{program}” on seat {seat}.",
  "chain.codeLead":
    "The booking code of the assessment: hand it to the candidate (it is on the receipt); it is shown once.",
  "chain.openSeatMap": "Open the assessment's seat map",
  "chain.chainedTo": "The candidate continued with the assessment.",
  "chain.chainedFrom":
    "This assessment continues the knowledge test of the same visit.",
  "timeline.attempt.chained": "Continued from the knowledge test",

  "error.no_follow_on_slot":
    "No assessment slot in this room is admitting now. A center schedules the assessment in the same room right after the test.",
  "error.not_official":
    "The result is not official yet: the administrator and the operator sign it off first.",
  "error.not_issued":
    "The result is official but its document is not ready yet. Try again in a few seconds.",
  "error.not_certified":
    "The candidate got a reference, not a certificate (or the certificate was revoked): only a certificate leads on to the assessment.",
  "error.not_a_knowledge_test":
    "Only a knowledge test leads on to an assessment in the same visit.",
  "error.already_chained":
    "The candidate was already continued with the assessment.",
  "error.admitted_elsewhere":
    "The candidate is admitted to another slot now: finish that one first.",
  "error.follow_on_booking_closed":
    "Booking for the assessment's slot has closed and the candidate holds no booking on it.",

  "results.scale": "{scale} (sten)",
  "results.consistency": "Consistency of answers",
  "results.profile.ruleMet":
    "Meets the requirement: no scale below sten {minSten}",
  "results.profile.ruleNotMet":
    "Does not meet the requirement: a scale below sten {minSten}",
  "results.profile.noRule": "A profile (not pass or fail)",
  "results.profile.consistent": "Consistent",
  "results.profile.lowConsistency": "Low consistency",
  "results.profile.stenOf": "{sten} of 10",
  "results.profile.belowRule": "below sten {minSten}",
};

export const chainMessages: Messages<ChainKey> = {
  kk: chainKk,
  ru: chainRu,
  en: chainEn,
};
