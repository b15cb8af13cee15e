/**
 * The desk's "Find a booking" (a person's bookings by IIN after the ID
 * check: cancel, move, new code) and the public booking answer that sends
 * a person to a desk, in Kazakh, Russian and English. Kazakh is the
 * reference: Russian and English are typed by its keys.
 */
import type { Messages } from "./message";

const deskKk = {
  "nav.deskFind": "Жазылуды табу",
  "deskFind.title": "Жазылуды табу",
  "deskFind.lead":
    "Үстел алдындағы адамға: алдымен жеке басын куәландыратын құжатын тексеріңіз, содан кейін оның жазылуларын ЖСН бойынша табыңыз. Жазылудан бас тартуға, оны басқа уақытқа ауыстыруға немесе жаңа код беруге болады — мысалы, оның ЖСН-імен басқа біреу жазылып қойса.",
  "deskFind.documentKind": "Жеке басын куәландыратын құжат",
  "deskFind.document.id_card": "Жеке куәлік",
  "deskFind.document.passport": "Төлқұжат",
  "deskFind.document.other": "Басқа құжат",
  "deskFind.documentNumber": "Құжат нөмірі",
  "deskFind.documentNumberHint":
    "Аудитте нөмірдің соңғы 4 таңбасы ғана сақталады.",
  "deskFind.checked":
    "Құжатты тексердім: суреттегі — осы адам, ЖСН оның өзінікі",
  "deskFind.error.checked": "Алдымен құжатты тексеріп, белгі қойыңыз.",
  "deskFind.error.documentNumber":
    "Құжат нөмірін енгізіңіз (4–32 әріп пен цифр).",
  "deskFind.find": "Табу",
  "deskFind.results": "ЖСН {iin} бойынша жазылулар",
  "deskFind.none":
    "Бұл ЖСН бойынша белсенді жазылу жоқ, соңғы 90 күнде де болмаған.",
  "deskFind.otherCenter":
    "Желінің басқа орталығында: әрекеттерге қажеттісі ғана көрсетіледі.",
  "deskFind.source": "Қалай жазылған",
  "deskFind.source.online": "Онлайн",
  "deskFind.source.staff": "Орталықтың үстелінде",
  "deskFind.source.import": "Тізіммен жүктелген",
  "deskFind.contact": "Хабарламалар қайда барады",
  "deskFind.contactNone": "Ешқайда (байланыс көрсетілмеген)",
  "deskFind.cancel": "Жазылудан бас тарту",
  "deskFind.cancelTitle": "Жазылудан бас тарту керек пе?",
  "deskFind.cancelLead":
    "Орын босайды. Ашық жазылу уақыты өтсе де бас тартуға болады; қайтару мүмкін емес.",
  "deskFind.cancelled": "Жазылудан бас тартылды.",
  "deskFind.move": "Басқа уақытқа ауыстыру",
  "deskFind.moveTitle": "Жаңа уақытты таңдаңыз",
  "deskFind.moveLead":
    "Осы бағдарламаның бос орны бар сеанстары, сіз қызмет көрсететін орталықтарда. Жазылудың нөмірі мен коды өзгермейді.",
  "deskFind.moveCenter": "Орталық",
  "deskFind.moveAllCenters": "Барлық орталықтар",
  "deskFind.moveNone": "Алдағы 30 күнде бос орны бар сеанс жоқ.",
  "deskFind.moveConfirm": "Осы уақытқа ауыстыру",
  "deskFind.moved": "Жазылу жаңа уақытқа ауыстырылды.",
  "deskFind.renew": "Жаңа код беру",
  "deskFind.renewTitle": "Жаңа код беру керек пе?",
  "deskFind.renewLead":
    "Бұрынғы код бірден жарамсыз болады: оны білетін адам жазылуды енді аша да, бас тарта да алмайды.",
  "deskFind.replaceHolder":
    "Бұл жазылуды басқа біреу жасаған: «{name}» орнына адамның өз аты мен байланысын жазу",
  "deskFind.replaceHolderHint":
    "Аты сертификатқа шығады, байланысқа еске салу мен нәтиже барады. Телефон мен пошта болмаса, хабарлама жіберілмейді.",
  "deskFind.holderName": "Тегі, аты, әкесінің аты (құжаттағыдай)",
  "deskFind.holderEmail": "Электрондық пошта (міндетті емес)",
  "deskFind.error.holderName": "Аты-жөнін құжаттағыдай енгізіңіз.",
  "deskFind.newCode": "Жаңа код",
  "deskFind.newCodeLead":
    "Код бір рет қана көрсетіледі. Түбіртекті басып шығарып, адамға беріңіз.",
  "deskFind.done": "Дайын",
  "deskFind.notify": "{contact} мекенжайына хабарлама жіберу",
  "deskFind.notifyHint":
    "Адамнан сұраңыз: бұл оның телефоны не поштасы ма? Олай болмаса, белгіні алып тастаңыз — бөгде адам жаңа уақытты не кодты біліп қояды.",
  "deskFind.messages": "Хабарламалар",
  "deskFind.noMessages": "Әзірге хабарлама жоқ.",
  "deskFind.error.booking_not_found":
    "Бұл адамда мұндай нөмірлі жазылу жоқ. ЖСН бойынша қайта іздеңіз.",
  "deskFind.error.cancel_closed":
    "Жазылудан енді бас тарту мүмкін емес: адам тестілеуге жіберілген немесе сеанс өтіп кеткен.",
  "deskFind.error.out_of_scope":
    "Бұл сеанс сіз қызмет көрсетпейтін орталықта. Өз орталығыңыздың сеансын таңдаңыз.",
  "error.move_closed":
    "Жазылуды енді ауыстыру мүмкін емес: адам тестілеуге жіберілген немесе сеанс өтіп кеткен.",
  "error.same_slot": "Жазылу осы сеанста тұр.",
  "error.booking_busy":
    "Бұл жазылуды дәл қазір басқа үстелде өзгертіп жатыр. Қайта іздеңіз.",
  "error.code_superseded":
    "Осы арада тағы бір жаңа код берілді. Жаңа кодты қайта беріңіз.",
  "error.booking_anonymized":
    "Сақтау мерзімі өткендіктен, бұл жазылудың дербес деректері жойылған.",
  "error.booking_attempts_limited":
    "Бұл ЖСН бойынша соңғы бір сағатта жазылу әрекеттері тым көп. Кейінірек қайталаңыз немесе жеке куәлігіңізбен кез келген тестілеу орталығына келіңіз: қызметкерлер сізді жазып, сіздің атыңыздан жасалған жазылуды реттейді.",
};

export type DeskKey = keyof typeof deskKk;

const deskRu: Record<DeskKey, string> = {
  "nav.deskFind": "Найти запись",
  "deskFind.title": "Найти запись",
  "deskFind.lead":
    "Для человека у стойки: сначала проверьте документ, удостоверяющий личность, затем найдите его записи по ИИН. Запись можно отменить, перенести на другое время или выдать к ней новый код — например, если кто-то другой записался с ИИН этого человека.",
  "deskFind.documentKind": "Документ, удостоверяющий личность",
  "deskFind.document.id_card": "Удостоверение личности",
  "deskFind.document.passport": "Паспорт",
  "deskFind.document.other": "Другой документ",
  "deskFind.documentNumber": "Номер документа",
  "deskFind.documentNumberHint":
    "В журнале аудита сохраняются только последние 4 знака номера.",
  "deskFind.checked":
    "Я проверил(а) документ: на фото этот человек, ИИН принадлежит ему",
  "deskFind.error.checked": "Сначала проверьте документ и отметьте это.",
  "deskFind.error.documentNumber":
    "Введите номер документа (от 4 до 32 букв и цифр).",
  "deskFind.find": "Найти",
  "deskFind.results": "Записи по ИИН {iin}",
  "deskFind.none":
    "По этому ИИН нет действующих записей и записей за последние 90 дней.",
  "deskFind.otherCenter":
    "В другом центре сети: показано только то, что нужно для действий.",
  "deskFind.source": "Как записан",
  "deskFind.source.online": "Онлайн",
  "deskFind.source.staff": "У стойки центра",
  "deskFind.source.import": "Загружен списком",
  "deskFind.contact": "Куда идут сообщения",
  "deskFind.contactNone": "Никуда (контакт не указан)",
  "deskFind.cancel": "Отменить запись",
  "deskFind.cancelTitle": "Отменить запись?",
  "deskFind.cancelLead":
    "Место освободится. Отменить можно и после окончания онлайн-записи; вернуть запись нельзя.",
  "deskFind.cancelled": "Запись отменена.",
  "deskFind.move": "Перенести на другое время",
  "deskFind.moveTitle": "Выберите новое время",
  "deskFind.moveLead":
    "Сеансы этой программы со свободными местами в центрах, которые вы обслуживаете. Номер и код записи не меняются.",
  "deskFind.moveCenter": "Центр",
  "deskFind.moveAllCenters": "Все центры",
  "deskFind.moveNone": "В ближайшие 30 дней нет сеансов со свободными местами.",
  "deskFind.moveConfirm": "Перенести на это время",
  "deskFind.moved": "Запись перенесена на новое время.",
  "deskFind.renew": "Выдать новый код",
  "deskFind.renewTitle": "Выдать новый код?",
  "deskFind.renewLead":
    "Прежний код сразу перестанет действовать: знающий его больше не сможет ни открыть запись, ни отменить её.",
  "deskFind.replaceHolder":
    "Эту запись сделал кто-то другой: записать вместо «{name}» имя и контакт самого человека",
  "deskFind.replaceHolderHint":
    "Имя попадёт в сертификат, на контакт придут напоминание и результат. Без телефона и почты сообщения не отправляются.",
  "deskFind.holderName": "Фамилия, имя, отчество (как в документе)",
  "deskFind.holderEmail": "Электронная почта (необязательно)",
  "deskFind.error.holderName": "Введите ФИО как в документе.",
  "deskFind.newCode": "Новый код",
  "deskFind.newCodeLead":
    "Код показывается один раз. Распечатайте квитанцию и отдайте её человеку.",
  "deskFind.done": "Готово",
  "deskFind.notify": "Отправить сообщение на {contact}",
  "deskFind.notifyHint":
    "Спросите человека: это его телефон или почта? Если нет, снимите отметку — иначе посторонний узнает новое время или код.",
  "deskFind.messages": "Сообщения",
  "deskFind.noMessages": "Сообщений пока нет.",
  "deskFind.error.booking_not_found":
    "У этого человека нет записи с таким номером. Найдите его записи по ИИН заново.",
  "deskFind.error.cancel_closed":
    "Запись уже нельзя отменить: человек допущен к тестированию или сеанс прошёл.",
  "deskFind.error.out_of_scope":
    "Этот сеанс в центре, который вы не обслуживаете. Выберите сеанс своего центра.",
  "error.move_closed":
    "Запись уже нельзя перенести: человек допущен к тестированию или сеанс прошёл.",
  "error.same_slot": "Запись уже на этом сеансе.",
  "error.booking_busy":
    "Эту запись сейчас меняют у другой стойки. Найдите её заново.",
  "error.code_superseded":
    "За это время был выдан ещё один новый код. Выдайте новый код ещё раз.",
  "error.booking_anonymized":
    "Персональные данные этой записи удалены по истечении срока хранения.",
  "error.booking_attempts_limited":
    "Слишком много попыток записи по этому ИИН за последний час. Повторите позже или придите с удостоверением личности в любой центр тестирования: сотрудники запишут вас и разберутся с записью, сделанной от вашего имени.",
};

const deskEn: Record<DeskKey, string> = {
  "nav.deskFind": "Find a booking",
  "deskFind.title": "Find a booking",
  "deskFind.lead":
    "For the person at the desk: check their identity document first, then find their bookings by IIN. You can cancel a booking, move it to another time or give it a new code — for example when someone else booked with this person's IIN.",
  "deskFind.documentKind": "Identity document",
  "deskFind.document.id_card": "ID card",
  "deskFind.document.passport": "Passport",
  "deskFind.document.other": "Other document",
  "deskFind.documentNumber": "Document number",
  "deskFind.documentNumberHint":
    "Only the last 4 characters of the number are kept in the audit trail.",
  "deskFind.checked":
    "I checked the ID document: the photo is of this person and the IIN is theirs",
  "deskFind.error.checked": "Check the ID document first and tick the box.",
  "deskFind.error.documentNumber":
    "Enter the document number (4 to 32 letters and digits).",
  "deskFind.find": "Find",
  "deskFind.results": "Bookings of IIN {iin}",
  "deskFind.none":
    "This IIN has no active booking and none in the last 90 days.",
  "deskFind.otherCenter":
    "At another center of the network: only what the actions need is shown.",
  "deskFind.source": "Booked",
  "deskFind.source.online": "Online",
  "deskFind.source.staff": "At a center's desk",
  "deskFind.source.import": "From an imported roster",
  "deskFind.contact": "Messages go to",
  "deskFind.contactNone": "Nowhere (no contact given)",
  "deskFind.cancel": "Cancel the booking",
  "deskFind.cancelTitle": "Cancel this booking?",
  "deskFind.cancelLead":
    "The seat is freed. This works after online booking has closed too; it cannot be undone.",
  "deskFind.cancelled": "The booking is cancelled.",
  "deskFind.move": "Move to another time",
  "deskFind.moveTitle": "Choose the new time",
  "deskFind.moveLead":
    "Sessions of this program with free seats at the centers you serve. The booking keeps its number and code.",
  "deskFind.moveCenter": "Center",
  "deskFind.moveAllCenters": "All centers",
  "deskFind.moveNone": "No session with free seats in the next 30 days.",
  "deskFind.moveConfirm": "Move to this time",
  "deskFind.moved": "The booking is moved to the new time.",
  "deskFind.renew": "Give a new code",
  "deskFind.renewTitle": "Give this booking a new code?",
  "deskFind.renewLead":
    "The old code stops working at once: whoever knows it can no longer open or cancel the booking.",
  "deskFind.replaceHolder":
    "Someone else made this booking: put the person's own name and contact in place of “{name}”",
  "deskFind.replaceHolderHint":
    "The name reaches the certificate; the contact gets the reminder and the result. Without a phone or e-mail no messages are sent.",
  "deskFind.holderName": "Full name, as on the document",
  "deskFind.holderEmail": "E-mail (optional)",
  "deskFind.error.holderName": "Enter the full name as on the document.",
  "deskFind.newCode": "New code",
  "deskFind.newCodeLead":
    "The code is shown only once. Print the receipt and hand it to the person.",
  "deskFind.done": "Done",
  "deskFind.notify": "Send a message to {contact}",
  "deskFind.notifyHint":
    "Ask the person: is this their phone or e-mail? If not, untick this — a stranger would learn the new time or code.",
  "deskFind.messages": "Messages",
  "deskFind.noMessages": "No messages yet.",
  "deskFind.error.booking_not_found":
    "This person holds no booking with this number. Find their bookings by IIN again.",
  "deskFind.error.cancel_closed":
    "The booking can no longer be cancelled: the person was admitted or the session is over.",
  "deskFind.error.out_of_scope":
    "This session is at a center you do not serve. Choose a session of your own center.",
  "error.move_closed":
    "The booking can no longer be moved: the person was admitted or the session is over.",
  "error.same_slot": "The booking is already on this session.",
  "error.booking_busy":
    "This booking is being changed at another desk right now. Find it again.",
  "error.code_superseded":
    "Another new code was given meanwhile. Give a new code again.",
  "error.booking_anonymized":
    "This booking's personal data was removed when its retention period ended.",
  "error.booking_attempts_limited":
    "Too many booking attempts for this IIN in the last hour. Try again later, or come to any testing center with your ID document: the staff will book for you and sort out a booking made in your name.",
};

export const deskMessages: Messages<DeskKey> = {
  kk: deskKk,
  ru: deskRu,
  en: deskEn,
};
