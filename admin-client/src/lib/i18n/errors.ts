/**
 * The server's refusals that no area words itself, by their `id`, in
 * Kazakh, Russian and English: the portal and the console show these
 * instead of the server's English message. `errors.test.ts` fails when a
 * refusal id the server can return has no text in some area's file or
 * here. Placeholders come from the refusal's `details`.
 */
import type { Messages } from "./message";

const errorsKk = {
  "error.appeal_no_key":
    "Бұл бағалаудың тұжырымдарында дұрыс жауап жоқ: техникалық ақау немесе ереже бұзылуы бойынша шағымданыңыз.",
  "error.appeal_not_filed":
    "Апелляция бұдан былай берілген күйде емес: оны қарау басталған немесе шешім шыққан.",
  "error.appeal_not_found": "Мұндай апелляция жоқ.",
  "error.booking_code_in_url":
    "Жазылу кодын мекенжайда емес, тақырыпта жіберіңіз.",
  "error.document_purged":
    "Құжаттың файлы дербес деректерді сақтау мерзімі біткенде жойылды. Нөмірі әлі тексеріледі.",
  "error.email_required":
    "Жазылу туралы электрондық поштамен хабар алу үшін пошта мекенжайын көрсетіңіз.",
  "error.enrollment_code_invalid":
    "Тіркеу коды белгісіз, пайдаланылған немесе мерзімі өткен. Оператордан жаңасын сұраңыз.",
  "error.enrollment_code_used":
    "Бұл тіркеу кодын жаңа ғана басқа киоск пайдаланды.",
  "error.holder_birth_date_required":
    "Ескі үлгідегі нөмірлер (SYN-2026-000123) иесінің туған күнімен бірге тексеріледі: туған күнді көрсетіңіз.",
  "error.invalid_answer": "Жауап дұрыс емес пішінде жіберілді.",
  "error.invalid_birth_date": "Туған күн ЖЖЖЖ-АА-КК түрінде болуы керек.",
  "error.invalid_incident": "Оқиға туралы хабар дұрыс емес пішінде.",
  "error.invalid_request_id":
    "Сұраныс идентификаторы дұрыс емес. Бетті қайта жүктеп, қайталаңыз.",
  "error.invalid_scope":
    "Қолжетімділік аймағы дұрыс емес: желі менеджері бүкіл желіге қызмет етеді, ал орталықтар бар болуы керек.",
  "error.item_not_found":
    "Бұл жазба тізімде енді жоқ: ол осы уақытта өңделіп кеткен болуы мүмкін.",
  "error.message_anonymized":
    "Сақтау мерзімі біткенде бұл хабардың мекенжайы жойылды: оны қайта жіберу мүмкін емес.",
  "error.message_not_found": "Мұндай хабар жоқ.",
  "error.official_result_exists":
    "Бұл әрекеттің басқа ресми нәтижесі бар. Құжатын кері қайтарып, жаңа әрекет беріңіз.",
  "error.out_of_scope":
    "Бұл сіздің қолжетімділік аймағыңыздан тыс орталыққа жатады.",
  "error.pdf_required": "PDF файлының өзін жіберіңіз.",
  "error.phone_required":
    "Жазылу туралы SMS алу үшін телефон нөмірін көрсетіңіз.",
  "error.protocol_busy":
    "Хаттама әзірленіп жатыр. Бір минуттан кейін қайталаңыз.",
  "error.protocol_empty": "Бұл сеансқа әлі ресми нәтиже жоқ.",
  "error.replacement_is_same": "Құжат өзін-өзі алмастыра алмайды.",
  "error.replacement_not_found":
    "Алмастыратын құжат берілген құжаттардың арасында жоқ.",
  "error.request_already_done":
    "Бұл сұраныс орындалып қойған. Нәтижесін көру үшін бетті жаңартыңыз.",
  "error.request_id_reused":
    "Бұл сұраныс идентификаторы басқа сұраныс үшін пайдаланылған. Бетті жаңартып, қайталаңыз.",
  "error.request_unfinished":
    "Дәл осы сұраныс өңделуде немесе үзіліп қалды. Қайталамас бұрын бетті жаңартып, нәтижесін тексеріңіз.",
  "error.route_not_found": "Мұндай бет немесе әрекет жоқ.",
  "error.storage_full":
    "Сервер қазір ештеңе сақтай алмайды: дерекқоры толы. Ештеңе өзгерген жоқ, қызметкерлерге хабарланды. Бірнеше минуттан кейін қайталаңыз.",
  "error.storage_unavailable":
    "Сервер қазір дерекқорына қосыла алмай тұр. Сәлден кейін қайталаңыз.",
  "error.too_many_misses":
    "Бұл мекенжайдан тым көп нөмір ешбір құжатқа сәйкес келмеді. Қағаздағы нөмірді тексеріп, 10 минуттан кейін қайталаңыз.",
  "error.username_taken": "Бұл пайдаланушы аты бос емес.",
  "error.deadline_passed": "Тест уақыты бітті; жауап сақталмады.",
  "error.not_your_attempt": "Бұл киоск осы әрекетке байланыстырылмаған.",
  "error.outage_pending":
    "Сервер іркілістен кейін қалпына келуде; жауап киоскте сақталған және қайта жіберіледі.",
  "error.unknown_item": "Бұл сұрақ үміткердің нұсқасында жоқ.",
  "error.unknown_option": "Бұл жауап нұсқасы сұраққа жатпайды.",
  "error.archive_bad_slot_id": "Уақыт идентификаторы дұрыс емес.",
  "error.archive_busy":
    "Бұл уақыт қазір мұрағатталып немесе қалпына келтіріліп жатыр. Бір минуттан кейін қайталаңыз.",
  "error.archive_corrupt":
    "Мұрағат файлы тіркелген хэшке сәйкес келмейді. Әкімшіге хабарлаңыз: файлды сақтық көшірмеден қалпына келтіру керек.",
  "error.archive_not_found": "Бұл уақыттың мұрағаты жоқ.",
  "error.archive_slot_changed":
    "Уақыт мұрағат жазылғаннан кейін өзгерді: ол жаңа нұсқа ретінде қайта мұрағатталады.",
  "error.archive_version_exists":
    "Мұрағаттың бұл нұсқасы бұрыннан бар. Бір минуттан кейін қайталаңыз.",
  "error.document_file_missing":
    "Құжаттың файлы табылмады. Операторға хабарлаңыз: оны қайта шығару керек.",
  "error.document_not_found": "Мұндай нөмірлі құжат жоқ.",
  "error.slot_archiving":
    "Бұл уақыт қазір мұрағатталып жатыр. Бір минуттан кейін қайталаңыз.",
  "error.slot_not_archivable":
    "Бұл уақытты әлі мұрағаттауға болмайды: ол толық жабылмаған.",
  "error.slot_not_archived":
    "Бұл уақыт мұрағатталмаған: оның деректері жұмыс базасында.",
  "error.slot_not_restored":
    "Тек қалпына келтірілген уақыт қайта мұрағатталады.",
};

export type ErrorsKey = keyof typeof errorsKk;

const errorsRu: Record<ErrorsKey, string> = {
  "error.appeal_no_key":
    "У утверждений этой оценки нет правильных ответов: обжалуйте технический сбой или нарушение правил.",
  "error.appeal_not_filed":
    "Апелляция уже не в статусе «подана»: её рассмотрение начато или решение принято.",
  "error.appeal_not_found": "Такой апелляции нет.",
  "error.booking_code_in_url":
    "Передайте код записи в заголовке, а не в адресе.",
  "error.document_purged":
    "Файл документа удалён по истечении срока хранения персональных данных. Номер по-прежнему проверяется.",
  "error.email_required":
    "Укажите адрес электронной почты, чтобы получать сообщения о записи по почте.",
  "error.enrollment_code_invalid":
    "Код регистрации неизвестен, использован или истёк. Попросите у оператора новый.",
  "error.enrollment_code_used":
    "Этот код регистрации только что использовал другой киоск.",
  "error.holder_birth_date_required":
    "Номера старого образца (SYN-2026-000123) проверяются вместе с датой рождения владельца: укажите её.",
  "error.invalid_answer": "Ответ передан в неверном формате.",
  "error.invalid_birth_date": "Дата рождения должна быть в формате ГГГГ-ММ-ДД.",
  "error.invalid_incident": "Сообщение о происшествии в неверном формате.",
  "error.invalid_request_id":
    "Неверный идентификатор запроса. Перезагрузите страницу и повторите.",
  "error.invalid_scope":
    "Неверная зона доступа: менеджер сети обслуживает всю сеть, а центры должны существовать.",
  "error.item_not_found":
    "Этой записи больше нет в списке: возможно, она уже обработана.",
  "error.message_anonymized":
    "Адрес этого сообщения удалён по истечении срока хранения: отправить его снова нельзя.",
  "error.message_not_found": "Такого сообщения нет.",
  "error.official_result_exists":
    "У этой попытки уже есть другой официальный результат. Отзовите документ и выдайте новую попытку.",
  "error.out_of_scope": "Это относится к центру вне вашей зоны доступа.",
  "error.pdf_required": "Отправьте сам файл PDF.",
  "error.phone_required":
    "Укажите номер телефона, чтобы получать SMS о записи.",
  "error.protocol_busy": "Протокол готовится. Повторите через минуту.",
  "error.protocol_empty": "У этого сеанса ещё нет официальных результатов.",
  "error.replacement_is_same": "Документ не может заменить сам себя.",
  "error.replacement_not_found": "Заменяющего документа нет среди выданных.",
  "error.request_already_done":
    "Этот запрос уже выполнен. Обновите страницу, чтобы увидеть результат.",
  "error.request_id_reused":
    "Этот идентификатор запроса уже использован для другого запроса. Обновите страницу и повторите.",
  "error.request_unfinished":
    "Такой же запрос обрабатывается или был прерван. Обновите страницу и проверьте результат, прежде чем повторять.",
  "error.route_not_found": "Такой страницы или действия нет.",
  "error.storage_full":
    "Сервер сейчас не может ничего сохранить: база данных заполнена. Ничего не изменено, сотрудники оповещены. Повторите через несколько минут.",
  "error.storage_unavailable":
    "Сервер сейчас не может подключиться к базе данных. Повторите чуть позже.",
  "error.too_many_misses":
    "С этого адреса слишком много номеров не совпало ни с одним документом. Проверьте номер на бумаге и повторите через 10 минут.",
  "error.username_taken": "Это имя пользователя занято.",
  "error.deadline_passed": "Время теста истекло; ответ не сохранён.",
  "error.not_your_attempt": "Этот киоск не привязан к этой попытке.",
  "error.outage_pending":
    "Сервер восстанавливается после сбоя; ответ сохранён на киоске и будет отправлен снова.",
  "error.unknown_item": "Этого вопроса нет в варианте кандидата.",
  "error.unknown_option": "Этот вариант ответа не относится к вопросу.",
  "error.archive_bad_slot_id": "Неверный идентификатор времени.",
  "error.archive_busy":
    "Это время сейчас архивируется или восстанавливается. Повторите через минуту.",
  "error.archive_corrupt":
    "Файл архива не совпадает с записанным хешем. Сообщите администратору: файл нужно восстановить из резервной копии.",
  "error.archive_not_found": "У этого времени нет архива.",
  "error.archive_slot_changed":
    "Время изменилось после записи архива: оно будет заархивировано заново новой версией.",
  "error.archive_version_exists":
    "Эта версия архива уже существует. Повторите через минуту.",
  "error.document_file_missing":
    "Файл документа не найден. Сообщите оператору: его нужно выпустить заново.",
  "error.document_not_found": "Документа с таким номером нет.",
  "error.slot_archiving":
    "Это время сейчас архивируется. Повторите через минуту.",
  "error.slot_not_archivable":
    "Это время ещё нельзя архивировать: оно не закрыто полностью.",
  "error.slot_not_archived":
    "Это время не в архиве: его данные в рабочей базе.",
  "error.slot_not_restored":
    "Заново архивируется только восстановленное время.",
};

const errorsEn: Record<ErrorsKey, string> = {
  "error.appeal_no_key":
    "This assessment's statements have no right answers: appeal on a technical failure or a breach of the rules.",
  "error.appeal_not_filed":
    "The appeal is no longer filed: its review has started or it was decided.",
  "error.appeal_not_found": "There is no such appeal.",
  "error.booking_code_in_url":
    "Send the booking code in the header, not in the address.",
  "error.document_purged":
    "The document's file was deleted when its personal data reached the end of the retention period. The number still verifies.",
  "error.email_required":
    "Give an e-mail address to be told about the booking by e-mail.",
  "error.enrollment_code_invalid":
    "This enrollment code is unknown, used or expired. Ask the operator for a new one.",
  "error.enrollment_code_used":
    "This enrollment code was just used by another kiosk.",
  "error.holder_birth_date_required":
    "Numbers in the old form (SYN-2026-000123) are checked together with the holder's birth date: give it.",
  "error.invalid_answer": "The answer was sent in a malformed way.",
  "error.invalid_birth_date": "The birth date must be written as YYYY-MM-DD.",
  "error.invalid_incident": "The incident report is malformed.",
  "error.invalid_request_id":
    "The request id is invalid. Reload the page and try again.",
  "error.invalid_scope":
    "The scope is invalid: a network manager serves the whole network, and the centers must exist.",
  "error.item_not_found":
    "This item is no longer on the list: it may have gone through meanwhile.",
  "error.message_anonymized":
    "The retention purge removed this message's address: it cannot be sent again.",
  "error.message_not_found": "There is no such message.",
  "error.official_result_exists":
    "This attempt already has a different official result. Revoke its document and issue a new attempt instead.",
  "error.out_of_scope": "This belongs to a center outside your scope.",
  "error.pdf_required": "Send the PDF file itself.",
  "error.phone_required":
    "Give a phone number to be told about the booking by SMS.",
  "error.protocol_busy":
    "The protocol is being rendered. Try again in a minute.",
  "error.protocol_empty": "This slot has no official results yet.",
  "error.replacement_is_same": "A document cannot replace itself.",
  "error.replacement_not_found":
    "The replacement is not among the issued documents.",
  "error.request_already_done":
    "This request was already carried out. Reload to see its effect.",
  "error.request_id_reused":
    "This request id was already used for a different request. Reload the page and try again.",
  "error.request_unfinished":
    "The same request is being handled or was interrupted. Reload to see whether it took effect before doing it again.",
  "error.route_not_found": "There is no such page or action.",
  "error.storage_full":
    "The server cannot store anything right now: its database is full. Nothing was changed; staff are alerted. Try again in a few minutes.",
  "error.storage_unavailable":
    "The server cannot reach its database right now. Try again in a moment.",
  "error.too_many_misses":
    "Too many numbers from this address matched no document. Check the number on the paper and try again in 10 minutes.",
  "error.username_taken": "This username is taken.",
  "error.deadline_passed":
    "The time for this test is over; the answer was not saved.",
  "error.not_your_attempt": "This kiosk is not bound to that attempt.",
  "error.outage_pending":
    "The server is catching up after an outage; the answer is kept on the kiosk and sent again.",
  "error.unknown_item": "That question is not on this candidate's form.",
  "error.unknown_option": "That answer option does not belong to the question.",
  "error.archive_bad_slot_id": "The slot id is not valid.",
  "error.archive_busy":
    "This slot is being archived or restored. Try again in a minute.",
  "error.archive_corrupt":
    "The archive file does not match its recorded hash. Tell the administrator: the file must be restored from a backup.",
  "error.archive_not_found": "This slot has no archive.",
  "error.archive_slot_changed":
    "The slot changed after its archive was written: it is archived again as a new version.",
  "error.archive_version_exists":
    "This archive version already exists. Try again in a minute.",
  "error.document_file_missing":
    "The document's file is missing. Tell the operator: it must be issued again.",
  "error.document_not_found": "There is no document with this number.",
  "error.slot_archiving": "This slot is being archived. Try again in a minute.",
  "error.slot_not_archivable":
    "This slot cannot be archived yet: it is not closed for good.",
  "error.slot_not_archived": "This slot is not archived: its data is live.",
  "error.slot_not_restored": "Only a restored slot is archived again.",
};

export const errorsMessages: Messages<ErrorsKey> = {
  kk: errorsKk,
  ru: errorsRu,
  en: errorsEn,
};
