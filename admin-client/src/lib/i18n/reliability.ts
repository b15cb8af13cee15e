/**
 * The reliability of a personal-qualities program's scales on the
 * analytics screen (Cronbach's alpha, item–rest correlations, alpha if
 * deleted, the kk/ru comparison), in Kazakh, Russian and English. Kazakh is
 * the reference: Russian and English are typed by its keys, so a missing
 * key does not compile.
 */
import type { Message, Messages } from "./message";

const reliabilityKk = {
  "reliability.title": "Шкалалардың сенімділігі",
  "reliability.lead":
    "Бағдарламаның бүкіл желідегі бағаланған әрекеттері бойынша, бет ашылған кезде есептеледі: әр шкаланың әр тест тіліндегі Кронбах альфасы, әр тұжырымның шкаланың қалған бөлігімен корреляциясы және тұжырымсыз альфа. Шкаланың бір тұжырымына жауап бермеген респондент сол шкаладан шығарылады.",
  "reliability.flagsLead":
    "Белгі қойылады: тұжырым мен шкаланың қалған бөлігі арасындағы корреляция r < {minItemRest} болса; тұжырымды алып тастағанда альфа {minAlphaGain} шамасынан артық өссе.",
  "reliability.respondents.kk": "Бағаланған әрекеттер, қазақ тілінде",
  "reliability.respondents.ru": "Бағаланған әрекеттер, орыс тілінде",
  "reliability.slots": "Сеанстар",
  "reliability.computedAt": "Есептелген уақыты: {time}",
  "reliability.noData":
    "Бұл бағдарлама бойынша бағаланған әрекет әлі жоқ: сеанстардың нәтижелері ресми болған сайын есеп толығады.",
  "reliability.language.kk": "Қазақ тілі",
  "reliability.language.ru": "Орыс тілі",
  "reliability.n": "n",
  "reliability.excluded": "Шығарылғандар",
  "reliability.alpha": "Альфа (α)",
  "reliability.noRespondents":
    "Бұл тілде шкаланың барлық тұжырымына жауап берген респондент жоқ.",
  "reliability.item": "Тұжырым",
  "reliability.mean": "Орташа мән",
  "reliability.sd": "Стандартты ауытқу",
  "reliability.itemRest": "Қалған бөлікпен r",
  "reliability.alphaIfDeleted": "Тұжырымсыз α",
  "reliability.flags": "Белгілер",
  "reliability.flag.lowers_alpha": "альфаны төмендетеді",
  "reliability.flag.low_item_rest": "қалған бөлікпен байланысы әлсіз",
  "reliability.languages": "Қазақ және орыс тілдері",
  "reliability.languagesLead":
    "Шкала ұпайы (тұжырымдар ұпайларының қосындысы) шкаланың барлық тұжырымына жауап бергендер арасында: әр тілдегі орташа мән мен стандартты ауытқу, айырма (қаз. − орыс.) және Коэн d (айырманың біріккен стандартты ауытқуға қатынасы).",
  "reliability.scale": "Шкала",
  "reliability.difference": "Айырма (қаз. − орыс.)",
  "reliability.cohensD": "Коэн d",
  "error.not_an_assessment":
    "Бұл бағдарлама — білім тесті: оның сенімділік есебі жоқ, сұрақтар статистикасын қараңыз.",
} satisfies Record<string, Message>;

export type ReliabilityKey = keyof typeof reliabilityKk;

const reliabilityRu: Record<ReliabilityKey, Message> = {
  "reliability.title": "Надёжность шкал",
  "reliability.lead":
    "Рассчитывается при открытии страницы по всем оценённым попыткам программы во всей сети: альфа Кронбаха каждой шкалы на каждом языке тестирования, корреляция каждого утверждения с остатком шкалы и альфа без него. Респондент, не ответивший на одно из утверждений шкалы, исключается из этой шкалы.",
  "reliability.flagsLead":
    "Отмечаются: корреляция утверждения с остатком шкалы r < {minItemRest}; рост альфы без утверждения более чем на {minAlphaGain}.",
  "reliability.respondents.kk": "Оценённые попытки на казахском",
  "reliability.respondents.ru": "Оценённые попытки на русском",
  "reliability.slots": "Сеансы",
  "reliability.computedAt": "Рассчитано: {time}",
  "reliability.noData":
    "По этой программе ещё нет оценённых попыток: отчёт пополняется по мере того, как результаты сеансов становятся официальными.",
  "reliability.language.kk": "Казахский язык",
  "reliability.language.ru": "Русский язык",
  "reliability.n": "n",
  "reliability.excluded": "Исключено",
  "reliability.alpha": "Альфа (α)",
  "reliability.noRespondents":
    "На этом языке нет респондентов, ответивших на все утверждения шкалы.",
  "reliability.item": "Утверждение",
  "reliability.mean": "Среднее",
  "reliability.sd": "Стандартное отклонение",
  "reliability.itemRest": "r с остатком шкалы",
  "reliability.alphaIfDeleted": "α без утверждения",
  "reliability.flags": "Отметки",
  "reliability.flag.lowers_alpha": "снижает альфу",
  "reliability.flag.low_item_rest": "слабая связь с остатком шкалы",
  "reliability.languages": "Казахский и русский",
  "reliability.languagesLead":
    "Балл шкалы (сумма баллов её утверждений) среди ответивших на все её утверждения: среднее и стандартное отклонение на каждом языке, разность (каз. − рус.) и d Коэна (разность в объединённых стандартных отклонениях).",
  "reliability.scale": "Шкала",
  "reliability.difference": "Разность (каз. − рус.)",
  "reliability.cohensD": "d Коэна",
  "error.not_an_assessment":
    "Эта программа — тест на знание: у неё нет отчёта о надёжности, смотрите статистику заданий.",
};

const reliabilityEn: Record<ReliabilityKey, Message> = {
  "reliability.title": "Reliability of the scales",
  "reliability.lead":
    "Computed when the page opens, from every scored attempt of the program across the network: each scale's Cronbach's alpha in each test language, each statement's correlation with the rest of its scale, and the scale's alpha without it. A respondent who left a statement of a scale unanswered is left out of that scale.",
  "reliability.flagsLead":
    "Flagged: a statement whose correlation with the rest of its scale is r < {minItemRest}; a statement without which alpha rises by more than {minAlphaGain}.",
  "reliability.respondents.kk": "Scored attempts in Kazakh",
  "reliability.respondents.ru": "Scored attempts in Russian",
  "reliability.slots": "Slots",
  "reliability.computedAt": "Computed: {time}",
  "reliability.noData":
    "No scored attempt of this program yet: the report fills as the results of its slots become official.",
  "reliability.language.kk": "Kazakh",
  "reliability.language.ru": "Russian",
  "reliability.n": "n",
  "reliability.excluded": "Excluded",
  "reliability.alpha": "Alpha (α)",
  "reliability.noRespondents":
    "Nobody answered every statement of this scale in this language.",
  "reliability.item": "Statement",
  "reliability.mean": "Mean",
  "reliability.sd": "SD",
  "reliability.itemRest": "Item–rest r",
  "reliability.alphaIfDeleted": "α if deleted",
  "reliability.flags": "Flags",
  "reliability.flag.lowers_alpha": "lowers alpha",
  "reliability.flag.low_item_rest": "low item–rest",
  "reliability.languages": "Kazakh and Russian",
  "reliability.languagesLead":
    "Each scale's score (the sum of its statements) among those who answered all of them: mean and SD in each language, the difference (kk − ru) and Cohen's d (the difference in pooled SDs).",
  "reliability.scale": "Scale",
  "reliability.difference": "Difference (kk − ru)",
  "reliability.cohensD": "Cohen's d",
  "error.not_an_assessment":
    "This program is a knowledge test: it has no reliability report; see its item statistics.",
};

export const reliabilityMessages: Messages<ReliabilityKey> = {
  kk: reliabilityKk,
  ru: reliabilityRu,
  en: reliabilityEn,
};
