import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from "react";
import { UI_LANGUAGES, type UiLanguage } from "@shared/enums";
import { ApiError } from "./api";
import type { AccountsKey } from "./i18n-accounts";
import type { NetworkKey } from "./i18n-network";
import type { AnalyticsKey } from "./i18n-analytics";
import type { DeliveryKey } from "./i18n-delivery";
import type { RightsKey } from "./i18n-rights";
import { intlLocale } from "./format";

/**
 * A message is a string with `{name}` placeholders, or plural forms chosen
 * by `{count}` with Intl.PluralRules (Russian needs one/few/many).
 */
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type Message = string | Plural;

/**
 * Every string of the portal and the console, in Kazakh, Russian and
 * English. Kazakh is the reference; Russian and English are typed
 * `Record<MessageKey, Message>`, so a missing or extra key does not compile.
 */
const kk = {
  "common.loading": "Жүктелуде…",
  "common.retry": "Қайталау",
  "common.refresh": "Жаңарту",
  "common.save": "Сақтау",
  "common.cancel": "Бас тарту",
  "common.skipToContent": "Негізгі мазмұнға өту",
  "common.breadcrumb": "Орналасқан жер",
  "language.switch": "Интерфейс тілі",

  "nav.public": "Негізгі мәзір",
  "nav.book": "Тестілеуге жазылу",
  "nav.myBooking": "Менің жазылуым",
  "nav.verify": "Сертификатты тексеру",
  "nav.console": "Консоль бөлімдері",
  "nav.slots": "Сеанстар мен тізімдер",
  "nav.staffBooking": "Үміткерді жазу",
  "nav.accommodations": "Арнайы жағдайлар",

  "footer.about": "Synaq — мемлекеттік қызметшілерді тестілеу жүйесі",
  "footer.consent": "Дербес деректерге келісім, {version} нұсқасы",
  "footer.staff": "Қызметкерлерге",
  "notFound.title": "Бет табылмады",
  "notFound.lead": "Сілтемені тексеріңіз немесе басты бетке оралыңыз.",

  "portal.tagline": "Мемлекеттік қызметшілерді тестілеу",
  "portal.title": "Тестілеуге жазылу",
  "portal.lead":
    "Бағдарламаны, орталықты және күндерді таңдап, бос уақытқа жазылыңыз. Бұл бірнеше минут алады.",
  "portal.step.search": "Тест пен күндерді таңдаңыз",
  "portal.step.slot": "Уақытты таңдаңыз",
  "portal.program": "Тестілеу бағдарламасы",
  "portal.allPrograms": "Барлық бағдарламалар",
  "portal.center": "Тестілеу орталығы",
  "portal.allCenters": "Барлық орталықтар",
  "portal.from": "Бастап",
  "portal.to": "Дейін",
  "portal.searching": "Бос уақыт ізделуде…",
  "portal.slotsFound": "Табылды: {count}",
  "portal.noSlots":
    "Таңдалған кезеңде бос уақыт жоқ. Басқа күндерді немесе басқа орталықты таңдап көріңіз.",
  "portal.room": "аудитория",
  "portal.languages": "Тест тілі",
  "portal.closed": "Жазылу жабық",
  "portal.full": "Бос орын жоқ",
  "portal.freeSeats": { other: "{count} бос орын" },
  "portal.selected": "Таңдалды: {date}, {time}",
  "portal.continue": "Жалғастыру",
  "portal.haveBooking": "Жазылып қойдыңыз ба?",
  "portal.haveBookingLead":
    "Жазылу нөмірі мен кодын енгізіп, мәртебесін қараңыз, түбіртекті жүктеп алыңыз немесе жазылудан бас тартыңыз.",
  "portal.findBooking": "Жазылуды табу",

  "testLanguage.kk": "Қазақ тілі",
  "testLanguage.ru": "Орыс тілі",

  "booking.step.details": "Деректеріңізді енгізіңіз",
  "booking.step.candidate": "Үміткердің деректері",
  "booking.selectedSlot": "Таңдалған уақыт: {date}, {time} ({offset}).",
  "booking.iin": "ЖСН",
  "booking.iinHint": "Жеке куәліктегі 12 цифр",
  "booking.fullName": "Тегі, аты, әкесінің аты",
  "booking.fullNameHint": "Жеке куәліктегідей",
  "booking.testLanguage": "Тестілеу тілі",
  "booking.phone": "Телефон (міндетті емес)",
  "booking.phoneHint": "Жазылу өзгерсе, хабарласу үшін",
  "booking.consentTitle": "Дербес деректерді өңдеуге келісім",
  "booking.consentVersion": "Мәтін нұсқасы: {version}",
  "booking.consentAgree":
    "Мәтінмен таныстым және дербес деректерімді өңдеуге келісемін",
  "booking.consentStaff":
    "Үміткер мәтінмен танысып, келісімін берді (қызметкер растайды)",
  "booking.submit": "Жазылу",
  "booking.submitStaff": "Үміткерді жазу",
  "booking.failed": "Жазылу орындалмады",
  "booking.error.fullNameRequired": "Тегін, атын және әкесінің атын енгізіңіз.",
  "booking.error.languageRequired": "Тестілеу тілін таңдаңыз.",
  "booking.error.phone":
    "Телефон нөмірінде тек цифрлар, бос орын, жақша, сызықша және басында + болады.",
  "booking.error.consentRequired": "Жазылу үшін келісім қажет.",
  "booking.error.checkField": "Осы өрісті тексеріңіз.",

  "iin.length": "ЖСН дәл 12 цифрдан тұрады.",
  "iin.non_digit": "ЖСН тек цифрлардан тұрады.",
  "iin.century_digit":
    "7-цифр (ғасыр мен жыныс) 1-ден 6-ға дейінгі сан болуы керек.",
  "iin.birth_date": "Алғашқы алты цифр нақты туған күнді білдірмейді (ЖЖААКК).",
  "iin.check_digit":
    "Соңғы цифр бақылау цифрына сәйкес келмейді: қате терілген болуы мүмкін.",
  "iin.no_check_digit":
    "Алғашқы 11 цифры осындай ЖСН болмайды. Нөмірді тексеріңіз.",

  "confirmation.title": "Сіз тестілеуге жазылдыңыз",
  "confirmation.titleStaff": "Үміткер тестілеуге жазылды",
  "confirmation.lead":
    "Жазылу сақталды. Түбіртекті жүктеп алыңыз немесе басып шығарыңыз, тестілеу күні жеке куәлігіңізді ала келіңіз.",
  "confirmation.leadStaff":
    "Жазылу сақталды. Түбіртекті басып шығарып, үміткерге кодпен бірге беріңіз.",
  "confirmation.code": "Жазылу коды",
  "confirmation.copy": "Кодты көшіру",
  "confirmation.copied": "Көшірілді",
  "confirmation.keepCode":
    "Бұл кодты сақтаңыз: жазылуды қарау немесе одан бас тарту үшін ол қажет. Код бір рет қана көрсетіледі, оны қалпына келтіру мүмкін емес.",
  "confirmation.receipt": "Түбіртекті жүктеу (PDF)",
  "confirmation.statusPage": "Жазылу мәртебесі",
  "confirmation.print": "Басып шығару",
  "confirmation.another": "Тағы бір жазылу",

  "facts.receiptNumber": "Түбіртек нөмірі",
  "facts.fullName": "Аты-жөні",
  "facts.iin": "ЖСН",
  "facts.program": "Бағдарлама",
  "facts.testLanguage": "Тестілеу тілі",
  "facts.when": "Күні мен уақыты",
  "facts.where": "Өтетін орны",
  "facts.room": "Аудитория",
  "facts.bookedAt": "Жазылған уақыты",
  "facts.cancelledAt": "Бас тартылған уақыты",
  "facts.consentVersion": "Келісім нұсқасы",

  "lookup.title": "Жазылуды табу",
  "lookup.lead": "Түбіртектегі жазылу нөмірі мен кодты енгізіңіз.",
  "lookup.id": "Жазылу (түбіртек) нөмірі",
  "lookup.idHint": "Түбіртектің жоғарғы жағында көрсетілген",
  "lookup.code": "Жазылу коды",
  "lookup.codeHint": "20 таңба, мысалы ABCDE-FGHJK-MNPQR-STVWX",
  "lookup.submit": "Көрсету",
  "lookup.error.id": "Жазылу нөмірін енгізіңіз.",
  "lookup.error.code": "Код 20 әріп пен цифрдан тұрады. Түбіртекті тексеріңіз.",

  "status.title": "Жазылу мәртебесі",
  "status.receiptNumber": "Түбіртек нөмірі",
  "status.current": "Қазіргі мәртебесі",
  "status.booked": "Жазылған",
  "status.cancelled": "Бас тартылды",
  "status.admitted": "Тестілеуге жіберілді",
  "status.in_progress": "Тестілеу жүріп жатыр",
  "status.completed": "Тестілеу аяқталды",
  "status.no_show": "Келмеді",
  "status.passed": "Тест сәтті тапсырылды",
  "status.notPassed": "Шекті балл жиналмады",
  "status.document": "Құжат нөмірі",
  "status.cancel": "Жазылудан бас тарту",
  "status.cancelUntil": "Жазылудан {at} дейін бас тартуға болады.",
  "status.cancelClosed": "Жазылудан бас тарту мерзімі аяқталды ({at}).",
  "status.confirmTitle": "Жазылудан бас тартасыз ба?",
  "status.confirmLead":
    "{date}, {time} уақытындағы орын босатылады. Бұл әрекетті қайтару мүмкін емес.",
  "status.confirmYes": "Иә, бас тарту",
  "status.confirmNo": "Жоқ, қалдыру",
  "status.cancelledNow": "Жазылудан бас тартылды",
  "status.cancelledNowLead":
    "Орын босатылды. Қаласаңыз, басқа уақытқа қайта жазыла аласыз.",
  "status.cancelFailed": "Бас тарту орындалмады",

  "verify.title": "Сертификатты тексеру",
  "verify.lead":
    "Тестілеу сертификатының немесе анықтаманың түпнұсқалығын нөмірі не PDF файлы бойынша тексеріңіз.",
  "verify.how": "Тексеру тәсілі",
  "verify.byNumber": "Нөмірі бойынша",
  "verify.byPdf": "PDF файлы бойынша",
  "verify.number": "Құжат нөмірі",
  "verify.numberHint": "Мысалы, SYN-2026-7K3QW9HD2MX",
  "verify.birthDate.title": "Иесінің туған күні қажет",
  "verify.birthDate.lead":
    "{number} — ескі үлгідегі нөмір. Оны тексеру үшін құжат иесінің туған күнін енгізіңіз (ЖСН-нің алғашқы алты цифры).",
  "verify.birthDate.label": "Иесінің туған күні",
  "verify.birthDate.missing": "Туған күнді енгізіңіз.",
  "verify.error.too_many_misses":
    "Осы мекенжайдан тым көп нөмір табылмады. Құжаттағы нөмірді тексеріп, 10 минуттан кейін қайталаңыз.",
  "verify.check": "Тексеру",
  "verify.checking": "Тексерілуде…",
  "verify.error.number": "Құжат нөмірін енгізіңіз.",
  "verify.pdf": "PDF файлы",
  "verify.pdfHint":
    "Synaq берген, қол қойылған PDF. Файл тек тексеру үшін жіберіледі.",
  "verify.verdict.valid": "Жарамды",
  "verify.verdict.revoked": "Күші жойылған",
  "verify.verdict.expired": "Мерзімі өткен",
  "verify.verdict.invalid": "Жарамсыз",
  "verify.verdict.not_found": "Табылмады",
  "verify.notFoundLead":
    "{number} нөмірлі құжат берілмеген. Нөмірді тексеріңіз.",
  "verify.kind.certificate": "Тестілеуден өткені туралы сертификат",
  "verify.kind.reference": "Тестілеу нәтижелері туралы анықтама",
  "verify.reasons": "Неліктен жарамсыз",
  "verify.reason.not_signed": "Файлда электрондық қолтаңба жоқ.",
  "verify.reason.malformed_signature": "Электрондық қолтаңба бүлінген.",
  "verify.reason.signature_invalid":
    "Электрондық қолтаңба жарамсыз: файл өзгертілген.",
  "verify.reason.not_whole_document":
    "Қолтаңба бүкіл файлды қамтымайды: қол қойылғаннан кейін файлға бірдеңе қосылған.",
  "verify.reason.signer_unknown":
    "Файлға осы тестілеу орталығының кілтімен қол қойылмаған.",
  "verify.reason.payload_missing":
    "Құжатта қол қойылған тексеру деректері жоқ.",
  "verify.reason.payload_key_unknown":
    "QR деректеріне орталыққа белгісіз кілтпен қол қойылған.",
  "verify.reason.payload_invalid":
    "QR деректерінің қолтаңбасы жарамсыз: олар өзгертілген.",
  "verify.reason.payload_mismatch": "QR деректері басқа құжатты көрсетеді.",
  "verify.reason.sample": "Бұл — үлгі құжат, берілген сертификат емес.",
  "verify.reason.revoked": "Құжаттың күші жойылған.",
  "verify.reason.expired": "Құжаттың жарамдылық мерзімі өткен.",
  "verify.reason.not_a_certificate":
    "Бұл — сеанс нәтижелерінің хаттамасы, сертификат емес.",
  "verify.reason.document_unknown":
    "Бұл файлды орталық бермеген: ол берілген құжаттардың ешқайсысына сәйкес келмейді.",
  "verify.qr.ok": "QR коды түпнұсқа",
  "verify.qr.okLead":
    "QR кодтағы деректерге орталық қол қойған және олар тізілімдегі жазбаға сәйкес келеді.",
  "verify.qr.bad": "QR коды жарамсыз",
  "verify.qr.badLead":
    "QR кодтағы қолтаңба расталмады. Құжат жалған болуы мүмкін.",
  "verify.qr.mismatch": "QR коды тізілімге сәйкес келмейді",
  "verify.qr.mismatchLead":
    "QR кодтағы деректер тізілімдегі жазбадан өзгеше. Құжат өзгертілген болуы мүмкін.",
  "verify.qr.unsupported": "QR қолтаңбасы тексерілмеді",
  "verify.qr.unsupportedLead":
    "Бұл браузер QR қолтаңбасын тексере алмайды. Төмендегі тізілім деректеріне сүйеніңіз.",
  "verify.sample": "Үлгі құжат",
  "verify.sampleLead":
    "Бұл — көрсетуге арналған үлгі, нақты тестілеу нәтижесі емес.",
  "verify.revokedAt": "Күші жойылған күні",
  "verify.revokedReason": "Себебі",
  "verify.replacedBy": "Орнына берілген құжат",
  "verify.holder": "Иесі",
  "verify.result": "Нәтиже",
  "verify.passed": "Тапсырды",
  "verify.notPassed": "Тапсырмады",
  "verify.testedAt": "Тестілеу күні",
  "verify.issuedAt": "Берілген күні",
  "verify.validUntil": "Жарамдылық мерзімі",
  "verify.sectionPassed": "Шекті балл жиналды",
  "verify.sectionNotPassed": "Шекті балл жиналмады",
  "verify.another": "Басқа құжатты тексеру",

  "login.title": "Қызметкердің кіруі",
  "login.lead": "Тестілеу орталығы қызметкерлеріне арналған консоль.",
  "login.username": "Пайдаланушы аты",
  "login.password": "Құпиясөз",
  "login.submit": "Кіру",

  "console.tagline": "Тестілеу орталығының консолі",
  "console.signOut": "Шығу",
  "console.unavailable": "Консоль қолжетімсіз",
  "console.welcome": "Қош келдіңіз",
  "console.noSections":
    "Бұл нұсқада сіздің рөліңізге арналған бөлімдер әлі жоқ.",
  "console.notFound": "Бет табылмады",
  "console.notFoundLead":
    "Мұндай бет жоқ немесе ол сіздің рөліңізге қолжетімсіз.",
  "role.administrator": "Тест әкімшісі",
  "role.operator": "Тест операторы",
  "role.manager": "Орталық менеджері",
  "role.reviewer": "Сарапшы",
  "role.network-manager": "Желі менеджері",
  "connection.connecting": "Қосылуда…",
  "connection.live": "Онлайн",
  "connection.offline": "Байланыс жоқ",
  "storage.full.title": "Сервер деректерді сақтай алмайды",
  "storage.full.body":
    "Redis жады толды (REDIS_MAXMEMORY): жауаптар мен өзгерістер қабылданбайды. Киосктер жауаптарды өздерінде сақтап, кейін жібереді. Әкімшіге хабарлаңыз: жадты ұлғайтыңыз немесе орын босатыңыз.",
  "storage.unreachable.title": "Сервер дерекқорға қосыла алмай тұр",
  "storage.unreachable.body":
    "Redis жауап бермейді, Synaq оны қайта іске қосуда. Киосктер жауаптарды өздерінде сақтап, кейін жібереді.",

  "slots.title": "Сеанстар мен тізімдер",
  "slots.lead": "Орталықтың бүгінгі және алдағы тестілеу сеанстары.",
  "slots.center": "Орталық",
  "slots.noCenters": "Әзірге бірде-бір орталық жоқ.",
  "slots.none": "Таңдалған күндерде сеанс жоқ.",
  "slots.today": "Бүгін",
  "slots.time": "Уақыты",
  "slots.program": "Бағдарлама",
  "slots.room": "Аудитория",
  "slots.booked": "Жазылғандар",
  "slots.free": "Бос орын",
  "slots.state": "Күйі",
  "slots.actions": "Әрекеттер",
  "slots.roster": "Тізім",
  "slotState.open": "Жазылу ашық",
  "slotState.closed": "Жазылу жабық",
  "slotState.underway": "Жүріп жатыр",
  "slotState.finished": "Аяқталды",
  "slotState.cancelled": "Тоқтатылды",

  "roster.title": "Тестілеуге жазылғандар тізімі",
  "roster.offered": "Ұсынылған орын",
  "roster.booked": "Жазылды",
  "roster.free": "Бос",
  "roster.byStatus": "Мәртебелері бойынша",
  "roster.filter": "Аты-жөні немесе ЖСН бойынша іздеу",
  "roster.empty": "Бұл сеансқа әзірге ешкім жазылмаған.",
  "roster.noMatch": "Іздеуге сәйкес ешкім табылмады.",
  "roster.fullName": "Аты-жөні",
  "roster.status": "Мәртебесі",
  "roster.accommodation": "Арнайы жағдай",
  "roster.extraMinutes": "+{minutes} мин",
  "roster.source": "Жазылу тәсілі",
  "source.online": "Портал арқылы",
  "source.staff": "Қызметкер жазды",
  "source.import": "Тізіммен жүктелді",

  "import.title": "Тізімді жүктеу",
  "import.lead":
    "CSV бағандары: iin, fullName, language (kk немесе ru), phone (міндетті емес). Тақырып жолы болмауы да мүмкін. Файл толығымен жүктеледі немесе мүлде жүктелмейді.",
  "import.file": "CSV файлы",
  "import.fileHint": "UTF-8 кодтауындағы файл",
  "import.paste": "Немесе мәтінді қойыңыз",
  "import.pasteHint": "Әр жолда бір үміткер",
  "import.submit": "Жүктеу",
  "import.queued": "Тізім өңделуде",
  "import.queuedLead": "Бұл бірнеше секунд алады.",
  "import.done": "Тізім жүктелді",
  "import.doneLead": "Жазылды: {count}.",
  "import.rejected": "Тізім қабылданбады",
  "import.rejectedLead":
    "Қатесі бар жолдар: {count}. Оларды түзетіп, файлды қайта жүктеңіз; ешкім жазылған жоқ.",
  "import.report": "Жолдар бойынша есеп",
  "import.line": "Жол",
  "import.outcome": "Нәтиже",
  "import.rowOk": "Дұрыс",
  "import.rowFailed": "Қате",

  "staffBooking.title": "Үміткерді жазу",
  "staffBooking.lead":
    "Тестілеу орталығында үміткерді жазу. Үміткер келісім мәтінімен танысқанына көз жеткізіңіз, соңында түбіртекті басып шығарып, кодпен бірге беріңіз.",

  "accommodations.title": "Арнайы жағдайлар",
  "accommodations.lead":
    "Қосымша уақыт адамның ЖСН-іне бекітіледі және оның барлық жазылуына қолданылады.",
  "accommodations.find": "Табу",
  "accommodations.current": "Бекітілген арнайы жағдай",
  "accommodations.none": "Бұл ЖСН үшін арнайы жағдай бекітілмеген.",
  "accommodations.removed": "Арнайы жағдай алынып тасталды.",
  "accommodations.add": "Арнайы жағдай қосу",
  "accommodations.edit": "Өзгерту",
  "accommodations.extraMinutes": "Қосымша уақыт, минут",
  "accommodations.extraMinutesHint": "0-ден {max}-ға дейін",
  "accommodations.approvedBy": "Кім бекітті",
  "accommodations.approvedByHint": "Мысалы, комиссия шешімінің нөмірі мен күні",
  "accommodations.note": "Тест әкімшісіне ескертпе",
  "accommodations.noteHint":
    "Мысалы, үлкейтілген қаріп, бірінші қатардағы орын",
  "accommodations.setBy": "Енгізген қызметкер",
  "accommodations.setAt": "Енгізілген уақыты",
  "accommodations.remove": "Алып тастау",
  "accommodations.removeTitle": "Арнайы жағдайды алып тастайсыз ба?",
  "accommodations.removeLead":
    "Қосымша уақыт бұдан былай осы адамның жазылуларына қолданылмайды.",
  "accommodations.error.minutes": "0-ден {max}-ға дейінгі бүтін сан енгізіңіз.",
  "accommodations.error.approvedBy": "Кім бекіткенін көрсетіңіз.",

  "error.network_error":
    "Серверге қосылу мүмкін емес. Интернетті тексеріп, қайталаңыз.",
  "error.internal_error": "Сервер жағында қате шықты. Сәлден соң қайталаңыз.",
  "error.rate_limited": "Сұраныс тым көп. Бір минут күтіп, қайталаңыз.",
  "error.login_failed": "Пайдаланушы аты немесе құпиясөз қате.",
  "error.csrf_failed": "Сеанс ескірді. Бетті қайта жүктеңіз.",
  "error.forbidden": "Сіздің рөліңіз бұл әрекетке рұқсат бермейді.",
  "error.unauthorized": "Алдымен жүйеге кіріңіз.",
  "error.invalid_request": "Деректер қате толтырылған. Өрістерді тексеріңіз.",
  "error.payload_too_large": "Файл тым үлкен.",
  "error.slot_full": "Бұл уақытта бос орын қалмады. Басқа уақытты таңдаңыз.",
  "error.slot_closed": "Бұл уақытқа жазылу жабылды. Басқа уақытты таңдаңыз.",
  "error.slot_not_found": "Бұл уақыт енді жоқ. Басқа уақытты таңдаңыз.",
  "error.program_mismatch": "Бұл уақыт басқа бағдарламаға арналған.",
  "error.already_booked":
    "Бұл ЖСН бойынша осы бағдарламаға жазылу бар. Басқа уақытқа жазылу үшін алдымен одан бас тартыңыз.",
  "error.invalid_iin": "ЖСН жарамсыз. Нөмірді тексеріңіз.",
  "error.consent_required":
    "Жазылу үшін дербес деректерді өңдеуге келісім қажет.",
  "error.language_not_offered": "Бұл бағдарлама таңдалған тілде өткізілмейді.",
  "error.cancel_closed":
    "Жазылудан енді бас тарту мүмкін емес. Тестілеу орталығына хабарласыңыз.",
  "error.already_cancelled": "Жазылудан бұрын бас тартылған.",
  "error.booking_not_found":
    "Мұндай нөмірі мен коды бар жазылу жоқ. Екеуін де түбіртектен тексеріңіз.",
  "error.certificate_not_found": "Мұндай нөмірлі құжат жоқ.",
  "error.accommodation_not_found": "Бұл ЖСН үшін арнайы жағдай жоқ.",
  "error.import_not_found": "Мұндай жүктеу табылмады.",
  "error.invalid_csv": "Файлды CSV ретінде оқу мүмкін болмады.",
  "error.invalid_row": "Жолдағы бағандар саны дұрыс емес.",
  "error.invalid_full_name": "Аты-жөні көрсетілмеген немесе тым ұзын.",
  "error.invalid_language": "Тіл kk немесе ru болуы керек.",
  "error.invalid_phone": "Телефон нөмірі қате.",
  "error.duplicate_in_file": "Бұл ЖСН файлда екі рет кездеседі.",
  "nav.config": "Баптаулар",
  "config.title": "Баптаулар",
  "config.keys": "Құжаттарға қол қоятын кілттер",
  "config.keysLead":
    "Сертификаттар мен анықтамаларға қол қоятын кілттер. Нақты орталық өзінің PKCS#12 файлын (CERT_P12_PATH) және QR кілтін (CERT_QR_KEY_PATH) баптауда береді.",
  "config.keySigning": "PDF қолтаңбасы",
  "config.keyQr": "QR кодының қолтаңбасы",
  "config.keySource.configured": "Баптауда берілген",
  "config.keySource.generated": "Осы жерде жасалған",
  "config.keySubject": "Иесі",
  "config.keyValidUntil": "Жарамдылық мерзімі",
  "config.keyId": "Кілт идентификаторы",
  "config.keyFingerprint": "Саусақ ізі (SHA-256)",
  "config.keyGeneratedHint":
    "«Осы жерде жасалған» кілтті Synaq DATA_DIR/keys ішінде өзі жасаған, орталық бермеген: нақты орталық үшін README-дің Production бөлімін қараңыз.",
  "config.lead":
    "Орталықтар, аудиториялар, орындар және жазылуға ашылатын сеанстар.",
  "config.centers": "Тестілеу орталықтары",
  "config.addCenter": "Орталық қосу",
  "config.name": "Атауы",
  "config.address": "Мекенжайы",
  "config.timezone": "Уақыт белдеуі",
  "config.timezoneHint": "IANA атауы, мысалы Asia/Almaty",
  "config.nameIn.kk": "Атауы (қазақша)",
  "config.nameIn.ru": "Атауы (орысша)",
  "config.nameIn.en": "Атауы (ағылшынша)",
  "config.addressIn.kk": "Мекенжайы (қазақша)",
  "config.addressIn.ru": "Мекенжайы (орысша)",
  "config.addressIn.en": "Мекенжайы (ағылшынша)",
  "config.create": "Құру",
  "config.accounts": "Қызметкерлердің тіркелгілері",
  "config.accountsLead":
    "Әр қызметкер өз тіркелгісімен кіреді; рөлі оған не көрінетінін және не істей алатынын анықтайды.",
  "config.addAccount": "Тіркелгі қосу",
  "config.username": "Логин",
  "config.fullName": "Толық аты-жөні",
  "config.role": "Рөлі",
  "config.password": "Бастапқы құпиясөз",
  "config.passwordHint":
    "Кемінде 12 таңба, жиі кездесетін құпиясөз емес; қызметкерге жеке беріңіз.",
  "config.usernameHint": "3–40 таңба: a–z, 0–9, нүкте, сызықша",
  "config.active": "Белсенді",
  "config.accountCreated": "Тіркелгі құрылды.",
  "config.center": "Орталық",
  "config.rooms": "Аудиториялар",
  "config.room": "Аудитория",
  "config.seatCount": "Орын саны",
  "config.noRooms": "Бұл орталықта аудитория әлі жоқ.",
  "config.newRoom": "Жаңа аудиторияның атауы",
  "config.addRoom": "Аудитория қосу",
  "config.roomCreated": "Аудитория қосылды.",
  "config.seats": "Орындар",
  "config.noSeats": "Орын әлі жоқ.",
  "config.seatPrefix": "Қатар белгісі",
  "config.seatPrefixHint": "Мысалы, A: A-01, A-02…",
  "config.seatFrom": "Нөмірінен",
  "config.seatTo": "Нөміріне дейін",
  "config.addSeats": "Орындар қосу",
  "config.seatsAdded": "Орындар қосылды.",
  "config.slots": "Сеанстар",
  "config.slotsNeedRoom": "Сеанс жоспарлау үшін алдымен аудитория қосыңыз.",
  "config.date": "Күні",
  "config.time": "Басталу уақыты",
  "config.seatsOffered": "Ұсынылатын орын",
  "config.seatsOfferedHint": "Аудиторияда {count} орын бар",
  "config.schedule": "Сеанс жоспарлау",
  "config.slotCreated": "Сеанс жоспарланды.",
  "config.seatsChanged": "Орын саны өзгертілді.",
  "config.cancelSlot": "Сеансты тоқтату",
  "config.cancelSlotTitle": "Сеансты тоқтатасыз ба?",
  "config.cancelSlotLead":
    "Сеанс жазылуға жабылады. Бұл әрекетті қайтару мүмкін емес.",
  "config.slotCancelled": "Сеанс тоқтатылды.",
  "config.bookedOf": "(жазылды: {booked})",
  "error.invalid_timezone": "Мұндай уақыт белдеуі жоқ (мысалы, Asia/Almaty).",
  "error.duplicate_seat_label": "Бір орын белгісі екі рет берілген.",
  "error.seat_label_taken": "Аудиторияда мұндай белгісі бар орын бұрыннан бар.",
  "error.invalid_cutoff":
    "Жазылу мен кешігіп кіру мерзімдері дұрыс ретте емес.",
  "error.starts_in_past": "Сеанс өткен уақытта басталмайды.",
  "error.seats_exceed_room": "Аудиториядағы орыннан көп орын ұсынуға болмайды.",
  "error.room_busy": "Бұл уақытта аудиторияда басқа сеанс бар.",
  "error.slot_cancelled": "Сеанс тоқтатылған.",
  "error.seats_below_booked": "Жазылғандар санынан аз орын ұсынуға болмайды.",
  "error.slot_has_bookings":
    "Сеансқа жазылғандар бар: алдымен олардың жазылуын тоқтату керек.",
  "error.center_not_found": "Орталық табылмады.",
  "error.room_not_found": "Аудитория табылмады.",
  "error.program_not_found": "Бағдарлама табылмады.",
  "error.invalid_range":
    "Кезең дұрыс емес: соңы басынан кейін болуы және бір жылдан аспауы керек.",
  "error.generic": "Қате шықты. Қайталап көріңіз.",
};

type BaseKey = keyof typeof kk;
/** Every key: the base ones here, the console's exam-day and analytics ones. */
export type MessageKey =
  BaseKey | DeliveryKey | AnalyticsKey | RightsKey | AccountsKey | NetworkKey;
type Dictionary = Record<MessageKey, Message>;

const ru: Record<BaseKey, Message> = {
  "common.loading": "Загрузка…",
  "common.retry": "Повторить",
  "common.refresh": "Обновить",
  "common.save": "Сохранить",
  "common.cancel": "Отмена",
  "common.skipToContent": "Перейти к содержанию",
  "common.breadcrumb": "Вы здесь",
  "language.switch": "Язык интерфейса",

  "nav.public": "Основное меню",
  "nav.book": "Запись на тестирование",
  "nav.myBooking": "Моя запись",
  "nav.verify": "Проверка сертификата",
  "nav.console": "Разделы консоли",
  "nav.slots": "Сеансы и списки",
  "nav.staffBooking": "Записать кандидата",
  "nav.accommodations": "Особые условия",

  "footer.about": "Synaq — система тестирования государственных служащих",
  "footer.consent": "Согласие на обработку данных, версия {version}",
  "footer.staff": "Для сотрудников",
  "notFound.title": "Страница не найдена",
  "notFound.lead": "Проверьте ссылку или вернитесь на главную страницу.",

  "portal.tagline": "Тестирование государственных служащих",
  "portal.title": "Запись на тестирование",
  "portal.lead":
    "Выберите программу, центр и даты, затем запишитесь на свободное время. Это займёт несколько минут.",
  "portal.step.search": "Выберите тест и даты",
  "portal.step.slot": "Выберите время",
  "portal.program": "Программа тестирования",
  "portal.allPrograms": "Все программы",
  "portal.center": "Центр тестирования",
  "portal.allCenters": "Все центры",
  "portal.from": "Дата с",
  "portal.to": "Дата по",
  "portal.searching": "Ищем свободное время…",
  "portal.slotsFound": "Найдено: {count}",
  "portal.noSlots":
    "В выбранный период свободного времени нет. Попробуйте другие даты или другой центр.",
  "portal.room": "аудитория",
  "portal.languages": "Язык теста",
  "portal.closed": "Запись закрыта",
  "portal.full": "Мест нет",
  "portal.freeSeats": {
    one: "{count} свободное место",
    few: "{count} свободных места",
    many: "{count} свободных мест",
    other: "{count} свободного места",
  },
  "portal.selected": "Выбрано: {date}, {time}",
  "portal.continue": "Продолжить",
  "portal.haveBooking": "Уже записаны?",
  "portal.haveBookingLead":
    "Введите номер и код записи, чтобы узнать статус, скачать квитанцию или отменить запись.",
  "portal.findBooking": "Найти запись",

  "testLanguage.kk": "Казахский",
  "testLanguage.ru": "Русский",

  "booking.step.details": "Ваши данные",
  "booking.step.candidate": "Данные кандидата",
  "booking.selectedSlot": "Выбранное время: {date}, {time} ({offset}).",
  "booking.iin": "ИИН",
  "booking.iinHint": "12 цифр из удостоверения личности",
  "booking.fullName": "Фамилия, имя, отчество",
  "booking.fullNameHint": "Как в удостоверении личности",
  "booking.testLanguage": "Язык тестирования",
  "booking.phone": "Телефон (необязательно)",
  "booking.phoneHint": "Чтобы связаться, если запись изменится",
  "booking.consentTitle": "Согласие на обработку персональных данных",
  "booking.consentVersion": "Версия текста: {version}",
  "booking.consentAgree":
    "Я ознакомлен(а) с текстом и согласен(на) на обработку моих персональных данных",
  "booking.consentStaff":
    "Кандидат ознакомлен с текстом и дал согласие (подтверждает сотрудник)",
  "booking.submit": "Записаться",
  "booking.submitStaff": "Записать кандидата",
  "booking.failed": "Запись не выполнена",
  "booking.error.fullNameRequired": "Укажите фамилию, имя и отчество.",
  "booking.error.languageRequired": "Выберите язык тестирования.",
  "booking.error.phone":
    "Номер телефона может содержать только цифры, пробелы, скобки, дефисы и + в начале.",
  "booking.error.consentRequired": "Для записи необходимо согласие.",
  "booking.error.checkField": "Проверьте это поле.",

  "iin.length": "ИИН состоит ровно из 12 цифр.",
  "iin.non_digit": "ИИН содержит только цифры.",
  "iin.century_digit": "7-я цифра (век и пол) должна быть от 1 до 6.",
  "iin.birth_date":
    "Первые шесть цифр не образуют реальную дату рождения (ГГММДД).",
  "iin.check_digit":
    "Последняя цифра не совпадает с контрольной: возможно, опечатка.",
  "iin.no_check_digit":
    "ИИН с такими первыми 11 цифрами не существует. Проверьте номер.",

  "confirmation.title": "Вы записаны на тестирование",
  "confirmation.titleStaff": "Кандидат записан на тестирование",
  "confirmation.lead":
    "Запись сохранена. Скачайте или распечатайте квитанцию и в день тестирования возьмите с собой удостоверение личности.",
  "confirmation.leadStaff":
    "Запись сохранена. Распечатайте квитанцию и передайте её кандидату вместе с кодом.",
  "confirmation.code": "Код записи",
  "confirmation.copy": "Скопировать код",
  "confirmation.copied": "Скопировано",
  "confirmation.keepCode":
    "Сохраните этот код: он нужен, чтобы посмотреть или отменить запись. Код показывается только один раз, восстановить его нельзя.",
  "confirmation.receipt": "Скачать квитанцию (PDF)",
  "confirmation.statusPage": "Статус записи",
  "confirmation.print": "Распечатать",
  "confirmation.another": "Новая запись",

  "facts.receiptNumber": "Номер квитанции",
  "facts.fullName": "ФИО",
  "facts.iin": "ИИН",
  "facts.program": "Программа",
  "facts.testLanguage": "Язык тестирования",
  "facts.when": "Дата и время",
  "facts.where": "Место проведения",
  "facts.room": "Аудитория",
  "facts.bookedAt": "Дата записи",
  "facts.cancelledAt": "Дата отмены",
  "facts.consentVersion": "Версия согласия",

  "lookup.title": "Найти запись",
  "lookup.lead": "Введите номер записи и код из квитанции.",
  "lookup.id": "Номер записи (квитанции)",
  "lookup.idHint": "Указан в верхней части квитанции",
  "lookup.code": "Код записи",
  "lookup.codeHint": "20 символов, например ABCDE-FGHJK-MNPQR-STVWX",
  "lookup.submit": "Показать",
  "lookup.error.id": "Введите номер записи.",
  "lookup.error.code": "Код состоит из 20 букв и цифр. Проверьте квитанцию.",

  "status.title": "Статус записи",
  "status.receiptNumber": "Номер квитанции",
  "status.current": "Текущий статус",
  "status.booked": "Записан",
  "status.cancelled": "Запись отменена",
  "status.admitted": "Допущен к тестированию",
  "status.in_progress": "Идёт тестирование",
  "status.completed": "Тестирование завершено",
  "status.no_show": "Неявка",
  "status.passed": "Тест сдан",
  "status.notPassed": "Пороговый балл не набран",
  "status.document": "Номер документа",
  "status.cancel": "Отменить запись",
  "status.cancelUntil": "Отменить запись можно до {at}.",
  "status.cancelClosed": "Срок отмены записи истёк ({at}).",
  "status.confirmTitle": "Отменить запись?",
  "status.confirmLead":
    "Место на {date}, {time} будет освобождено. Это действие нельзя отменить.",
  "status.confirmYes": "Да, отменить",
  "status.confirmNo": "Нет, оставить",
  "status.cancelledNow": "Запись отменена",
  "status.cancelledNowLead":
    "Место освобождено. При желании вы можете записаться на другое время.",
  "status.cancelFailed": "Не удалось отменить запись",

  "verify.title": "Проверка сертификата",
  "verify.lead":
    "Проверьте подлинность сертификата или справки о тестировании по номеру или по файлу PDF.",
  "verify.how": "Способ проверки",
  "verify.byNumber": "По номеру",
  "verify.byPdf": "По файлу PDF",
  "verify.number": "Номер документа",
  "verify.numberHint": "Например, SYN-2026-7K3QW9HD2MX",
  "verify.birthDate.title": "Нужна дата рождения владельца",
  "verify.birthDate.lead":
    "{number} — номер старого образца. Чтобы проверить его, введите дату рождения владельца документа (первые шесть цифр ИИН).",
  "verify.birthDate.label": "Дата рождения владельца",
  "verify.birthDate.missing": "Введите дату рождения.",
  "verify.error.too_many_misses":
    "С этого адреса слишком много номеров не найдено. Проверьте номер на документе и повторите через 10 минут.",
  "verify.check": "Проверить",
  "verify.checking": "Проверяем…",
  "verify.error.number": "Введите номер документа.",
  "verify.pdf": "Файл PDF",
  "verify.pdfHint":
    "Подписанный PDF, выданный Synaq. Файл отправляется только для проверки.",
  "verify.verdict.valid": "Действителен",
  "verify.verdict.revoked": "Отозван",
  "verify.verdict.expired": "Срок действия истёк",
  "verify.verdict.invalid": "Недействителен",
  "verify.verdict.not_found": "Не найден",
  "verify.notFoundLead":
    "Документ с номером {number} не выдавался. Проверьте номер.",
  "verify.kind.certificate": "Сертификат о прохождении тестирования",
  "verify.kind.reference": "Справка о результатах тестирования",
  "verify.reasons": "Почему документ недействителен",
  "verify.reason.not_signed": "В файле нет электронной подписи.",
  "verify.reason.malformed_signature": "Электронная подпись повреждена.",
  "verify.reason.signature_invalid":
    "Электронная подпись недействительна: файл изменён.",
  "verify.reason.not_whole_document":
    "Подпись охватывает не весь файл: после подписания в него что-то добавлено.",
  "verify.reason.signer_unknown":
    "Файл подписан не ключом этого центра тестирования.",
  "verify.reason.payload_missing":
    "В документе нет подписанных данных для проверки.",
  "verify.reason.payload_key_unknown":
    "Данные QR-кода подписаны неизвестным центру ключом.",
  "verify.reason.payload_invalid":
    "Подпись данных QR-кода недействительна: они изменены.",
  "verify.reason.payload_mismatch":
    "Данные QR-кода указывают на другой документ.",
  "verify.reason.sample": "Это образец документа, а не выданный сертификат.",
  "verify.reason.revoked": "Документ отозван.",
  "verify.reason.expired": "Срок действия документа истёк.",
  "verify.reason.not_a_certificate":
    "Это протокол результатов сеанса, а не сертификат.",
  "verify.reason.document_unknown":
    "Этот файл центр не выдавал: он не совпадает ни с одним выданным документом.",
  "verify.qr.ok": "QR-код подлинный",
  "verify.qr.okLead":
    "Данные QR-кода подписаны центром и совпадают с записью в реестре.",
  "verify.qr.bad": "QR-код недействителен",
  "verify.qr.badLead":
    "Подпись QR-кода не подтверждена. Документ может быть поддельным.",
  "verify.qr.mismatch": "QR-код не совпадает с реестром",
  "verify.qr.mismatchLead":
    "Данные QR-кода отличаются от записи в реестре. Документ мог быть изменён.",
  "verify.qr.unsupported": "Подпись QR-кода не проверена",
  "verify.qr.unsupportedLead":
    "Этот браузер не умеет проверять подпись QR-кода. Ориентируйтесь на данные реестра ниже.",
  "verify.sample": "Образец документа",
  "verify.sampleLead":
    "Это образец для демонстрации, а не реальный результат тестирования.",
  "verify.revokedAt": "Дата отзыва",
  "verify.revokedReason": "Причина",
  "verify.replacedBy": "Заменён документом",
  "verify.holder": "Владелец",
  "verify.result": "Результат",
  "verify.passed": "Сдан",
  "verify.notPassed": "Не сдан",
  "verify.testedAt": "Дата тестирования",
  "verify.issuedAt": "Дата выдачи",
  "verify.validUntil": "Действителен до",
  "verify.sectionPassed": "Порог пройден",
  "verify.sectionNotPassed": "Порог не пройден",
  "verify.another": "Проверить другой документ",

  "login.title": "Вход для сотрудников",
  "login.lead": "Консоль для сотрудников центра тестирования.",
  "login.username": "Имя пользователя",
  "login.password": "Пароль",
  "login.submit": "Войти",

  "console.tagline": "Консоль центра тестирования",
  "console.signOut": "Выйти",
  "console.unavailable": "Консоль недоступна",
  "console.welcome": "Добро пожаловать",
  "console.noSections": "В этой версии для вашей роли пока нет разделов.",
  "console.notFound": "Страница не найдена",
  "console.notFoundLead":
    "Такой страницы нет или она недоступна для вашей роли.",
  "role.administrator": "Администратор тестирования",
  "role.operator": "Оператор тестирования",
  "role.manager": "Менеджер центра",
  "role.reviewer": "Проверяющий",
  "role.network-manager": "Менеджер сети",
  "connection.connecting": "Подключение…",
  "connection.live": "Онлайн",
  "connection.offline": "Нет связи",
  "storage.full.title": "Сервер не может сохранять данные",
  "storage.full.body":
    "Память Redis заполнена (REDIS_MAXMEMORY): ответы и изменения не принимаются. Киоски хранят ответы у себя и отправят их позже. Сообщите администратору: увеличьте память или освободите место.",
  "storage.unreachable.title": "Сервер не может подключиться к базе данных",
  "storage.unreachable.body":
    "Redis не отвечает, Synaq перезапускает его. Киоски хранят ответы у себя и отправят их позже.",

  "slots.title": "Сеансы и списки",
  "slots.lead": "Сеансы тестирования центра на сегодня и ближайшие дни.",
  "slots.center": "Центр",
  "slots.noCenters": "Пока нет ни одного центра.",
  "slots.none": "В выбранные дни сеансов нет.",
  "slots.today": "Сегодня",
  "slots.time": "Время",
  "slots.program": "Программа",
  "slots.room": "Аудитория",
  "slots.booked": "Записано",
  "slots.free": "Свободно",
  "slots.state": "Состояние",
  "slots.actions": "Действия",
  "slots.roster": "Список",
  "slotState.open": "Запись открыта",
  "slotState.closed": "Запись закрыта",
  "slotState.underway": "Идёт",
  "slotState.finished": "Завершён",
  "slotState.cancelled": "Отменён",

  "roster.title": "Список записанных на тестирование",
  "roster.offered": "Мест предложено",
  "roster.booked": "Записано",
  "roster.free": "Свободно",
  "roster.byStatus": "По статусам",
  "roster.filter": "Поиск по ФИО или ИИН",
  "roster.empty": "На этот сеанс пока никто не записан.",
  "roster.noMatch": "По запросу никого не найдено.",
  "roster.fullName": "ФИО",
  "roster.status": "Статус",
  "roster.accommodation": "Особые условия",
  "roster.extraMinutes": "+{minutes} мин",
  "roster.source": "Способ записи",
  "source.online": "Через портал",
  "source.staff": "Записал сотрудник",
  "source.import": "Загружен списком",

  "import.title": "Загрузка списка",
  "import.lead":
    "Столбцы CSV: iin, fullName, language (kk или ru), phone (необязательно). Строка заголовка может отсутствовать. Файл загружается целиком или не загружается совсем.",
  "import.file": "Файл CSV",
  "import.fileHint": "Файл в кодировке UTF-8",
  "import.paste": "Или вставьте текст",
  "import.pasteHint": "По одному кандидату в строке",
  "import.submit": "Загрузить",
  "import.queued": "Список обрабатывается",
  "import.queuedLead": "Это займёт несколько секунд.",
  "import.done": "Список загружен",
  "import.doneLead": "Записано: {count}.",
  "import.rejected": "Список не принят",
  "import.rejectedLead":
    "Строк с ошибками: {count}. Исправьте их и загрузите файл снова; никто не записан.",
  "import.report": "Отчёт по строкам",
  "import.line": "Строка",
  "import.outcome": "Результат",
  "import.rowOk": "Верно",
  "import.rowFailed": "Ошибка",

  "staffBooking.title": "Записать кандидата",
  "staffBooking.lead":
    "Запись кандидата в центре тестирования. Убедитесь, что кандидат ознакомился с текстом согласия; в конце распечатайте квитанцию и передайте её вместе с кодом.",

  "accommodations.title": "Особые условия",
  "accommodations.lead":
    "Дополнительное время закрепляется за ИИН человека и применяется ко всем его записям.",
  "accommodations.find": "Найти",
  "accommodations.current": "Утверждённые особые условия",
  "accommodations.none": "Для этого ИИН особые условия не утверждены.",
  "accommodations.removed": "Особые условия сняты.",
  "accommodations.add": "Добавить особые условия",
  "accommodations.edit": "Изменить",
  "accommodations.extraMinutes": "Дополнительное время, минут",
  "accommodations.extraMinutesHint": "От 0 до {max}",
  "accommodations.approvedBy": "Кем утверждено",
  "accommodations.approvedByHint": "Например, номер и дата решения комиссии",
  "accommodations.note": "Заметка для администратора тестирования",
  "accommodations.noteHint": "Например, крупный шрифт, место в первом ряду",
  "accommodations.setBy": "Внёс сотрудник",
  "accommodations.setAt": "Дата внесения",
  "accommodations.remove": "Снять",
  "accommodations.removeTitle": "Снять особые условия?",
  "accommodations.removeLead":
    "Дополнительное время больше не будет применяться к записям этого человека.",
  "accommodations.error.minutes": "Введите целое число от 0 до {max}.",
  "accommodations.error.approvedBy": "Укажите, кем утверждено.",

  "error.network_error":
    "Не удаётся связаться с сервером. Проверьте интернет и повторите.",
  "error.internal_error": "Ошибка на стороне сервера. Повторите чуть позже.",
  "error.rate_limited": "Слишком много запросов. Подождите минуту и повторите.",
  "error.login_failed": "Неверное имя пользователя или пароль.",
  "error.csrf_failed": "Сеанс устарел. Обновите страницу.",
  "error.forbidden": "Ваша роль не позволяет выполнить это действие.",
  "error.unauthorized": "Сначала войдите в систему.",
  "error.invalid_request": "Данные заполнены неверно. Проверьте поля.",
  "error.payload_too_large": "Файл слишком большой.",
  "error.slot_full": "На это время мест больше нет. Выберите другое время.",
  "error.slot_closed": "Запись на это время закрыта. Выберите другое время.",
  "error.slot_not_found": "Этого времени больше нет. Выберите другое.",
  "error.program_mismatch": "Это время относится к другой программе.",
  "error.already_booked":
    "По этому ИИН уже есть запись на эту программу. Чтобы записаться на другое время, сначала отмените её.",
  "error.invalid_iin": "ИИН недействителен. Проверьте номер.",
  "error.consent_required":
    "Для записи необходимо согласие на обработку персональных данных.",
  "error.language_not_offered":
    "Эта программа не проводится на выбранном языке.",
  "error.cancel_closed":
    "Эту запись уже нельзя отменить. Обратитесь в центр тестирования.",
  "error.already_cancelled": "Запись уже отменена.",
  "error.booking_not_found":
    "Записи с таким номером и кодом нет. Проверьте оба по квитанции.",
  "error.certificate_not_found": "Документа с таким номером нет.",
  "error.accommodation_not_found": "Для этого ИИН особых условий нет.",
  "error.import_not_found": "Такая загрузка не найдена.",
  "error.invalid_csv": "Файл не удалось прочитать как CSV.",
  "error.invalid_row": "Неверное число столбцов в строке.",
  "error.invalid_full_name": "ФИО не указано или слишком длинное.",
  "error.invalid_language": "Язык должен быть kk или ru.",
  "error.invalid_phone": "Неверный номер телефона.",
  "error.duplicate_in_file": "Этот ИИН встречается в файле дважды.",
  "nav.config": "Настройка",
  "config.title": "Настройка",
  "config.keys": "Ключи подписи документов",
  "config.keysLead":
    "Ключи, которыми подписываются сертификаты и справки. Настоящий центр задаёт в настройках свой PKCS#12 (CERT_P12_PATH) и ключ QR (CERT_QR_KEY_PATH).",
  "config.keySigning": "Подпись PDF",
  "config.keyQr": "Подпись QR-кода",
  "config.keySource.configured": "Задан в настройках",
  "config.keySource.generated": "Создан здесь",
  "config.keySubject": "Владелец",
  "config.keyValidUntil": "Действует до",
  "config.keyId": "Идентификатор ключа",
  "config.keyFingerprint": "Отпечаток (SHA-256)",
  "config.keyGeneratedHint":
    "Ключ «создан здесь» сделан самим Synaq в DATA_DIR/keys, а не задан центром: для настоящего центра см. раздел Production в README.",
  "config.lead": "Центры, аудитории, места и сеансы, открытые для записи.",
  "config.centers": "Центры тестирования",
  "config.addCenter": "Добавить центр",
  "config.name": "Название",
  "config.address": "Адрес",
  "config.timezone": "Часовой пояс",
  "config.timezoneHint": "Название IANA, например Asia/Almaty",
  "config.nameIn.kk": "Название (на казахском)",
  "config.nameIn.ru": "Название (на русском)",
  "config.nameIn.en": "Название (на английском)",
  "config.addressIn.kk": "Адрес (на казахском)",
  "config.addressIn.ru": "Адрес (на русском)",
  "config.addressIn.en": "Адрес (на английском)",
  "config.create": "Создать",
  "config.accounts": "Учётные записи сотрудников",
  "config.accountsLead":
    "Каждый сотрудник входит под своей учётной записью; роль определяет, что ему видно и что он может делать.",
  "config.addAccount": "Добавить учётную запись",
  "config.username": "Логин",
  "config.fullName": "ФИО",
  "config.role": "Роль",
  "config.password": "Начальный пароль",
  "config.passwordHint":
    "Не короче 12 символов, не распространённый пароль; передайте сотруднику лично.",
  "config.usernameHint": "3–40 символов: a–z, 0–9, точка, дефис",
  "config.active": "Активна",
  "config.accountCreated": "Учётная запись создана.",
  "config.center": "Центр",
  "config.rooms": "Аудитории",
  "config.room": "Аудитория",
  "config.seatCount": "Мест",
  "config.noRooms": "В этом центре пока нет аудиторий.",
  "config.newRoom": "Название новой аудитории",
  "config.addRoom": "Добавить аудиторию",
  "config.roomCreated": "Аудитория добавлена.",
  "config.seats": "Места",
  "config.noSeats": "Мест пока нет.",
  "config.seatPrefix": "Обозначение ряда",
  "config.seatPrefixHint": "Например, A: A-01, A-02…",
  "config.seatFrom": "С номера",
  "config.seatTo": "По номер",
  "config.addSeats": "Добавить места",
  "config.seatsAdded": "Места добавлены.",
  "config.slots": "Сеансы",
  "config.slotsNeedRoom": "Чтобы назначить сеанс, сначала добавьте аудиторию.",
  "config.date": "Дата",
  "config.time": "Время начала",
  "config.seatsOffered": "Мест предложено",
  "config.seatsOfferedHint": "В аудитории мест: {count}",
  "config.schedule": "Назначить сеанс",
  "config.slotCreated": "Сеанс назначен.",
  "config.seatsChanged": "Число мест изменено.",
  "config.cancelSlot": "Отменить сеанс",
  "config.cancelSlotTitle": "Отменить сеанс?",
  "config.cancelSlotLead":
    "Сеанс будет закрыт для записи. Это действие нельзя отменить.",
  "config.slotCancelled": "Сеанс отменён.",
  "config.bookedOf": "(записано: {booked})",
  "error.invalid_timezone":
    "Такого часового пояса нет (например, Asia/Almaty).",
  "error.duplicate_seat_label": "Одно обозначение места указано дважды.",
  "error.seat_label_taken": "В аудитории уже есть место с таким обозначением.",
  "error.invalid_cutoff":
    "Сроки записи и допуска опоздавших заданы в неверном порядке.",
  "error.starts_in_past": "Сеанс не может начинаться в прошлом.",
  "error.seats_exceed_room":
    "Нельзя предложить больше мест, чем есть в аудитории.",
  "error.room_busy": "В это время в аудитории назначен другой сеанс.",
  "error.slot_cancelled": "Сеанс отменён.",
  "error.seats_below_booked":
    "Нельзя предложить меньше мест, чем уже записано.",
  "error.slot_has_bookings": "На сеанс есть записи: сначала их нужно отменить.",
  "error.center_not_found": "Центр не найден.",
  "error.room_not_found": "Аудитория не найдена.",
  "error.program_not_found": "Программа не найдена.",
  "error.invalid_range":
    "Неверный период: конец должен быть после начала и не дальше года.",
  "error.generic": "Произошла ошибка. Попробуйте ещё раз.",
};

const en: Record<BaseKey, Message> = {
  "common.loading": "Loading…",
  "common.retry": "Try again",
  "common.refresh": "Refresh",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.skipToContent": "Skip to content",
  "common.breadcrumb": "You are here",
  "language.switch": "Interface language",

  "nav.public": "Main menu",
  "nav.book": "Book a test",
  "nav.myBooking": "My booking",
  "nav.verify": "Verify a certificate",
  "nav.console": "Console sections",
  "nav.slots": "Slots and rosters",
  "nav.staffBooking": "Book a candidate",
  "nav.accommodations": "Accommodations",

  "footer.about": "Synaq: testing for the civil service",
  "footer.consent": "Personal data consent, version {version}",
  "footer.staff": "Staff",
  "notFound.title": "Page not found",
  "notFound.lead": "Check the link or go back to the start page.",

  "portal.tagline": "Civil service testing",
  "portal.title": "Book a test",
  "portal.lead":
    "Choose the program, the center and the dates, then book a free time. It takes a few minutes.",
  "portal.step.search": "Choose the test and the dates",
  "portal.step.slot": "Choose a time",
  "portal.program": "Test program",
  "portal.allPrograms": "All programs",
  "portal.center": "Testing center",
  "portal.allCenters": "All centers",
  "portal.from": "From",
  "portal.to": "To",
  "portal.searching": "Searching for free times…",
  "portal.slotsFound": "Found: {count}",
  "portal.noSlots":
    "No free times in this period. Try other dates or another center.",
  "portal.room": "room",
  "portal.languages": "Test language",
  "portal.closed": "Booking closed",
  "portal.full": "Fully booked",
  "portal.freeSeats": { one: "{count} free seat", other: "{count} free seats" },
  "portal.selected": "Selected: {date}, {time}",
  "portal.continue": "Continue",
  "portal.haveBooking": "Already booked?",
  "portal.haveBookingLead":
    "Enter your booking number and code to see its status, download the receipt or cancel.",
  "portal.findBooking": "Find my booking",

  "testLanguage.kk": "Kazakh",
  "testLanguage.ru": "Russian",

  "booking.step.details": "Your details",
  "booking.step.candidate": "The candidate's details",
  "booking.selectedSlot": "Selected time: {date}, {time} ({offset}).",
  "booking.iin": "IIN",
  "booking.iinHint": "The 12 digits on the ID card",
  "booking.fullName": "Full name",
  "booking.fullNameHint": "As on the ID card",
  "booking.testLanguage": "Test language",
  "booking.phone": "Phone (optional)",
  "booking.phoneHint": "To reach you if the booking changes",
  "booking.consentTitle": "Consent to the processing of personal data",
  "booking.consentVersion": "Text version: {version}",
  "booking.consentAgree":
    "I have read this text and consent to the processing of my personal data",
  "booking.consentStaff":
    "The candidate has read this text and consented (confirmed by staff)",
  "booking.submit": "Book",
  "booking.submitStaff": "Book the candidate",
  "booking.failed": "The booking was not made",
  "booking.error.fullNameRequired": "Enter the full name.",
  "booking.error.languageRequired": "Choose the test language.",
  "booking.error.phone":
    "A phone number may contain only digits, spaces, brackets, hyphens and a leading +.",
  "booking.error.consentRequired": "Booking needs this consent.",
  "booking.error.checkField": "Check this field.",

  "iin.length": "An IIN has exactly 12 digits.",
  "iin.non_digit": "An IIN contains digits only.",
  "iin.century_digit": "The 7th digit (century and sex) must be 1 to 6.",
  "iin.birth_date": "The first six digits are not a real birth date (YYMMDD).",
  "iin.check_digit": "The last digit does not match the check digit: a typo?",
  "iin.no_check_digit":
    "No valid IIN starts with these 11 digits. Check the number.",

  "confirmation.title": "You are booked",
  "confirmation.titleStaff": "The candidate is booked",
  "confirmation.lead":
    "Your booking is saved. Download or print the receipt, and bring your ID card on the day of the test.",
  "confirmation.leadStaff":
    "The booking is saved. Print the receipt and hand it to the candidate with the code.",
  "confirmation.code": "Booking code",
  "confirmation.copy": "Copy the code",
  "confirmation.copied": "Copied",
  "confirmation.keepCode":
    "Keep this code: you need it to view or cancel the booking. It is shown only once and cannot be recovered.",
  "confirmation.receipt": "Download the receipt (PDF)",
  "confirmation.statusPage": "Booking status",
  "confirmation.print": "Print",
  "confirmation.another": "Make another booking",

  "facts.receiptNumber": "Receipt number",
  "facts.fullName": "Full name",
  "facts.iin": "IIN",
  "facts.program": "Program",
  "facts.testLanguage": "Test language",
  "facts.when": "Date and time",
  "facts.where": "Place",
  "facts.room": "Room",
  "facts.bookedAt": "Booked on",
  "facts.cancelledAt": "Cancelled on",
  "facts.consentVersion": "Consent version",

  "lookup.title": "Find a booking",
  "lookup.lead": "Enter the booking number and the code from your receipt.",
  "lookup.id": "Booking (receipt) number",
  "lookup.idHint": "At the top of the receipt",
  "lookup.code": "Booking code",
  "lookup.codeHint": "20 characters, for example ABCDE-FGHJK-MNPQR-STVWX",
  "lookup.submit": "Show the booking",
  "lookup.error.id": "Enter the booking number.",
  "lookup.error.code":
    "The code has 20 letters and digits. Check your receipt.",

  "status.title": "Booking status",
  "status.receiptNumber": "Receipt number",
  "status.current": "Current status",
  "status.booked": "Booked",
  "status.cancelled": "Cancelled",
  "status.admitted": "Admitted",
  "status.in_progress": "Test in progress",
  "status.completed": "Completed",
  "status.no_show": "Did not attend",
  "status.passed": "Passed",
  "status.notPassed": "The threshold was not reached",
  "status.document": "Document number",
  "status.cancel": "Cancel the booking",
  "status.cancelUntil": "You can cancel until {at}.",
  "status.cancelClosed": "Cancelling closed on {at}.",
  "status.confirmTitle": "Cancel this booking?",
  "status.confirmLead":
    "Your seat on {date} at {time} will be released. This cannot be undone.",
  "status.confirmYes": "Yes, cancel it",
  "status.confirmNo": "No, keep it",
  "status.cancelledNow": "The booking is cancelled",
  "status.cancelledNowLead":
    "The seat is released. You can book another time if you wish.",
  "status.cancelFailed": "The booking could not be cancelled",

  "verify.title": "Verify a certificate",
  "verify.lead":
    "Check that a testing certificate or reference is genuine, by its number or by its PDF file.",
  "verify.how": "How to check",
  "verify.byNumber": "By number",
  "verify.byPdf": "By PDF file",
  "verify.number": "Document number",
  "verify.numberHint": "For example, SYN-2026-7K3QW9HD2MX",
  "verify.birthDate.title": "The holder's birth date is needed",
  "verify.birthDate.lead":
    "{number} is a number in the old form. To check it, enter the document holder's birth date (the first six digits of the IIN).",
  "verify.birthDate.label": "Holder's birth date",
  "verify.birthDate.missing": "Enter the birth date.",
  "verify.error.too_many_misses":
    "Too many numbers from this address matched no document. Check the number on the paper and try again in 10 minutes.",
  "verify.check": "Check",
  "verify.checking": "Checking…",
  "verify.error.number": "Enter the document number.",
  "verify.pdf": "PDF file",
  "verify.pdfHint":
    "The signed PDF issued by Synaq. The file is sent only to be checked.",
  "verify.verdict.valid": "Valid",
  "verify.verdict.revoked": "Revoked",
  "verify.verdict.expired": "Expired",
  "verify.verdict.invalid": "Not valid",
  "verify.verdict.not_found": "Not found",
  "verify.notFoundLead":
    "No document numbered {number} was issued. Check the number.",
  "verify.kind.certificate": "Certificate of passing the test",
  "verify.kind.reference": "Reference on the test results",
  "verify.reasons": "Why it is not valid",
  "verify.reason.not_signed": "The file carries no digital signature.",
  "verify.reason.malformed_signature": "The digital signature is damaged.",
  "verify.reason.signature_invalid":
    "The digital signature is not valid: the file was changed.",
  "verify.reason.not_whole_document":
    "The signature does not cover the whole file: something was added after signing.",
  "verify.reason.signer_unknown":
    "The file was not signed with this testing center's key.",
  "verify.reason.payload_missing":
    "The document carries no signed verification data.",
  "verify.reason.payload_key_unknown":
    "The QR data is signed with a key this center does not know.",
  "verify.reason.payload_invalid":
    "The QR data's signature is not valid: it was changed.",
  "verify.reason.payload_mismatch": "The QR data names another document.",
  "verify.reason.sample":
    "This is a sample document, not an issued certificate.",
  "verify.reason.revoked": "The document was revoked.",
  "verify.reason.expired": "The document has expired.",
  "verify.reason.not_a_certificate":
    "This is a slot results protocol, not a certificate.",
  "verify.reason.document_unknown":
    "This center did not issue this file: it matches none of the issued documents.",
  "verify.qr.ok": "The QR code is genuine",
  "verify.qr.okLead":
    "The QR code's data is signed by the center and matches the registry.",
  "verify.qr.bad": "The QR code is not genuine",
  "verify.qr.badLead":
    "The QR code's signature does not verify. The document may be forged.",
  "verify.qr.mismatch": "The QR code does not match the registry",
  "verify.qr.mismatchLead":
    "The QR code's data differs from the registry record. The document may have been altered.",
  "verify.qr.unsupported": "The QR signature was not checked",
  "verify.qr.unsupportedLead":
    "This browser cannot check the QR signature. Rely on the registry data below.",
  "verify.sample": "Sample document",
  "verify.sampleLead":
    "This is a demonstration sample, not a real test result.",
  "verify.revokedAt": "Revoked on",
  "verify.revokedReason": "Reason",
  "verify.replacedBy": "Replaced by",
  "verify.holder": "Holder",
  "verify.result": "Result",
  "verify.passed": "Passed",
  "verify.notPassed": "Not passed",
  "verify.testedAt": "Tested on",
  "verify.issuedAt": "Issued on",
  "verify.validUntil": "Valid until",
  "verify.sectionPassed": "Threshold met",
  "verify.sectionNotPassed": "Threshold not met",
  "verify.another": "Check another document",

  "login.title": "Staff sign-in",
  "login.lead": "The console for testing center staff.",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Sign in",

  "console.tagline": "Testing center console",
  "console.signOut": "Sign out",
  "console.unavailable": "The console is unavailable",
  "console.welcome": "Welcome",
  "console.noSections": "This version has no sections for your role yet.",
  "console.notFound": "Page not found",
  "console.notFoundLead":
    "This page does not exist or your role cannot open it.",
  "role.administrator": "Test administrator",
  "role.operator": "Test operator",
  "role.manager": "Center manager",
  "role.reviewer": "Reviewer",
  "role.network-manager": "Network manager",
  "connection.connecting": "Connecting…",
  "connection.live": "Online",
  "connection.offline": "Offline",
  "storage.full.title": "The server cannot store data",
  "storage.full.body":
    "Redis is out of memory (REDIS_MAXMEMORY): answers and changes are refused. Kiosks keep answers on their computers and send them later. Tell the system administrator: raise the limit or free memory.",
  "storage.unreachable.title": "The server cannot reach its database",
  "storage.unreachable.body":
    "Redis does not answer; Synaq is restarting it. Kiosks keep answers on their computers and send them later.",

  "slots.title": "Slots and rosters",
  "slots.lead": "The center's test slots, today first.",
  "slots.center": "Center",
  "slots.noCenters": "There are no centers yet.",
  "slots.none": "No slots on the chosen days.",
  "slots.today": "Today",
  "slots.time": "Time",
  "slots.program": "Program",
  "slots.room": "Room",
  "slots.booked": "Booked",
  "slots.free": "Free",
  "slots.state": "State",
  "slots.actions": "Actions",
  "slots.roster": "Roster",
  "slotState.open": "Open for booking",
  "slotState.closed": "Booking closed",
  "slotState.underway": "Under way",
  "slotState.finished": "Finished",
  "slotState.cancelled": "Cancelled",

  "roster.title": "Roster",
  "roster.offered": "Seats offered",
  "roster.booked": "Booked",
  "roster.free": "Free",
  "roster.byStatus": "By status",
  "roster.filter": "Search by name or IIN",
  "roster.empty": "Nobody has booked this slot yet.",
  "roster.noMatch": "Nobody matches the search.",
  "roster.fullName": "Full name",
  "roster.status": "Status",
  "roster.accommodation": "Accommodation",
  "roster.extraMinutes": "+{minutes} min",
  "roster.source": "Booked via",
  "source.online": "Portal",
  "source.staff": "Staff",
  "source.import": "Roster import",

  "import.title": "Import a roster",
  "import.lead":
    "CSV columns: iin, fullName, language (kk or ru), phone (optional). The header line is optional. The whole file is booked, or none of it.",
  "import.file": "CSV file",
  "import.fileHint": "A UTF-8 encoded file",
  "import.paste": "Or paste the text",
  "import.pasteHint": "One candidate per line",
  "import.submit": "Import",
  "import.queued": "The roster is being processed",
  "import.queuedLead": "This takes a few seconds.",
  "import.done": "The roster is imported",
  "import.doneLead": "Booked: {count}.",
  "import.rejected": "The roster was refused",
  "import.rejectedLead":
    "Lines with errors: {count}. Fix them and import the file again; nobody was booked.",
  "import.report": "Report by line",
  "import.line": "Line",
  "import.outcome": "Outcome",
  "import.rowOk": "OK",
  "import.rowFailed": "Error",

  "staffBooking.title": "Book a candidate",
  "staffBooking.lead":
    "Booking at the testing center's desk. Make sure the candidate has read the consent text; at the end, print the receipt and hand it over with the code.",

  "accommodations.title": "Accommodations",
  "accommodations.lead":
    "Extra time is set on the person's IIN and applies to every booking they hold.",
  "accommodations.find": "Find",
  "accommodations.current": "Approved accommodation",
  "accommodations.none": "No accommodation is approved for this IIN.",
  "accommodations.removed": "The accommodation was removed.",
  "accommodations.add": "Add an accommodation",
  "accommodations.edit": "Change it",
  "accommodations.extraMinutes": "Extra time, minutes",
  "accommodations.extraMinutesHint": "0 to {max}",
  "accommodations.approvedBy": "Approved by",
  "accommodations.approvedByHint":
    "For example, the number and date of the commission's decision",
  "accommodations.note": "Note for the test administrator",
  "accommodations.noteHint": "For example, large print, a front-row seat",
  "accommodations.setBy": "Entered by",
  "accommodations.setAt": "Entered on",
  "accommodations.remove": "Remove",
  "accommodations.removeTitle": "Remove the accommodation?",
  "accommodations.removeLead":
    "The extra time will no longer apply to this person's bookings.",
  "accommodations.error.minutes": "Enter a whole number from 0 to {max}.",
  "accommodations.error.approvedBy": "Say who approved it.",

  "error.network_error":
    "The server cannot be reached. Check your connection and try again.",
  "error.internal_error":
    "Something went wrong on our side. Try again shortly.",
  "error.rate_limited": "Too many requests. Wait a minute and try again.",
  "error.login_failed": "Wrong username or password.",
  "error.csrf_failed": "The session is out of date. Reload the page.",
  "error.forbidden": "Your role does not allow this.",
  "error.unauthorized": "Sign in first.",
  "error.invalid_request": "Some data is not valid. Check the fields.",
  "error.payload_too_large": "The file is too large.",
  "error.slot_full": "This time is fully booked now. Choose another time.",
  "error.slot_closed": "Booking for this time has closed. Choose another time.",
  "error.slot_not_found": "This time no longer exists. Choose another one.",
  "error.program_mismatch": "This time belongs to another program.",
  "error.already_booked":
    "This IIN already holds a booking for this program. Cancel it first to book another time.",
  "error.invalid_iin": "This IIN is not valid. Check the number.",
  "error.consent_required":
    "Booking needs consent to the processing of personal data.",
  "error.language_not_offered":
    "This program is not given in the chosen language.",
  "error.cancel_closed":
    "This booking can no longer be cancelled. Contact the testing center.",
  "error.already_cancelled": "The booking is already cancelled.",
  "error.booking_not_found":
    "No booking has this number and code. Check both on your receipt.",
  "error.certificate_not_found": "There is no document with this number.",
  "error.accommodation_not_found": "This IIN has no accommodation.",
  "error.import_not_found": "This import was not found.",
  "error.invalid_csv": "The file could not be read as CSV.",
  "error.invalid_row": "The line has a wrong number of columns.",
  "error.invalid_full_name": "The full name is missing or too long.",
  "error.invalid_language": "The language must be kk or ru.",
  "error.invalid_phone": "The phone number is not valid.",
  "error.duplicate_in_file": "This IIN appears twice in the file.",
  "nav.config": "Configuration",
  "config.title": "Configuration",
  "config.keys": "Document signing keys",
  "config.keysLead":
    "The keys that sign certificates and references. A real center configures its own PKCS#12 (CERT_P12_PATH) and QR key (CERT_QR_KEY_PATH).",
  "config.keySigning": "PDF signature",
  "config.keyQr": "QR code signature",
  "config.keySource.configured": "Configured",
  "config.keySource.generated": "Generated here",
  "config.keySubject": "Subject",
  "config.keyValidUntil": "Valid until",
  "config.keyId": "Key id",
  "config.keyFingerprint": "Fingerprint (SHA-256)",
  "config.keyGeneratedHint":
    'A key "generated here" was made by Synaq under DATA_DIR/keys, not given by the center: for a real center see the README\'s Production section.',
  "config.lead": "Centers, rooms, seats and the slots open for booking.",
  "config.centers": "Testing centers",
  "config.addCenter": "Add a center",
  "config.name": "Name",
  "config.address": "Address",
  "config.timezone": "Time zone",
  "config.timezoneHint": "IANA name, for example Asia/Almaty",
  "config.nameIn.kk": "Name (Kazakh)",
  "config.nameIn.ru": "Name (Russian)",
  "config.nameIn.en": "Name (English)",
  "config.addressIn.kk": "Address (Kazakh)",
  "config.addressIn.ru": "Address (Russian)",
  "config.addressIn.en": "Address (English)",
  "config.create": "Create",
  "config.accounts": "Staff accounts",
  "config.accountsLead":
    "Every staff member signs in with their own account; the role decides what they see and may do.",
  "config.addAccount": "Add an account",
  "config.username": "Username",
  "config.fullName": "Full name",
  "config.role": "Role",
  "config.password": "Initial password",
  "config.passwordHint":
    "At least 12 characters, not a common password; hand it over in person.",
  "config.usernameHint": "3–40 characters: a–z, 0–9, dot, hyphen",
  "config.active": "Active",
  "config.accountCreated": "Account created.",
  "config.center": "Center",
  "config.rooms": "Rooms",
  "config.room": "Room",
  "config.seatCount": "Seats",
  "config.noRooms": "This center has no rooms yet.",
  "config.newRoom": "New room's name",
  "config.addRoom": "Add a room",
  "config.roomCreated": "The room was added.",
  "config.seats": "Seats",
  "config.noSeats": "No seats yet.",
  "config.seatPrefix": "Row prefix",
  "config.seatPrefixHint": "For example A: A-01, A-02…",
  "config.seatFrom": "From number",
  "config.seatTo": "To number",
  "config.addSeats": "Add seats",
  "config.seatsAdded": "The seats were added.",
  "config.slots": "Slots",
  "config.slotsNeedRoom": "Add a room first to schedule a slot.",
  "config.date": "Date",
  "config.time": "Start time",
  "config.seatsOffered": "Seats offered",
  "config.seatsOfferedHint": "The room has {count} seats",
  "config.schedule": "Schedule the slot",
  "config.slotCreated": "The slot was scheduled.",
  "config.seatsChanged": "The number of seats was changed.",
  "config.cancelSlot": "Cancel the slot",
  "config.cancelSlotTitle": "Cancel this slot?",
  "config.cancelSlotLead":
    "The slot will close for booking. This cannot be undone.",
  "config.slotCancelled": "The slot was cancelled.",
  "config.bookedOf": "({booked} booked)",
  "error.invalid_timezone":
    "There is no such time zone (for example Asia/Almaty).",
  "error.duplicate_seat_label": "A seat label is given twice.",
  "error.seat_label_taken": "The room already has a seat with this label.",
  "error.invalid_cutoff":
    "The booking and late-admission cutoffs are out of order.",
  "error.starts_in_past": "A slot cannot start in the past.",
  "error.seats_exceed_room": "That is more seats than the room has.",
  "error.room_busy": "The room holds another slot at that time.",
  "error.slot_cancelled": "The slot is cancelled.",
  "error.seats_below_booked": "That is fewer seats than are already booked.",
  "error.slot_has_bookings":
    "The slot holds bookings; they must be cancelled first.",
  "error.center_not_found": "The center was not found.",
  "error.room_not_found": "The room was not found.",
  "error.program_not_found": "The program was not found.",
  "error.invalid_range":
    "The period is not valid: the end must follow the start, at most a year later.",
  "error.generic": "Something went wrong. Try again.",
};

/**
 * The exam-day screens' strings are added by i18n-delivery.ts when the
 * console chunk loads (registerMessages), so the public pages do not
 * carry them.
 */
export const DICTIONARIES = { kk, ru, en } as Record<UiLanguage, Dictionary>;

/** Adds a lazily loaded chunk's strings to every language. */
export function registerMessages(
  extra: Record<UiLanguage, Partial<Record<MessageKey, Message>>>,
): void {
  for (const language of UI_LANGUAGES) {
    Object.assign(DICTIONARIES[language], extra[language]);
  }
}

const STORAGE_KEY = "synaq.language";

function initialLanguage(): UiLanguage {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && (UI_LANGUAGES as readonly string[]).includes(stored)) {
      return stored as UiLanguage;
    }
  } catch {
    // Storage unavailable (private mode): Kazakh, the default.
  }
  return "kk";
}

export type Values = Record<string, string | number>;

interface I18n {
  language: UiLanguage;
  setLanguage: (language: UiLanguage) => void;
  /** The message in the current language, `{name}` filled from `values`. */
  t: (key: MessageKey, values?: Values) => string;
  /** A server-provided `{ kk, ru, en }` text in the current language. */
  localized: (text: Partial<Record<UiLanguage, string>> | undefined) => string;
  /**
   * An error in the current language: a known server `id` gets our own
   * wording, an unknown one keeps the server's message.
   */
  errorText: (error: unknown) => string;
}

function hasKey(dictionary: Dictionary, key: string): key is MessageKey {
  return Object.hasOwn(dictionary, key);
}

function fill(template: string, values: Values | undefined): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** Builds `t` and friends for one language; pure, so tests can use it. */
export function translator(language: UiLanguage): Omit<I18n, "setLanguage"> {
  const dictionary = DICTIONARIES[language];
  const plurals = new Intl.PluralRules(intlLocale(language));
  const t = (key: MessageKey, values?: Values): string => {
    const message = dictionary[key] as Message | undefined;
    // A console key before its chunk registered: show the key, not a crash.
    if (message === undefined) return key;
    if (typeof message === "string") return fill(message, values);
    const count = Number(values?.count ?? 0);
    return fill(message[plurals.select(count)] ?? message.other, values);
  };
  return {
    language,
    t,
    localized: (text) => text?.[language] || text?.ru || text?.en || "",
    errorText: (error) => {
      const known =
        error instanceof ApiError
          ? error
          : typeof error === "object" &&
              error !== null &&
              typeof (error as { id?: unknown }).id === "string"
            ? (error as { id: string; message?: unknown })
            : null;
      if (known) {
        const key = `error.${known.id}`;
        if (hasKey(dictionary, key)) return t(key);
        if (typeof known.message === "string" && known.message) {
          return known.message;
        }
      }
      return t("error.generic");
    },
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState(initialLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: UiLanguage) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered; the switch still applies now.
    }
  }, []);

  const value = useMemo<I18n>(
    () => ({ ...translator(language), setLanguage }),
    [language, setLanguage],
  );
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
