/**
 * Who may book what (the position category and the candidate kind a
 * booking asks for, a program's eligibility, the retake interval and a
 * valid certificate) and why an attempt was voided, in Kazakh, Russian and
 * English. Part of the base strings: the portal and the desk share the
 * booking flow. Kazakh is the reference: Russian and English are typed by
 * its keys, so a missing key does not compile.
 */
import type { Message, Messages } from "./message";

const eligibilityKk = {
  "person.step": "Лауазым және мәртебе",
  "person.lead":
    "Тестілеу бағдарламасы үміткер болып отырған лауазымға және мемлекеттік қызметте істейтін-істемейтініне байланысты.",
  "person.category": "Үміткер болып отырған лауазымның санаты",
  "person.categoryHint":
    "Конкурс туралы хабарландырудағыдай, мысалы C-O-2 немесе E-G-1",
  "person.categoryEmpty": "— санатты таңдаңыз —",
  "person.corps.A": "«А» корпусы",
  "person.corps.B": "«Б» корпусы",
  "person.kind": "Үміткердің мәртебесі",
  "person.kind.candidate": "Мемлекеттік қызметке кандидат (алғаш рет кіретін)",
  "person.kind.civil-servant": "Мемлекеттік қызметші",
  "person.answerFirst":
    "Алдымен 1-қадамның екі сұрағына жауап беріңіз: ұсынылатын тесттер мен уақыт соларға байланысты.",
  "person.programs": "Жазылуға болатын тесттер",
  "person.unavailable": "Бұл лауазым үшін қолжетімсіз тесттер",
  "person.none":
    "{code} санаты мен таңдалған мәртебе үшін жазылуға болатын тестілеу бағдарламасы жоқ. Конкурс туралы хабарландырудағы санатты тексеріңіз немесе тестілеу орталығына хабарласыңыз.",
  "person.noneKind":
    "Таңдалған мәртебе үшін жазылуға болатын тестілеу бағдарламасы жоқ. Тестілеу орталығына хабарласыңыз.",
  "person.noneSlots":
    "1-қадамдағы жауаптарға сәйкес бағдарлама жоқ, сондықтан ұсынылатын уақыт та жоқ.",
  "person.reason.corps.A": "тек «А» корпусы үшін",
  "person.reason.corps.B": "тек «Б» корпусы үшін",
  "person.reason.category": "{code} санаты үшін емес",
  "person.reason.candidate":
    "тек мемлекеттік қызметке алғаш рет кіретіндер үшін",
  "person.reason.civil-servant": "тек мемлекеттік қызметшілер үшін",
  "person.facts.category": "Лауазым санаты",
  "person.facts.kind": "Үміткердің мәртебесі",

  "refusal.notEligible": "Бұл бағдарлама көрсетілген лауазымға сәйкес емес",
  "refusal.notEligibleLead":
    "Бағдарлама: {program}. Себебі: {reasons}. 1-қадамда осы лауазымға арналған бағдарламаны таңдаңыз.",
  "refusal.notBookableNow": "Қазір бұл бағдарламаға жазылу мүмкін емес",
  "refusal.notBookableNowDesk":
    "Тестілеу орталығының қызметкеріне жүгініңіз: ол себебін және қай күннен бастап жазылуға болатынын айтады.",
  "refusal.notBookableNowStatus":
    "Бұрын осы бағдарламаға жазылған болсаңыз, сол жазылудың мәртебе бетін ашыңыз: онда қайта қай күннен бастап жазылуға болатыны көрсетілген.",
  "refusal.findEarlier": "Бұрынғы жазылуымды табу",

  "block.title.retake_too_soon": "Қайта тапсыру аралығы әлі өтпеген",
  "block.title.certificate_still_valid": "Үміткердің жарамды сертификаты бар",
  "block.retake":
    "Аралық {since} «{sinceProgram}» бағдарламасы бойынша тапсырылған тестілеуден есептеледі. Ереже бойынша ең ерте тестілеу күні: {date}.",
  "block.certificate":
    "{since} «{sinceProgram}» бағдарламасы бойынша тапсырылған тестілеудің № {number} сертификаты әлі жарамды. Ереже бойынша ең ерте тестілеу күні: {date}.",
  "block.certificateNoNumber":
    "{since} «{sinceProgram}» бағдарламасы бойынша тапсырылған тестілеудің сертификаты әлі жарамды. Ереже бойынша ең ерте тестілеу күні: {date}.",
  "block.overrideLead":
    "Ережеге қарамастан жазуға тек негізді себеппен болады (мысалы, комиссия шешімі); себебі сіздің атыңызбен аудит журналына жазылады.",
  "block.reason": "Ережеге қарамастан жазу себебі",
  "block.reasonHint": "Кемінде 3 таңба, 500-ден аспайды",
  "block.error.reason": "Себебін кемінде 3 таңбамен жазыңыз.",
  "block.override": "Бәрібір жазу",

  "status.next.title": "Қайта жазылу",
  "status.next.retake":
    "Бұл бағдарламаға қайта {date} және одан кейінгі күндердегі тестілеуге жазылуға болады: {since} тапсырған тестілеуіңізден кейінгі аралық.",
  "status.next.retakeOther":
    "Бұл бағдарламаға қайта {date} және одан кейінгі күндердегі тестілеуге жазылуға болады: {since} «{sinceProgram}» бағдарламасы бойынша тапсырған тестілеуіңізден кейінгі аралық.",
  "status.next.certificate":
    "Бұл бағдарламаға қайта {date} және одан кейінгі күндердегі тестілеуге жазылуға болады: оған дейін № {number} сертификатыңыз жарамды.",
  "status.next.certificateNoNumber":
    "Бұл бағдарламаға қайта {date} және одан кейінгі күндердегі тестілеуге жазылуға болады: оған дейін {since} тапсырған тестілеуіңіздің сертификаты жарамды.",

  "void.cause": "Нәтижені жою себебі",
  "void.cause.technical":
    "Техникалық ақау (қайта тапсыру аралығына есептелмейді)",
  "void.cause.conduct": "Ережені бұзу (қайта тапсыру аралығына есептеледі)",
  "void.causeShort.technical": "техникалық ақау",
  "void.causeShort.conduct": "ережені бұзу",
  "error.void_cause_required":
    "Себебін таңдаңыз: техникалық ақау немесе ережені бұзу.",

  "error.not_eligible":
    "Бұл бағдарлама көрсетілген лауазым санатына немесе мәртебеге арналмаған.",
  "error.unknown_position_category":
    "Мұндай лауазым санаты тізімде жоқ. Тізімнен санатты таңдаңыз.",
  "error.not_bookable_now":
    "Қазір бұл бағдарламаға жазылу мүмкін емес. Тестілеу орталығының қызметкеріне жүгініңіз немесе бұрынғы жазылуыңыздың мәртебе бетін ашыңыз.",
  "error.retake_too_soon": "Қайта тапсыру аралығы әлі өтпеген.",
  "error.certificate_still_valid":
    "Үміткердің бұл бағдарлама бойынша жарамды сертификаты бар.",
  "error.certificate_required":
    "Бұл бағдарламаға тест күні жарамды заңнама тестінің сертификаты қажет; үміткерде ол жоқ.",
} satisfies Record<string, Message>;

export type EligibilityKey = keyof typeof eligibilityKk;

const eligibilityRu: Record<EligibilityKey, Message> = {
  "person.step": "Должность и статус",
  "person.lead":
    "Программа тестирования зависит от должности, на которую претендует кандидат, и от того, состоит ли он на государственной службе.",
  "person.category": "Категория должности, на которую претендует кандидат",
  "person.categoryHint":
    "Как в объявлении о конкурсе, например C-O-2 или E-G-1",
  "person.categoryEmpty": "— выберите категорию —",
  "person.corps.A": "Корпус «А»",
  "person.corps.B": "Корпус «Б»",
  "person.kind": "Статус кандидата",
  "person.kind.candidate":
    "Кандидат на государственную службу (поступает впервые)",
  "person.kind.civil-servant": "Государственный служащий",
  "person.answerFirst":
    "Сначала ответьте на два вопроса шага 1: от них зависят предлагаемые тесты и время.",
  "person.programs": "Тесты, на которые можно записаться",
  "person.unavailable": "Недоступные для этой должности тесты",
  "person.none":
    "Для категории {code} с выбранным статусом нет программы тестирования, на которую можно записаться. Проверьте категорию в объявлении о конкурсе или обратитесь в центр тестирования.",
  "person.noneKind":
    "Для выбранного статуса нет программы тестирования, на которую можно записаться. Обратитесь в центр тестирования.",
  "person.noneSlots":
    "Под ответы шага 1 не подходит ни одна программа, поэтому предложить время нельзя.",
  "person.reason.corps.A": "только для корпуса «А»",
  "person.reason.corps.B": "только для корпуса «Б»",
  "person.reason.category": "не для категории {code}",
  "person.reason.candidate":
    "только для впервые поступающих на государственную службу",
  "person.reason.civil-servant": "только для государственных служащих",
  "person.facts.category": "Категория должности",
  "person.facts.kind": "Статус кандидата",

  "refusal.notEligible": "Эта программа не подходит для указанной должности",
  "refusal.notEligibleLead":
    "Программа: {program}. Причина: {reasons}. Выберите на шаге 1 программу для этой должности.",
  "refusal.notBookableNow": "Сейчас записаться на эту программу нельзя",
  "refusal.notBookableNowDesk":
    "Обратитесь к сотруднику центра тестирования: он назовёт причину и дату, с которой можно записаться.",
  "refusal.notBookableNowStatus":
    "Если вы уже записывались на эту программу, откройте страницу статуса той записи: там указано, с какой даты можно записаться снова.",
  "refusal.findEarlier": "Найти мою прежнюю запись",

  "block.title.retake_too_soon": "Интервал для повторной сдачи ещё не прошёл",
  "block.title.certificate_still_valid":
    "У кандидата есть действующий сертификат",
  "block.retake":
    "Интервал отсчитывается от тестирования {since} по программе «{sinceProgram}». Самая ранняя дата тестирования по правилу: {date}.",
  "block.certificate":
    "Сертификат № {number} по тестированию {since} (программа «{sinceProgram}») ещё действует. Самая ранняя дата тестирования по правилу: {date}.",
  "block.certificateNoNumber":
    "Сертификат по тестированию {since} (программа «{sinceProgram}») ещё действует. Самая ранняя дата тестирования по правилу: {date}.",
  "block.overrideLead":
    "Записать в обход правила можно только по обоснованной причине (например, решение комиссии); причина записывается в журнал аудита с вашим именем.",
  "block.reason": "Причина записи в обход правила",
  "block.reasonHint": "Не менее 3 и не более 500 символов",
  "block.error.reason": "Укажите причину (не менее 3 символов).",
  "block.override": "Всё равно записать",

  "status.next.title": "Повторная запись",
  "status.next.retake":
    "Снова записаться на эту программу можно на тестирование {date} или позже: интервал после вашего тестирования {since}.",
  "status.next.retakeOther":
    "Снова записаться на эту программу можно на тестирование {date} или позже: интервал после вашего тестирования {since} по программе «{sinceProgram}».",
  "status.next.certificate":
    "Снова записаться на эту программу можно на тестирование {date} или позже: до этого действует ваш сертификат № {number}.",
  "status.next.certificateNoNumber":
    "Снова записаться на эту программу можно на тестирование {date} или позже: до этого действует сертификат по вашему тестированию {since}.",

  "void.cause": "Причина аннулирования",
  "void.cause.technical":
    "Технический сбой (не учитывается в интервале повторной сдачи)",
  "void.cause.conduct":
    "Нарушение правил (учитывается в интервале повторной сдачи)",
  "void.causeShort.technical": "технический сбой",
  "void.causeShort.conduct": "нарушение правил",
  "error.void_cause_required":
    "Выберите причину: технический сбой или нарушение правил.",

  "error.not_eligible":
    "Эта программа не предназначена для указанной категории должности или статуса.",
  "error.unknown_position_category":
    "Такой категории должности нет в перечне. Выберите категорию из списка.",
  "error.not_bookable_now":
    "Сейчас записаться на эту программу нельзя. Обратитесь к сотруднику центра тестирования или откройте страницу статуса вашей прежней записи.",
  "error.retake_too_soon": "Интервал для повторной сдачи ещё не прошёл.",
  "error.certificate_still_valid":
    "У кандидата есть действующий сертификат по этой программе.",
  "error.certificate_required":
    "Для этой программы нужен сертификат теста на знание законодательства, действительный на дату тестирования; у кандидата его нет.",
};

const eligibilityEn: Record<EligibilityKey, Message> = {
  "person.step": "Position and status",
  "person.lead":
    "The test program depends on the position applied for and on whether the candidate already serves as a civil servant.",
  "person.category": "Category of the position applied for",
  "person.categoryHint":
    "As in the vacancy announcement, for example C-O-2 or E-G-1",
  "person.categoryEmpty": "— choose a category —",
  "person.corps.A": "Corps A",
  "person.corps.B": "Corps B",
  "person.kind": "Applying as",
  "person.kind.candidate": "Candidate for the civil service (first entry)",
  "person.kind.civil-servant": "Civil servant",
  "person.answerFirst":
    "Answer the two questions of step 1 first: the tests and times offered depend on them.",
  "person.programs": "Tests you can book",
  "person.unavailable": "Tests not available for this position",
  "person.none":
    "No test program can be booked for category {code} with the status chosen. Check the category in the vacancy announcement, or ask a testing center.",
  "person.noneKind":
    "No test program can be booked with the status chosen. Ask a testing center.",
  "person.noneSlots":
    "No program fits the answers of step 1, so there are no times to offer.",
  "person.reason.corps.A": "for corps A only",
  "person.reason.corps.B": "for corps B only",
  "person.reason.category": "not for category {code}",
  "person.reason.candidate": "for candidates entering the service only",
  "person.reason.civil-servant": "for civil servants only",
  "person.facts.category": "Position category",
  "person.facts.kind": "Applying as",

  "refusal.notEligible": "This program is not for the position given",
  "refusal.notEligibleLead":
    "Program: {program}. Why: {reasons}. Choose a program for this position in step 1.",
  "refusal.notBookableNow": "This program cannot be booked now",
  "refusal.notBookableNowDesk":
    "Ask at a testing center's desk: the staff will tell you why and from which date you can book.",
  "refusal.notBookableNowStatus":
    "If you booked this program before, open the status page of that booking: it says from which date you can book again.",
  "refusal.findEarlier": "Find my earlier booking",

  "block.title.retake_too_soon": "The retake interval has not passed",
  "block.title.certificate_still_valid":
    "The candidate holds a valid certificate",
  "block.retake":
    "The interval counts from the sitting of {since} ({sinceProgram}). The earliest test date the rule allows: {date}.",
  "block.certificate":
    "Certificate № {number} from the sitting of {since} ({sinceProgram}) is still valid. The earliest test date the rule allows: {date}.",
  "block.certificateNoNumber":
    "The certificate from the sitting of {since} ({sinceProgram}) is still valid. The earliest test date the rule allows: {date}.",
  "block.overrideLead":
    "Book despite the rule only for a good reason (for example a commission's decision); the reason is written to the audit log with your name.",
  "block.reason": "Reason for booking despite the rule",
  "block.reasonHint": "3 to 500 characters",
  "block.error.reason": "Give a reason of at least 3 characters.",
  "block.override": "Book anyway",

  "status.next.title": "Booking again",
  "status.next.retake":
    "You can book this program again for a test on or after {date}: the interval after your sitting of {since}.",
  "status.next.retakeOther":
    "You can book this program again for a test on or after {date}: the interval after your sitting of {since} ({sinceProgram}).",
  "status.next.certificate":
    "You can book this program again for a test on or after {date}: until then your certificate № {number} is valid.",
  "status.next.certificateNoNumber":
    "You can book this program again for a test on or after {date}: until then the certificate from your sitting of {since} is valid.",

  "void.cause": "Cause",
  "void.cause.technical":
    "Technical failure (does not count for the retake interval)",
  "void.cause.conduct": "Breach of the rules (counts for the retake interval)",
  "void.causeShort.technical": "technical failure",
  "void.causeShort.conduct": "breach of the rules",
  "error.void_cause_required":
    "Choose the cause: a technical failure or a breach of the rules.",

  "error.not_eligible":
    "This program is not for the position category or the status given.",
  "error.unknown_position_category":
    "There is no such position category on the list. Choose one from the list.",
  "error.not_bookable_now":
    "This program cannot be booked now. Ask at a testing center's desk, or open the status page of your earlier booking.",
  "error.retake_too_soon": "The retake interval has not passed yet.",
  "error.certificate_still_valid":
    "The candidate holds a valid certificate of this program.",
  "error.certificate_required":
    "This program needs a legislation test certificate valid on the test date; the candidate has none.",
};

export const eligibilityMessages: Messages<EligibilityKey> = {
  kk: eligibilityKk,
  ru: eligibilityRu,
  en: eligibilityEn,
};
