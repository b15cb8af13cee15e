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

/**
 * Every string the kiosk shows, in Kazakh, Russian and English. `kk` is the
 * reference: the other two are typed `Record<MessageKey, string>`, so a
 * missing or extra key is a compile error.
 */
const kk = {
  "app.tagline": "Мемлекеттік қызметшілерді тестілеу",
  "language.switch": "Интерфейс тілі",
  "enroll.title": "Киоскіні тіркеу",
  "enroll.lead":
    "Тест операторы осы орынға бір реттік код береді. Кодты төмендегі өріске енгізіңіз.",
  "enroll.code": "Тіркеу коды",
  "enroll.codeHint": "8 әріп пен цифр, мысалы ABCD-2345",
  "enroll.submit": "Тіркеу",
  "enroll.revoked":
    "Бұл киоскінің тіркелуі тоқтатылды. Оператордан жаңа код сұраңыз.",
  "idle.wait": "Күте тұрыңыз",
  "idle.waitLead": "Тестті тест әкімшісі бастайды.",
  "idle.seat": "Орын",
  "idle.room": "Аудитория",
  "idle.center": "Тестілеу орталығы",
  "idle.serverTime": "Сервер уақыты",
  "idle.syncing": "Уақыт сервермен салыстырылуда…",
  "idle.checking": "Киоск тексерілуде…",
  "connection.live": "Серверге қосылған",
  "connection.connecting": "Серверге қосылуда…",
  "connection.offline": "Байланыс жоқ. Қайта қосылуда…",
  "common.retry": "Қайталау",
  "error.enrollment_code_invalid":
    "Бұл код белгісіз, пайдаланылған немесе мерзімі өткен. Оператордан жаңа код сұраңыз.",
  "error.enrollment_code_used":
    "Бұл кодты басқа киоск жаңа ғана пайдаланды. Оператордан жаңа код сұраңыз.",
  "error.kiosk_revoked":
    "Бұл киоскінің тіркелуі тоқтатылды. Оператордан жаңа код сұраңыз.",
  "error.seb_required":
    "Бұл орталықта тест Safe Exam Browser-де орталықтың баптауларымен ғана өтеді. Операторды шақырыңыз.",
  "error.invalid_request":
    "Код толық емес. Оператордан алған кодты тексеріңіз.",
  "error.rate_limited": "Әрекет тым көп. Бір минут күтіп, қайталаңыз.",
  "error.network_error": "Сервермен байланыс жоқ. Желіні тексеріп, қайталаңыз.",
  "display.textSize": "Мәтін өлшемі",
  "display.size.normal": "Қалыпты мәтін",
  "display.size.large": "Үлкен мәтін",
  "display.size.larger": "Өте үлкен мәтін",
  "display.contrast": "Жоғары контраст",
  "testLanguage.kk": "қазақ тілі",
  "testLanguage.ru": "орыс тілі",
  "identity.title": "Бұл сізсіз бе?",
  "identity.lead": "Тест басталмас бұрын деректеріңізді тексеріңіз.",
  "identity.name": "Аты-жөні",
  "identity.program": "Бағдарлама",
  "identity.language": "Тест тілі",
  "identity.confirm": "Иә, бұл менмін",
  "identity.wrong":
    "Бірдеңе дұрыс болмаса, қолыңызды көтеріп, әкімшіні шақырыңыз.",
  "identity.startsAt": "Тест басталатын уақыт: {time}.",
  "identity.wait.administrator": "Әкімші тестті ертерек бастауы мүмкін.",
  "identity.wait.never":
    "Сағат {time} болғанда жалғастыра аласыз; ертерек тестті ешкім бастамайды.",
  "identity.wait.candidate":
    "Ертерек бастауға болады: деректеріңізді растап, нұсқаулықты оқыңыз.",
  "instructions.title": "Нұсқаулық",
  "instructions.endsIn": "Нұсқаулық аяқталуына дейін",
  "instructions.sections": "Бөлімдер",
  "instructions.questions": "{n} сұрақ",
  "instructions.duration": "Тест ұзақтығы: {n} минут",
  "instructions.total": "Барлығы: {n} сұрақ",
  "instructions.totalStatements": "Барлығы: {n} тұжырым",
  "instructions.scaleTitle": "Жауап шкаласы",
  "instructions.rulesTitle": "Залдағы тәртіп",
  "instructions.ruleForbidden":
    "Телефон, жазба, кітап пайдалануға, сөйлесуге және рұқсатсыз орыннан тұруға тыйым салынады. Толық экраннан шығу және басқа терезеге өту тіркеледі.",
  "instructions.ruleOneAtATime":
    "Сұрақтар бір-бірден көрсетіледі. Сол жақтағы тізім арқылы кез келген сұраққа өтуге болады.",
  "instructions.ruleFlag":
    "Сұрақты кейін қарау үшін белгілей аласыз: «Белгілеу» батырмасы немесе F пернесі.",
  "instructions.ruleSaving":
    "Әр жауап таңдалған сәтте сақталады; «Сақталды ✓» белгісі оны сервердің алғанын көрсетеді. Байланыс үзілсе, жауаптар осы киоскіде сақталып, кейін өздігінен жіберіледі.",
  "instructions.ruleKeyboard":
    "Пернетақта: 1–9 цифрлары жауапты таңдайды, ← және → сұрақтар арасында жылжытады, F белгілейді.",
  "instructions.ruleTime":
    "Қалған уақыт экранның жоғарғы жағында әрдайым көрінеді; уақытты сервер есептейді.",
  "instructions.ruleNoRightAnswers":
    "Мұнда дұрыс немесе бұрыс жауап жоқ: әр тұжырымның сізге қаншалықты сәйкес келетінін шкала бойынша бағалаңыз. Шынайы жауап беріңіз, бір тұжырымға ұзақ кідірмеңіз.",
  "instructions.ruleOneAtATimeStatements":
    "Тұжырымдар бір-бірден көрсетіледі. Сол жақтағы тізім арқылы кез келген тұжырымға өтуге болады.",
  "instructions.ruleFlagStatements":
    "Тұжырымды кейін қарау үшін белгілей аласыз: «Белгілеу» батырмасы немесе F пернесі.",
  "instructions.ruleKeyboardScale":
    "Пернетақта: 1–{max} цифрлары шкаладағы жауапты таңдайды, ← және → тұжырымдар арасында жылжытады, F белгілейді.",
  "instructions.read": "Ережелерді оқыдым және түсіндім",
  "instructions.start": "Тестті бастау",
  "instructions.autoStart":
    "Нұсқаулық уақыты біткенде тест өздігінен басталады.",
  "instructions.waitAdministrator":
    "Тестті әкімші бастайды. Күте тұрыңыз: нұсқаулық уақыты біткенде тест өздігінен басталады.",
  "timer.label": "Қалған уақыт",
  "timer.warningTen": "10 минут қалды",
  "timer.warningFive": "5 минут қалды",
  "timer.paused": "Уақыт тоқтатылды",
  "test.question": "{n}-сұрақ / {total}",
  "test.section": "Бөлім: {name}",
  "test.single": "Бір жауапты таңдаңыз",
  "test.multiple": "Барлық дұрыс жауаптарды таңдаңыз",
  "test.statement": "{n}-тұжырым, барлығы {total}",
  "test.likert": "Келісу дәрежеңізді таңдаңыз",
  "test.statements": "Тұжырымдар",
  "test.previous": "Алдыңғы",
  "test.next": "Келесі",
  "test.flag": "Белгілеу",
  "test.flagged": "Белгіленді",
  "test.finish": "Тестті аяқтау",
  "test.navigator": "Сұрақтар",
  "test.navAnswered": "жауап берілді",
  "test.navUnanswered": "жауап жоқ",
  "test.navFlagged": "белгіленді",
  "test.legendAnswered": "Жауап берілді",
  "test.legendFlagged": "Белгіленді",
  "test.legendCurrent": "Ағымдағы",
  "test.saved": "Сақталды ✓ {time}",
  "test.saving": "Сақталуда…",
  "test.kept": "Осы киоскіде сақталды, байланыс болғанда жіберіледі",
  "test.notSaved": "Сақталмады: {error}",
  "test.serverCannotSave":
    "Әзірге сақталмады: сервер қазір жауаптарды сақтай алмайды. Жауабыңыз осы компьютерде сақтаулы.",
  "test.offline":
    "Байланыс жоқ. Жауаптарыңыз осы киоскіде сақталады және байланыс қалпына келгенде өздігінен жіберіледі. Тестті жалғастыра беріңіз.",
  "test.keys": "1–9: таңдау · ← →: жылжу · F: белгілеу",
  "test.keysScale": "1–{max}: таңдау · ← →: жылжу · F: белгілеу",
  "submit.title": "Тестті аяқтайсыз ба?",
  "submit.lead": "Жібергеннен кейін жауаптарды өзгерту мүмкін емес.",
  "submit.unanswered": "Жауап берілмеген сұрақтар",
  "submit.flagged": "Белгіленген сұрақтар",
  "submit.unansweredStatements": "Жауап берілмеген тұжырымдар",
  "submit.flaggedStatements": "Белгіленген тұжырымдар",
  "submit.back": "Тестке оралу",
  "submit.confirm": "Жауаптарымды жіберу",
  "submit.unsent":
    "Кейбір жауаптар әлі жіберілмеді. Байланыс қалпына келгенше күтіңіз.",
  "finished.title": "Жауаптарыңыз жіберілді",
  "finished.expiredTitle": "Уақыт аяқталды",
  "finished.expiredLead": "Жауаптарыңыз өздігінен жіберілді.",
  "finished.at": "Жіберілген уақыты: {time}",
  "finished.answered": "Жауап берілді: {n} / {total}",
  "finished.answeredStatements": "Жауап берілген тұжырымдар: {n} / {total}",
  "finished.result": "Нәтижеңізді тест әкімшісі береді.",
  "paused.title": "Тест тоқтатылды",
  "paused.lead": "Уақыт тоқтатылды. Орныңызда отыра тұрыңыз.",
  "paused.reason": "Себебі: {reason}",
  "notice.added": "Уақытыңызға {amount} қосылды",
  "notice.credited":
    "Сервер ақаулығы кезінде жоғалған уақыт қайтарылды: {amount}",
  "notice.paused": "Тестті әкімші тоқтатты",
  "notice.resumed": "Тест жалғасады",
  "unit.minute.one": "{n} минут",
  "unit.minute.few": "{n} минут",
  "unit.minute.many": "{n} минут",
  "unit.minute.other": "{n} минут",
  "unit.second.one": "{n} секунд",
  "unit.second.few": "{n} секунд",
  "unit.second.many": "{n} секунд",
  "unit.second.other": "{n} секунд",
  "detached.title": "Сіз басқа орынға ауыстырылдыңыз",
  "detached.lead":
    "Әкімші көрсеткен орынға өтіңіз. Жауаптарыңыз бен уақытыңыз сақталған.",
  "voided.title": "Бұл тестті әкімші тоқтатты",
  "voided.lead": "Әкімшінің нұсқауын күтіңіз.",
  "fullscreen.title": "Толық экранға оралыңыз",
  "fullscreen.lead": "Тест толық экранда өтеді. Толық экраннан шығу тіркеледі.",
  "fullscreen.return": "Толық экранға оралу",
  "error.deadline_passed": "Уақыт аяқталды: жауаптар енді қабылданбайды.",
  "error.outage_pending":
    "Сервер іркілістен кейін қалпына келуде: жауап осы киоскіде сақталды және қайта жіберіледі.",
  "error.attempt_submitted": "Тест жіберілген: жауаптар енді қабылданбайды.",
  "error.unknown_option": "бұл жауап нұсқасы белгісіз",
  "error.unknown_item": "бұл сұрақ тестте жоқ",
  "error.invalid_answer": "жауап дұрыс жіберілмеді",
  "error.not_your_attempt": "бұл киоск басқа орынға байланған",
  "error.start_by_administrator": "Тестті әкімші бастайды.",
  "error.before_start_time": "Тест басталатын уақыт әлі келген жоқ.",
  "error.generic": "Қате шықты. Операторды шақырыңыз.",
};

export type MessageKey = keyof typeof kk;
type Dictionary = Record<MessageKey, string>;

const ru: Dictionary = {
  "app.tagline": "Тестирование государственных служащих",
  "language.switch": "Язык интерфейса",
  "enroll.title": "Регистрация киоска",
  "enroll.lead":
    "Оператор тестирования выдаёт одноразовый код для этого места. Введите его ниже.",
  "enroll.code": "Код регистрации",
  "enroll.codeHint": "8 букв и цифр, например ABCD-2345",
  "enroll.submit": "Зарегистрировать",
  "enroll.revoked":
    "Регистрация этого киоска отозвана. Попросите у оператора новый код.",
  "idle.wait": "Пожалуйста, подождите",
  "idle.waitLead": "Тест начнёт администратор тестирования.",
  "idle.seat": "Место",
  "idle.room": "Аудитория",
  "idle.center": "Центр тестирования",
  "idle.serverTime": "Время сервера",
  "idle.syncing": "Сверяем время с сервером…",
  "idle.checking": "Проверяем киоск…",
  "connection.live": "Подключено к серверу",
  "connection.connecting": "Подключение к серверу…",
  "connection.offline": "Нет связи. Переподключаемся…",
  "common.retry": "Повторить",
  "error.enrollment_code_invalid":
    "Код неизвестен, уже использован или истёк. Попросите у оператора новый код.",
  "error.enrollment_code_used":
    "Этот код только что использовал другой киоск. Попросите у оператора новый код.",
  "error.kiosk_revoked":
    "Регистрация этого киоска отозвана. Попросите у оператора новый код.",
  "error.seb_required":
    "В этом центре тест проходит только в Safe Exam Browser с настройками центра. Позовите оператора.",
  "error.invalid_request":
    "Код неполный. Проверьте код, полученный от оператора.",
  "error.rate_limited": "Слишком много попыток. Подождите минуту и повторите.",
  "error.network_error": "Нет связи с сервером. Проверьте сеть и повторите.",
  "display.textSize": "Размер текста",
  "display.size.normal": "Обычный текст",
  "display.size.large": "Крупный текст",
  "display.size.larger": "Очень крупный текст",
  "display.contrast": "Высокий контраст",
  "testLanguage.kk": "казахский язык",
  "testLanguage.ru": "русский язык",
  "identity.title": "Это вы?",
  "identity.lead": "Проверьте свои данные перед началом теста.",
  "identity.name": "ФИО",
  "identity.program": "Программа",
  "identity.language": "Язык теста",
  "identity.confirm": "Да, это я",
  "identity.wrong":
    "Если что-то неверно, поднимите руку и позовите администратора.",
  "identity.startsAt": "Тест начнётся в {time}.",
  "identity.wait.administrator": "Администратор может начать его раньше.",
  "identity.wait.never":
    "Продолжить можно в {time}; раньше тест никто не начнёт.",
  "identity.wait.candidate":
    "Можно начать раньше: подтвердите свои данные и прочитайте инструкцию.",
  "instructions.title": "Инструкция",
  "instructions.endsIn": "До конца инструкции",
  "instructions.sections": "Разделы",
  "instructions.questions": "{n} вопр.",
  "instructions.duration": "Продолжительность теста: {n} мин",
  "instructions.total": "Всего вопросов: {n}",
  "instructions.totalStatements": "Всего утверждений: {n}",
  "instructions.scaleTitle": "Шкала ответов",
  "instructions.rulesTitle": "Правила в зале",
  "instructions.ruleForbidden":
    "Запрещено пользоваться телефоном, записями, книгами, разговаривать и вставать с места без разрешения. Выход из полноэкранного режима и переход в другое окно фиксируются.",
  "instructions.ruleOneAtATime":
    "Вопросы показываются по одному. Перейти к любому вопросу можно по списку слева.",
  "instructions.ruleFlag":
    "Вопрос можно отметить, чтобы вернуться к нему позже: кнопка «Отметить» или клавиша F.",
  "instructions.ruleSaving":
    "Каждый ответ сохраняется в момент выбора; отметка «Сохранено ✓» значит, что сервер его получил. Если связь прервётся, ответы сохранятся на этом киоске и будут отправлены автоматически.",
  "instructions.ruleKeyboard":
    "Клавиатура: цифры 1–9 выбирают ответ, ← и → переходят между вопросами, F отмечает вопрос.",
  "instructions.ruleTime":
    "Оставшееся время всегда видно вверху экрана; время ведёт сервер.",
  "instructions.ruleNoRightAnswers":
    "Правильных и неправильных ответов здесь нет: оцените по шкале, насколько каждое утверждение относится к вам. Отвечайте искренне и не задерживайтесь долго на одном утверждении.",
  "instructions.ruleOneAtATimeStatements":
    "Утверждения показываются по одному. Перейти к любому утверждению можно по списку слева.",
  "instructions.ruleFlagStatements":
    "Утверждение можно отметить, чтобы вернуться к нему позже: кнопка «Отметить» или клавиша F.",
  "instructions.ruleKeyboardScale":
    "Клавиатура: цифры 1–{max} выбирают ответ на шкале, ← и → переходят между утверждениями, F отмечает утверждение.",
  "instructions.read": "Я прочитал(а) и понял(а) правила",
  "instructions.start": "Начать тест",
  "instructions.autoStart":
    "Когда время инструкции закончится, тест начнётся сам.",
  "instructions.waitAdministrator":
    "Тест начнёт администратор. Пожалуйста, подождите: когда время инструкции истечёт, тест начнётся сам.",
  "timer.label": "Осталось времени",
  "timer.warningTen": "Осталось 10 минут",
  "timer.warningFive": "Осталось 5 минут",
  "timer.paused": "Время остановлено",
  "test.question": "Вопрос {n} из {total}",
  "test.section": "Раздел: {name}",
  "test.single": "Выберите один ответ",
  "test.multiple": "Выберите все правильные ответы",
  "test.statement": "Утверждение {n} из {total}",
  "test.likert": "Выберите, насколько вы согласны",
  "test.statements": "Утверждения",
  "test.previous": "Назад",
  "test.next": "Далее",
  "test.flag": "Отметить",
  "test.flagged": "Отмечен",
  "test.finish": "Завершить тест",
  "test.navigator": "Вопросы",
  "test.navAnswered": "есть ответ",
  "test.navUnanswered": "нет ответа",
  "test.navFlagged": "отмечен",
  "test.legendAnswered": "Есть ответ",
  "test.legendFlagged": "Отмечен",
  "test.legendCurrent": "Текущий",
  "test.saved": "Сохранено ✓ {time}",
  "test.saving": "Сохраняется…",
  "test.kept": "Сохранено на этом киоске, будет отправлено при связи",
  "test.notSaved": "Не сохранено: {error}",
  "test.serverCannotSave":
    "Пока не сохранено: сервер сейчас не может сохранять ответы. Ваш ответ хранится на этом компьютере.",
  "test.offline":
    "Нет связи. Ваши ответы сохраняются на этом киоске и будут отправлены автоматически, когда связь восстановится. Продолжайте тест.",
  "test.keys": "1–9: выбор · ← →: переход · F: отметить",
  "test.keysScale": "1–{max}: выбор · ← →: переход · F: отметить",
  "submit.title": "Завершить тест?",
  "submit.lead": "После отправки изменить ответы будет нельзя.",
  "submit.unanswered": "Вопросы без ответа",
  "submit.flagged": "Отмеченные вопросы",
  "submit.unansweredStatements": "Утверждения без ответа",
  "submit.flaggedStatements": "Отмеченные утверждения",
  "submit.back": "Вернуться к тесту",
  "submit.confirm": "Отправить ответы",
  "submit.unsent":
    "Некоторые ответы ещё не отправлены. Подождите, пока восстановится связь.",
  "finished.title": "Ваши ответы отправлены",
  "finished.expiredTitle": "Время вышло",
  "finished.expiredLead": "Ваши ответы отправлены автоматически.",
  "finished.at": "Время отправки: {time}",
  "finished.answered": "Отвечено: {n} из {total}",
  "finished.answeredStatements": "Отвечено утверждений: {n} из {total}",
  "finished.result": "Результат вам выдаст администратор тестирования.",
  "paused.title": "Тест приостановлен",
  "paused.lead": "Время остановлено. Пожалуйста, оставайтесь на месте.",
  "paused.reason": "Причина: {reason}",
  "notice.added": "К вашему времени добавлено: {amount}",
  "notice.credited":
    "Время, потерянное из-за сбоя сервера, возвращено: {amount}",
  "notice.paused": "Тест приостановлен администратором",
  "notice.resumed": "Тест продолжается",
  "unit.minute.one": "{n} минута",
  "unit.minute.few": "{n} минуты",
  "unit.minute.many": "{n} минут",
  "unit.minute.other": "{n} минуты",
  "unit.second.one": "{n} секунда",
  "unit.second.few": "{n} секунды",
  "unit.second.many": "{n} секунд",
  "unit.second.other": "{n} секунды",
  "detached.title": "Вас пересадили на другое место",
  "detached.lead":
    "Пройдите на место, которое укажет администратор. Ваши ответы и время сохранены.",
  "voided.title": "Администратор прекратил этот тест",
  "voided.lead": "Дождитесь указаний администратора.",
  "fullscreen.title": "Вернитесь в полноэкранный режим",
  "fullscreen.lead":
    "Тест проходит в полноэкранном режиме. Выход из него фиксируется.",
  "fullscreen.return": "Вернуться в полноэкранный режим",
  "error.deadline_passed": "Время вышло: ответы больше не принимаются.",
  "error.outage_pending":
    "Сервер восстанавливается после сбоя: ответ сохранён на этом киоске и будет отправлен снова.",
  "error.attempt_submitted": "Тест отправлен: ответы больше не принимаются.",
  "error.unknown_option": "такого варианта ответа нет",
  "error.unknown_item": "такого вопроса нет в тесте",
  "error.invalid_answer": "ответ отправлен неверно",
  "error.not_your_attempt": "этот киоск привязан к другому месту",
  "error.start_by_administrator": "Тест начнёт администратор.",
  "error.before_start_time": "Время начала теста ещё не наступило.",
  "error.generic": "Произошла ошибка. Позовите оператора.",
};

const en: Dictionary = {
  "app.tagline": "Civil service testing",
  "language.switch": "Interface language",
  "enroll.title": "Enroll this kiosk",
  "enroll.lead":
    "The test operator gives a one-time code for this seat. Type it below.",
  "enroll.code": "Enrollment code",
  "enroll.codeHint": "8 letters and digits, for example ABCD-2345",
  "enroll.submit": "Enroll",
  "enroll.revoked":
    "This kiosk's enrollment was revoked. Ask the operator for a new code.",
  "idle.wait": "Please wait",
  "idle.waitLead": "The test administrator will start your test.",
  "idle.seat": "Seat",
  "idle.room": "Room",
  "idle.center": "Testing center",
  "idle.serverTime": "Server time",
  "idle.syncing": "Synchronising with the server clock…",
  "idle.checking": "Checking this kiosk…",
  "connection.live": "Connected to the server",
  "connection.connecting": "Connecting to the server…",
  "connection.offline": "No connection. Reconnecting…",
  "common.retry": "Try again",
  "error.enrollment_code_invalid":
    "This code is unknown, used or expired. Ask the operator for a new one.",
  "error.enrollment_code_used":
    "Another kiosk has just used this code. Ask the operator for a new one.",
  "error.kiosk_revoked":
    "This kiosk's enrollment was revoked. Ask the operator for a new code.",
  "error.seb_required":
    "At this center the test runs only in Safe Exam Browser with the center's settings. Call the operator.",
  "error.invalid_request":
    "The code is incomplete. Check the code the operator gave you.",
  "error.rate_limited": "Too many attempts. Wait a minute and try again.",
  "error.network_error":
    "The server cannot be reached. Check the network and try again.",
  "display.textSize": "Text size",
  "display.size.normal": "Normal text",
  "display.size.large": "Large text",
  "display.size.larger": "Larger text",
  "display.contrast": "High contrast",
  "testLanguage.kk": "Kazakh",
  "testLanguage.ru": "Russian",
  "identity.title": "Is this you?",
  "identity.lead": "Check your details before the test begins.",
  "identity.name": "Full name",
  "identity.program": "Program",
  "identity.language": "Language of the test",
  "identity.confirm": "Yes, this is me",
  "identity.wrong":
    "If anything is wrong, raise your hand and call the administrator.",
  "identity.startsAt": "The test starts at {time}.",
  "identity.wait.administrator": "Your administrator may start it earlier.",
  "identity.wait.never": "You can go on at {time}; nobody starts it earlier.",
  "identity.wait.candidate":
    "You may begin earlier: confirm your details and read the instructions.",
  "instructions.title": "Instructions",
  "instructions.endsIn": "Instructions end in",
  "instructions.sections": "Sections",
  "instructions.questions": "{n} questions",
  "instructions.duration": "Duration of the test: {n} minutes",
  "instructions.total": "In all: {n} questions",
  "instructions.totalStatements": "In all: {n} statements",
  "instructions.scaleTitle": "The answer scale",
  "instructions.rulesTitle": "Rules of the hall",
  "instructions.ruleForbidden":
    "Phones, notes, books, talking and leaving your seat without permission are forbidden. Leaving full screen or switching to another window is recorded.",
  "instructions.ruleOneAtATime":
    "Questions are shown one at a time. The list on the left takes you to any question.",
  "instructions.ruleFlag":
    "You can flag a question to come back to it: the Flag button or the F key.",
  "instructions.ruleSaving":
    "Each answer is saved the moment you choose it; “Saved ✓” means the server has it. If the network drops, answers are kept on this kiosk and sent automatically.",
  "instructions.ruleKeyboard":
    "Keyboard: digits 1–9 choose an answer, ← and → move between questions, F flags.",
  "instructions.ruleTime":
    "The time left is always shown at the top; the server keeps the time.",
  "instructions.ruleNoRightAnswers":
    "There are no right or wrong answers: rate on the scale how far each statement is true of you. Answer honestly and do not dwell on any one statement.",
  "instructions.ruleOneAtATimeStatements":
    "Statements are shown one at a time. The list on the left takes you to any statement.",
  "instructions.ruleFlagStatements":
    "You can flag a statement to come back to it: the Flag button or the F key.",
  "instructions.ruleKeyboardScale":
    "Keyboard: digits 1–{max} choose a point of the scale, ← and → move between statements, F flags.",
  "instructions.read": "I have read and understood the rules",
  "instructions.start": "Start the test",
  "instructions.autoStart":
    "When the instructions time ends, the test starts by itself.",
  "instructions.waitAdministrator":
    "The administrator will start the test. Please wait: when the instructions' time runs out, it starts by itself.",
  "timer.label": "Time left",
  "timer.warningTen": "10 minutes left",
  "timer.warningFive": "5 minutes left",
  "timer.paused": "Time is stopped",
  "test.question": "Question {n} of {total}",
  "test.section": "Section: {name}",
  "test.single": "Choose one answer",
  "test.multiple": "Choose all correct answers",
  "test.statement": "Statement {n} of {total}",
  "test.likert": "Choose how far you agree",
  "test.statements": "Statements",
  "test.previous": "Previous",
  "test.next": "Next",
  "test.flag": "Flag for review",
  "test.flagged": "Flagged",
  "test.finish": "Finish the test",
  "test.navigator": "Questions",
  "test.navAnswered": "answered",
  "test.navUnanswered": "not answered",
  "test.navFlagged": "flagged",
  "test.legendAnswered": "Answered",
  "test.legendFlagged": "Flagged",
  "test.legendCurrent": "Current",
  "test.saved": "Saved ✓ {time}",
  "test.saving": "Saving…",
  "test.kept": "Kept on this kiosk, will be sent when connected",
  "test.notSaved": "Not saved: {error}",
  "test.serverCannotSave":
    "Not saved yet: the server cannot store answers right now. Your answer is kept on this computer.",
  "test.offline":
    "No connection. Your answers are kept on this kiosk and will be sent automatically when the connection returns. Carry on with the test.",
  "test.keys": "1–9: choose · ← →: move · F: flag",
  "test.keysScale": "1–{max}: choose · ← →: move · F: flag",
  "submit.title": "Finish the test?",
  "submit.lead": "Once submitted, answers cannot be changed.",
  "submit.unanswered": "Unanswered questions",
  "submit.flagged": "Flagged questions",
  "submit.unansweredStatements": "Statements not answered",
  "submit.flaggedStatements": "Flagged statements",
  "submit.back": "Back to the test",
  "submit.confirm": "Submit my answers",
  "submit.unsent":
    "Some answers have not been sent yet. Wait for the connection to return.",
  "finished.title": "Your answers have been submitted",
  "finished.expiredTitle": "Time is over",
  "finished.expiredLead": "Your answers were submitted automatically.",
  "finished.at": "Submitted at {time}",
  "finished.answered": "Answered: {n} of {total}",
  "finished.answeredStatements": "Statements answered: {n} of {total}",
  "finished.result": "The test administrator will hand you your result.",
  "paused.title": "The test is paused",
  "paused.lead": "Time is stopped. Please stay in your seat.",
  "paused.reason": "Reason: {reason}",
  "notice.added": "{amount} added to your time",
  "notice.credited": "Time lost to the server outage was given back: {amount}",
  "notice.paused": "The test is paused by the administrator",
  "notice.resumed": "The test continues",
  "unit.minute.one": "{n} minute",
  "unit.minute.few": "{n} minutes",
  "unit.minute.many": "{n} minutes",
  "unit.minute.other": "{n} minutes",
  "unit.second.one": "{n} second",
  "unit.second.few": "{n} seconds",
  "unit.second.many": "{n} seconds",
  "unit.second.other": "{n} seconds",
  "detached.title": "You were moved to another seat",
  "detached.lead":
    "Please go to the seat the administrator shows you. Your answers and time are kept.",
  "voided.title": "The administrator has ended this test",
  "voided.lead": "Please wait for the administrator's instructions.",
  "fullscreen.title": "Return to full screen",
  "fullscreen.lead": "The test runs in full screen. Leaving it is recorded.",
  "fullscreen.return": "Return to full screen",
  "error.deadline_passed": "Time is over: answers are no longer accepted.",
  "error.outage_pending":
    "The server is recovering from an outage: the answer is kept on this kiosk and sent again.",
  "error.attempt_submitted":
    "The test was submitted: answers are no longer accepted.",
  "error.unknown_option": "this answer option is unknown",
  "error.unknown_item": "this question is not in the test",
  "error.invalid_answer": "the answer was malformed",
  "error.not_your_attempt": "this kiosk is bound to another seat",
  "error.start_by_administrator": "The administrator will start the test.",
  "error.before_start_time": "The test's start time has not come yet.",
  "error.generic": "Something went wrong. Call the operator.",
};

export const DICTIONARIES: Record<UiLanguage, Dictionary> = { kk, ru, en };

const STORAGE_KEY = "synaq.kiosk.language";

function initialLanguage(): UiLanguage {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored && (UI_LANGUAGES as readonly string[]).includes(stored)) {
      return stored as UiLanguage;
    }
  } catch {
    // Storage unavailable: Kazakh, the default.
  }
  return "kk";
}

interface I18n {
  language: UiLanguage;
  setLanguage: (language: UiLanguage) => void;
  /** The message, with `{name}` placeholders filled from `values`. */
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  /** A server error id (`deadline_passed`) as a sentence. */
  errorIdText: (id: string) => string;
  /** An API error as a sentence in the current language. */
  errorText: (error: unknown) => string;
}

const I18nContext = createContext<I18n | null>(null);

function hasKey(dictionary: Dictionary, key: string): key is MessageKey {
  return Object.hasOwn(dictionary, key);
}

/** Fills `{name}` placeholders; unknown ones are left as they are. */
export function fill(
  template: string,
  values?: Record<string, string | number>,
): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

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

  const value = useMemo<I18n>(() => {
    const dictionary = DICTIONARIES[language];
    return {
      language,
      setLanguage,
      t: (key, values) => fill(dictionary[key], values),
      errorIdText: (id) => {
        const key = `error.${id}`;
        return hasKey(dictionary, key)
          ? dictionary[key]
          : dictionary["error.generic"];
      },
      errorText: (error) => {
        if (error instanceof ApiError) {
          const key = `error.${error.id}`;
          return hasKey(dictionary, key) ? dictionary[key] : error.message;
        }
        return dictionary["error.generic"];
      },
    };
  }, [language, setLanguage]);

  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
