/**
 * The candidates' rights strings (the public information page, consent,
 * appeals on the status page and the reviewers' console screen) in Kazakh,
 * Russian and English; both apps register them. Kazakh is the reference:
 * Russian and English are typed by its keys, so a missing key does not
 * compile.
 */
import type { Message, Messages } from "./message";

const rightsKk = {
  "nav.info": "Тестілеу тәртібі",
  "nav.appeals": "Апелляциялар",

  "info.title": "Тестілеу қалай өтеді",
  "info.lead":
    "Толық және түсінікті ақпарат: тестілеу тәртібі мен мерзімдері, не алып келу керек, залда не тыйым салынған, нәтиже құжаттары, апелляция және қолжетімділік.",
  "info.program": "Бағдарлама",
  "info.center": "Тестілеу орталығы",
  "info.procedure": "Тәртіп қадам-қадаммен",
  "info.step.booking": "Жазылу",
  "info.step.bookingText":
    "Порталда (шамамен 5 минут) немесе орталықта қызметкердің көмегімен (30 минутқа дейін): орынды, күнді және уақытты таңдаңыз. Түбіртек пен жазылу коды беріледі; жазылудан жазылу мерзімі біткенге дейін бас тартуға болады.",
  "info.step.admission": "Кіру",
  "info.step.admissionText":
    "Түбіртекте көрсетілген уақытта келіңіз. Әкімші ЖСН көрсетілген жеке куәлікті тізіммен салыстырады — 10 минутқа дейін. Ертерек кірсеңіз, тест басталатын уақытқа дейін орныңызда күтесіз (орталық ертерек бастауға рұқсат етпесе); бұл күту нұсқаулыққа есептелмейді.",
  "info.step.instructions": "Нұсқаулық",
  "info.step.instructionsText":
    "Тестілеу әкімшісінің нұсқаулығы — {minutes} минутқа дейін.",
  "info.step.test": "Тест",
  "info.step.testText":
    "{questions} сұрақ, {minutes} минут. Уақытты сервер санайды; әр жауап берілген сәтте сақталады.",
  "info.step.results": "Нәтиже",
  "info.step.resultsText":
    "Нәтижеге тестілеу әкімшісі мен операторы қол қояды; сертификат немесе анықтама тест аяқталғаннан кейін 30 минут ішінде беріледі.",
  "info.step.appeal": "Апелляция",
  "info.step.appealText":
    "Нәтиже ресми болғаннан кейін {days} жұмыс күні ішінде жазылу мәртебесі бетінен (жазылу коды арқылы).",
  "info.sections": "Бөлімдер мен өту шегі",
  "info.section": "{title}: {questions} сұрақ, кемінде {min} дұрыс жауап",
  "info.total":
    "Барлығы {questions} сұрақ; өту үшін кемінде {min} дұрыс жауап және әр бөлімнің шегі",
  "info.languages": "Тест тілі: {languages}",
  "info.bring": "Не алып келу керек",
  "info.bringText":
    "ЖСН көрсетілген жеке басын куәландыратын құжат (жеке куәлік немесе паспорт). Түбіртек міндетті емес: әкімші ЖСН бойынша табады.",
  "info.forbidden": "Залда не тыйым салынған",
  "info.forbiddenText":
    "Телефон, смарт-сағат, құлаққап және кез келген электрондық құрылғылар (кіреберісте шкафқа қалдырылады), жазбалар мен кітаптар, басқа үміткерлермен сөйлесу, тест кезінде залдан рұқсатсыз шығу. Зал бейнеге түсіріледі.",
  "info.documents": "Нәтиже құжаттары",
  "info.documentsText":
    "Өту шегіне жетсеңіз — сертификат, жетпесеңіз — нәтижелері көрсетілген анықтама. Екеуі де орталықтың электрондық қолтаңбасымен қол қойылған PDF; нөмірі немесе QR-код арқылы кез келген адам тексере алады.",
  "info.appeal": "Апелляция беру",
  "info.appealText":
    "Сұрақ қате болса, техникалық ақау болса немесе тестілеу ережесі бұзылса, нәтиже ресми болғаннан кейін {days} жұмыс күні ішінде (сенбі мен жексенбі есептелмейді) жазылу мәртебесі бетінде апелляция беріңіз. Әр кезеңі сол бетте көрінеді: берілді → қаралуда → шешім.",
  "info.centerTitle": "Орталық",
  "info.address": "Мекенжайы",
  "info.schedule": "Жұмыс уақыты",
  "info.noSchedule": "Жұмыс уақытын орталықтан нақтылаңыз.",
  "info.accessibility": "Қолжетімділік",
  "info.noAccessibility": "Орталық қолжетімділік туралы мәлімет бермеген.",
  "info.askAccommodation":
    "Қосымша уақыт немесе басқа жағдай қажет болса, орталыққа растайтын құжатпен алдын ала жүгініңіз: ол сіздің ЖСН-ге тіркеледі және әр тестке қолданылады.",
  "info.book": "Осы бағдарламаға жазылу",
  "info.choose": "Бағдарлама мен орталықты таңдаңыз.",

  "facts.consentCollectedBy": "Келісімді қабылдаған",
  "roster.consent": "Келісім, {version} нұсқасы",
  "status.retestOf":
    "Бұл — {id} жазылуы бойынша апелляциямен берілген қайта тестілеу.",
  "status.anonymized":
    "Сақтау мерзімі өткендіктен дербес деректер жойылды; құжат нөмірі әлі тексеріледі.",

  "appeal.title": "Апелляция",
  "appeal.windowOpen": "Нәтижеге {at} дейін апелляция беруге болады.",
  "appeal.windowClosed": "Апелляция беру мерзімі {at} аяқталды.",
  "appeal.notOfficial": "Нәтиже ресми болғаннан кейін апелляция беруге болады.",
  "appeal.alreadyOpen":
    "Апелляцияңыз қаралуда. Шешім шыққаннан кейін мерзім ішінде тағы біреуін беруге болады.",
  "appeal.grounds": "Негізі",
  "appeal.grounds.question_wrong": "Сұрақ қате",
  "appeal.grounds.technical_failure": "Техникалық ақау",
  "appeal.grounds.rules_breach": "Тестілеу ережесі бұзылды",
  "appeal.question": "Қай сұрақ",
  "appeal.questionOption": "{number}-сұрақ — {section}",
  "appeal.text": "Не болғанын жазыңыз",
  "appeal.textHint": "10–2000 таңба",
  "appeal.submit": "Апелляция беру",
  "appeal.filed": "Апелляция берілді. Оның кезеңдері осы бетте көрінеді.",
  "appeal.error.text": "Кемінде 10 таңба жазыңыз.",
  "appeal.error.question": "Сұрақты таңдаңыз.",
  "appeal.questionNumber": "{number}-сұрақ",
  "appeal.stage.filed": "Берілді",
  "appeal.stage.under_review": "Қаралуда",
  "appeal.stage.decided": "Шешім шықты",
  "appeal.decision.upheld": "Қанағаттандырылды",
  "appeal.decision.rejected": "Қабылданбады",
  "appeal.reason": "Себебі",
  "appeal.retest": "Қайта тестілеу тағайындалды:",
  "appeal.retestOpen": "{id} жазылуын ашу",
  "revision.title": "Нәтижеңіз қайта есептелді",
  "revision.text":
    "Жарамсыз деп танылған сұрақсыз: {correct} / {total}, {result}.",
  "revision.document": "Жаңа құжат: {number} ({old} орнына).",
  "revision.pending": "Жаңа құжат дайындалуда.",
  "revision.passed": "өтті",
  "revision.notPassed": "өтпеді",

  "appeals.title": "Апелляциялар",
  "appeals.lead":
    "Үміткерлердің апелляциялары: жауаптарды сұрақ бойынша және аудит журналын қарап, себебін көрсетіп шешім шығарыңыз.",
  "appeals.stats.filed": "Берілген",
  "appeals.stats.open": "Шешілмеген",
  "appeals.stats.upheld": "Қанағаттандырылған",
  "appeals.stats.rejected": "Қабылданбаған",
  "appeals.stats.itemsVoided": "Жарамсыз сұрақтар",
  "appeals.filtered": "{item} сұрағы бойынша апелляциялар",
  "appeals.clearFilter": "Барлығын көрсету",
  "appeals.none": "Апелляция жоқ.",
  "appeals.col.filed": "Берілген уақыты",
  "appeals.col.candidate": "Үміткер",
  "appeals.col.grounds": "Негізі",
  "appeals.col.status": "Кезеңі",
  "appeals.open": "Ашу",
  "appeals.back": "Апелляциялар тізіміне",
  "appeals.detail": "Апелляция",
  "appeals.text": "Үміткердің мәтіні",
  "appeals.result": "Нәтиже: {correct} / {total}",
  "appeals.document": "Құжат",
  "appeals.answers": "Жауаптар сұрақ бойынша",
  "appeals.col.number": "№",
  "appeals.col.question": "Сұрақ",
  "appeals.col.chosen": "Үміткердің жауабы",
  "appeals.col.key": "Кілт",
  "appeals.voided": "жарамсыз",
  "appeals.noAnswer": "жауап жоқ",
  "appeals.timeline": "Аудит журналы",
  "appeals.startReview": "Қарауға алу",
  "appeals.decide": "Шешім",
  "appeals.decision": "Шешімі",
  "appeals.upholdQuestion":
    "Қанағаттандыру: сұрақты жарамсыз деп тану, бәрін қайта есептеу",
  "appeals.upholdRetest": "Қанағаттандыру: қайта тестілеу тағайындау",
  "appeals.reject": "Қабылдамау",
  "appeals.retestSlot": "Қайта тестілеу сеансы",
  "appeals.noSlots": "Бұл бағдарламаның ашық сеансы жоқ.",
  "appeals.retestSlotId": "Немесе сеанс идентификаторы",
  "appeals.retestSlotIdHint":
    "Жазылу мерзімі өтіп кеткен сеанс үшін: қайта тестілеу оны айналып өтеді, бірақ орын саны шектеулі.",
  "appeals.submitDecision": "Шешімді жазу",
  "appeals.decidedBy": "Шешім шығарған: {name}",
  "appeals.affected": { other: "{count} әрекет қайта есептелді" },
  "appeals.readOnly": "Сіз тек тізім мен сандарды көре аласыз.",

  "error.appeal_window_closed": "Апелляция беру мерзімі аяқталды.",
  "error.appeal_not_official": "Нәтиже әлі ресми емес.",
  "error.appeal_already_open": "Бұл тест бойынша апелляция қаралып жатыр.",
  "error.appeal_item_required": "Қай сұрақ қате екенін таңдаңыз.",
  "error.appeal_item_not_on_form": "Бұл сұрақ сіздің тестіңізде болмаған.",
  "error.appeal_already_decided": "Бұл апелляция бойынша шешім шығарылған.",
  "error.retest_slot_required": "Қайта тестілеу сеансын таңдаңыз.",
};

export type RightsKey = keyof typeof rightsKk;
type RightsDictionary = Record<RightsKey, Message>;

const rightsRu: RightsDictionary = {
  "nav.info": "Порядок тестирования",
  "nav.appeals": "Апелляции",

  "info.title": "Как проходит тестирование",
  "info.lead":
    "Полная и понятная информация: порядок и сроки тестирования, что взять с собой, что запрещено в зале, документы о результате, апелляция и доступность.",
  "info.program": "Программа",
  "info.center": "Центр тестирования",
  "info.procedure": "Порядок по шагам",
  "info.step.booking": "Запись",
  "info.step.bookingText":
    "На портале (около 5 минут) или в центре с помощью сотрудника (до 30 минут): выберите место, день и время. Вы получите квитанцию и код записи; отменить запись можно до окончания записи.",
  "info.step.admission": "Допуск",
  "info.step.admissionText":
    "Приходите ко времени, указанному в квитанции. Администратор сверяет удостоверение личности с ИИН со списком — до 10 минут. Допущенные раньше ждут на своём месте до времени начала теста (если центр не разрешает начать раньше); это ожидание не входит в инструктаж.",
  "info.step.instructions": "Инструктаж",
  "info.step.instructionsText":
    "Инструктаж администратора тестирования — до {minutes} минут.",
  "info.step.test": "Тест",
  "info.step.testText":
    "{questions} вопросов, {minutes} минут. Время считает сервер; каждый ответ сохраняется в момент ответа.",
  "info.step.results": "Результат",
  "info.step.resultsText":
    "Результат подписывают администратор и оператор тестирования; сертификат или справка выдаются в течение 30 минут после окончания теста.",
  "info.step.appeal": "Апелляция",
  "info.step.appealText":
    "В течение {days} рабочих дней после того, как результат стал официальным, на странице статуса записи (по коду записи).",
  "info.sections": "Разделы и пороги",
  "info.section": "{title}: {questions} вопросов, не менее {min} правильных",
  "info.total":
    "Всего {questions} вопросов; для прохождения не менее {min} правильных и порог каждого раздела",
  "info.languages": "Язык теста: {languages}",
  "info.bring": "Что взять с собой",
  "info.bringText":
    "Документ, удостоверяющий личность, с ИИН (удостоверение личности или паспорт). Квитанция не обязательна: администратор найдёт вас по ИИН.",
  "info.forbidden": "Что запрещено в зале",
  "info.forbiddenText":
    "Телефоны, смарт-часы, наушники и любые электронные устройства (оставляются в шкафчике у входа), записи и книги, разговоры с другими кандидатами, выход из зала без разрешения во время теста. Зал записывается на видео.",
  "info.documents": "Документы о результате",
  "info.documentsText":
    "Если пороги достигнуты — сертификат, если нет — справка с результатами. Оба — PDF, подписанные электронной подписью центра; любой может проверить их по номеру или QR-коду.",
  "info.appeal": "Как подать апелляцию",
  "info.appealText":
    "Если вопрос некорректен, произошёл технический сбой или были нарушены правила тестирования, подайте апелляцию на странице статуса записи в течение {days} рабочих дней (суббота и воскресенье не считаются) после того, как результат стал официальным. Каждый этап виден там же: подана → на рассмотрении → решение.",
  "info.centerTitle": "Центр",
  "info.address": "Адрес",
  "info.schedule": "Часы работы",
  "info.noSchedule": "Уточните часы работы в центре.",
  "info.accessibility": "Доступность",
  "info.noAccessibility": "Центр не указал сведения о доступности.",
  "info.askAccommodation":
    "Если нужны дополнительное время или другие условия, заранее обратитесь в центр с подтверждающим документом: они закрепляются за вашим ИИН и применяются к каждому тесту.",
  "info.book": "Записаться на эту программу",
  "info.choose": "Выберите программу и центр.",

  "facts.consentCollectedBy": "Согласие принял(а)",
  "roster.consent": "Согласие, версия {version}",
  "status.retestOf":
    "Это повторное тестирование, назначенное по апелляции к записи {id}.",
  "status.anonymized":
    "Персональные данные удалены по истечении срока хранения; номер документа по-прежнему проверяется.",

  "appeal.title": "Апелляция",
  "appeal.windowOpen": "Подать апелляцию на результат можно до {at}.",
  "appeal.windowClosed": "Срок подачи апелляции истёк {at}.",
  "appeal.notOfficial":
    "Апелляцию можно подать, когда результат станет официальным.",
  "appeal.alreadyOpen":
    "Ваша апелляция рассматривается. После решения в пределах срока можно подать ещё одну.",
  "appeal.grounds": "Основание",
  "appeal.grounds.question_wrong": "Некорректный вопрос",
  "appeal.grounds.technical_failure": "Технический сбой",
  "appeal.grounds.rules_breach": "Нарушение правил тестирования",
  "appeal.question": "Какой вопрос",
  "appeal.questionOption": "Вопрос {number} — {section}",
  "appeal.text": "Опишите, что произошло",
  "appeal.textHint": "10–2000 символов",
  "appeal.submit": "Подать апелляцию",
  "appeal.filed": "Апелляция подана. Её этапы видны на этой странице.",
  "appeal.error.text": "Напишите не менее 10 символов.",
  "appeal.error.question": "Выберите вопрос.",
  "appeal.questionNumber": "Вопрос {number}",
  "appeal.stage.filed": "Подана",
  "appeal.stage.under_review": "На рассмотрении",
  "appeal.stage.decided": "Решение принято",
  "appeal.decision.upheld": "Удовлетворена",
  "appeal.decision.rejected": "Отклонена",
  "appeal.reason": "Обоснование",
  "appeal.retest": "Назначено повторное тестирование:",
  "appeal.retestOpen": "Открыть запись {id}",
  "revision.title": "Ваш результат пересчитан",
  "revision.text":
    "Без аннулированного вопроса: {correct} / {total}, {result}.",
  "revision.document": "Новый документ: {number} (вместо {old}).",
  "revision.pending": "Новый документ готовится.",
  "revision.passed": "пройден",
  "revision.notPassed": "не пройден",

  "appeals.title": "Апелляции",
  "appeals.lead":
    "Апелляции кандидатов: посмотрите ответы по вопросам и журнал аудита и примите решение с обоснованием.",
  "appeals.stats.filed": "Подано",
  "appeals.stats.open": "Не решено",
  "appeals.stats.upheld": "Удовлетворено",
  "appeals.stats.rejected": "Отклонено",
  "appeals.stats.itemsVoided": "Аннулировано вопросов",
  "appeals.filtered": "Апелляции по вопросу {item}",
  "appeals.clearFilter": "Показать все",
  "appeals.none": "Апелляций нет.",
  "appeals.col.filed": "Подана",
  "appeals.col.candidate": "Кандидат",
  "appeals.col.grounds": "Основание",
  "appeals.col.status": "Этап",
  "appeals.open": "Открыть",
  "appeals.back": "К списку апелляций",
  "appeals.detail": "Апелляция",
  "appeals.text": "Текст кандидата",
  "appeals.result": "Результат: {correct} / {total}",
  "appeals.document": "Документ",
  "appeals.answers": "Ответы по вопросам",
  "appeals.col.number": "№",
  "appeals.col.question": "Вопрос",
  "appeals.col.chosen": "Ответ кандидата",
  "appeals.col.key": "Ключ",
  "appeals.voided": "аннулирован",
  "appeals.noAnswer": "нет ответа",
  "appeals.timeline": "Журнал аудита",
  "appeals.startReview": "Взять на рассмотрение",
  "appeals.decide": "Решение",
  "appeals.decision": "Решение",
  "appeals.upholdQuestion":
    "Удовлетворить: аннулировать вопрос и пересчитать всех",
  "appeals.upholdRetest": "Удовлетворить: назначить повторное тестирование",
  "appeals.reject": "Отклонить",
  "appeals.retestSlot": "Сеанс повторного тестирования",
  "appeals.noSlots": "У этой программы нет открытых сеансов.",
  "appeals.retestSlotId": "Или идентификатор сеанса",
  "appeals.retestSlotIdHint":
    "Для сеанса, запись на который закрыта: повторное тестирование её обходит, но не число мест.",
  "appeals.submitDecision": "Записать решение",
  "appeals.decidedBy": "Решение принял(а): {name}",
  "appeals.affected": {
    one: "Пересчитана {count} попытка",
    few: "Пересчитаны {count} попытки",
    many: "Пересчитано {count} попыток",
    other: "Пересчитано {count} попытки",
  },
  "appeals.readOnly": "Вам доступны только список и показатели.",

  "error.appeal_window_closed": "Срок подачи апелляции истёк.",
  "error.appeal_not_official": "Результат ещё не официальный.",
  "error.appeal_already_open": "По этому тесту уже рассматривается апелляция.",
  "error.appeal_item_required": "Выберите, какой вопрос некорректен.",
  "error.appeal_item_not_on_form": "Этого вопроса не было в вашем тесте.",
  "error.appeal_already_decided": "По этой апелляции решение уже принято.",
  "error.retest_slot_required": "Выберите сеанс повторного тестирования.",
};

const rightsEn: RightsDictionary = {
  "nav.info": "How testing works",
  "nav.appeals": "Appeals",

  "info.title": "How the test works",
  "info.lead":
    "Full and clear information: the procedure and its time limits, what to bring, what is forbidden in the hall, the result documents, appeals and accessibility.",
  "info.program": "Program",
  "info.center": "Testing center",
  "info.procedure": "The procedure step by step",
  "info.step.booking": "Booking",
  "info.step.bookingText":
    "On the portal (about 5 minutes) or with staff help at the center (up to 30 minutes): choose the place, day and time. You get a receipt and a booking code; you can cancel until booking closes.",
  "info.step.admission": "Admission",
  "info.step.admissionText":
    "Come at the time on your receipt. The administrator checks your ID document with the IIN against the list — up to 10 minutes. Admitted earlier, you wait at your seat until the test's start time (unless the center lets the test begin earlier); the wait is not part of the instructions.",
  "info.step.instructions": "Instructions",
  "info.step.instructionsText":
    "The test administrator's instructions — up to {minutes} minutes.",
  "info.step.test": "The test",
  "info.step.testText":
    "{questions} questions, {minutes} minutes. The server keeps the time; each answer is saved the moment you give it.",
  "info.step.results": "Result",
  "info.step.resultsText":
    "The test administrator and operator sign the result; the certificate or reference is issued within 30 minutes of the end of the test.",
  "info.step.appeal": "Appeal",
  "info.step.appealText":
    "Within {days} working days after the result becomes official, from your booking status page (with the booking code).",
  "info.sections": "Sections and thresholds",
  "info.section": "{title}: {questions} questions, at least {min} correct",
  "info.total":
    "{questions} questions in all; to pass, at least {min} correct and every section's threshold",
  "info.languages": "Test language: {languages}",
  "info.bring": "What to bring",
  "info.bringText":
    "An ID document with your IIN (ID card or passport). The receipt is not required: the administrator finds you by your IIN.",
  "info.forbidden": "What is forbidden in the hall",
  "info.forbiddenText":
    "Phones, smartwatches, earphones and any electronic devices (left in a locker at the entrance), notes and books, talking to other candidates, leaving the hall during the test without permission. The hall is video recorded.",
  "info.documents": "Result documents",
  "info.documentsText":
    "A certificate when you reach the thresholds, otherwise a reference with your results. Both are PDFs signed with the center's digital signature; anyone can verify them by number or QR code.",
  "info.appeal": "How to appeal",
  "info.appealText":
    "If a question is wrong, there was a technical failure or the testing rules were breached, appeal from your booking status page within {days} working days (Saturdays and Sundays do not count) after the result becomes official. Each stage shows there: filed → under review → decided.",
  "info.centerTitle": "Center",
  "info.address": "Address",
  "info.schedule": "Opening hours",
  "info.noSchedule": "Ask the center for its opening hours.",
  "info.accessibility": "Accessibility",
  "info.noAccessibility":
    "The center has not published accessibility information.",
  "info.askAccommodation":
    "If you need extra time or other arrangements, contact the center in advance with a supporting document: they are recorded on your IIN and apply to every test.",
  "info.book": "Book this program",
  "info.choose": "Choose a program and a center.",

  "facts.consentCollectedBy": "Consent collected by",
  "roster.consent": "Consent, version {version}",
  "status.retestOf": "This is a retest granted on appeal of booking {id}.",
  "status.anonymized":
    "Personal data was removed at the end of the retention period; the document number still verifies.",

  "appeal.title": "Appeal",
  "appeal.windowOpen": "You can appeal the result until {at}.",
  "appeal.windowClosed": "The appeal window closed on {at}.",
  "appeal.notOfficial": "You can appeal once the result is official.",
  "appeal.alreadyOpen":
    "Your appeal is under way. After its decision you can file another within the window.",
  "appeal.grounds": "Grounds",
  "appeal.grounds.question_wrong": "A question is wrong",
  "appeal.grounds.technical_failure": "Technical failure",
  "appeal.grounds.rules_breach": "Testing rules were breached",
  "appeal.question": "Which question",
  "appeal.questionOption": "Question {number} — {section}",
  "appeal.text": "Describe what happened",
  "appeal.textHint": "10–2000 characters",
  "appeal.submit": "File the appeal",
  "appeal.filed": "Your appeal is filed. Its stages show on this page.",
  "appeal.error.text": "Write at least 10 characters.",
  "appeal.error.question": "Choose the question.",
  "appeal.questionNumber": "Question {number}",
  "appeal.stage.filed": "Filed",
  "appeal.stage.under_review": "Under review",
  "appeal.stage.decided": "Decided",
  "appeal.decision.upheld": "Upheld",
  "appeal.decision.rejected": "Rejected",
  "appeal.reason": "Reason",
  "appeal.retest": "A retest was granted:",
  "appeal.retestOpen": "Open booking {id}",
  "revision.title": "Your result was re-scored",
  "revision.text":
    "Without the voided question: {correct} / {total}, {result}.",
  "revision.document": "New document: {number} (replaces {old}).",
  "revision.pending": "The new document is being prepared.",
  "revision.passed": "passed",
  "revision.notPassed": "not passed",

  "appeals.title": "Appeals",
  "appeals.lead":
    "Candidates' appeals: look at the answers item by item and the audit timeline, then decide with a reason.",
  "appeals.stats.filed": "Filed",
  "appeals.stats.open": "Open",
  "appeals.stats.upheld": "Upheld",
  "appeals.stats.rejected": "Rejected",
  "appeals.stats.itemsVoided": "Items voided",
  "appeals.filtered": "Appeals about question {item}",
  "appeals.clearFilter": "Show all",
  "appeals.none": "No appeals.",
  "appeals.col.filed": "Filed",
  "appeals.col.candidate": "Candidate",
  "appeals.col.grounds": "Grounds",
  "appeals.col.status": "Stage",
  "appeals.open": "Open",
  "appeals.back": "Back to the appeals",
  "appeals.detail": "Appeal",
  "appeals.text": "The candidate's text",
  "appeals.result": "Result: {correct} / {total}",
  "appeals.document": "Document",
  "appeals.answers": "Answers item by item",
  "appeals.col.number": "No.",
  "appeals.col.question": "Question",
  "appeals.col.chosen": "Candidate's answer",
  "appeals.col.key": "Key",
  "appeals.voided": "voided",
  "appeals.noAnswer": "no answer",
  "appeals.timeline": "Audit timeline",
  "appeals.startReview": "Take up for review",
  "appeals.decide": "Decision",
  "appeals.decision": "Decision",
  "appeals.upholdQuestion": "Uphold: void the question and re-score everyone",
  "appeals.upholdRetest": "Uphold: grant a retest",
  "appeals.reject": "Reject",
  "appeals.retestSlot": "Retest slot",
  "appeals.noSlots": "This program has no open slot.",
  "appeals.retestSlotId": "Or a slot id",
  "appeals.retestSlotIdHint":
    "For a slot whose booking has closed: a retest passes the cutoff, never the seat count.",
  "appeals.submitDecision": "Record the decision",
  "appeals.decidedBy": "Decided by {name}",
  "appeals.affected": {
    one: "{count} attempt re-scored",
    other: "{count} attempts re-scored",
  },
  "appeals.readOnly": "You can see the list and the numbers only.",

  "error.appeal_window_closed": "The appeal window has closed.",
  "error.appeal_not_official": "The result is not official yet.",
  "error.appeal_already_open": "An appeal on this test is already under way.",
  "error.appeal_item_required": "Choose which question is wrong.",
  "error.appeal_item_not_on_form": "That question was not on your test.",
  "error.appeal_already_decided": "This appeal is already decided.",
  "error.retest_slot_required": "Choose the retest slot.",
};

export const rightsMessages: Messages<RightsKey> = {
  kk: rightsKk,
  ru: rightsRu,
  en: rightsEn,
};
