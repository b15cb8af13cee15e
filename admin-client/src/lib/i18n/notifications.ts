/**
 * Messages to candidates: the booking form's contact choice (shared by the
 * portal and the desk), the status page's "Messages" and the console's
 * outbox, in Kazakh, Russian and English. Kazakh is the reference: Russian
 * and English are typed by its keys, so a missing key does not compile.
 */
import type { Message, Messages } from "./message";

const notificationsKk = {
  "notify.email": "Электрондық пошта (міндетті емес)",
  "notify.emailHint": "Жазылу мен нәтиже туралы хабарламалар үшін",
  "notify.channel": "Хабарламаларды қалай алғыңыз келеді?",
  "notify.channelHint":
    "SMS немесе электрондық пошта телефон не мекенжай енгізілгенде ұсынылады.",
  "notify.channel.sms": "SMS",
  "notify.channel.email": "Электрондық пошта",
  "notify.channel.none": "Хабарлама жібермеу",
  "notify.language": "Хабарламалар тілі",
  "notify.language.kk": "Қазақша",
  "notify.language.ru": "Орысша",
  "notify.language.en": "Ағылшынша",
  "booking.error.email":
    "Электрондық пошта мекенжайын тексеріңіз, мысалы: name@mail.kz",

  "messages.title": "Хабарламалар",
  "messages.lead": "Орталықтың осы жазылу туралы сізге жіберген хабарламалары.",
  "messages.none": "Әзірге хабарлама жоқ.",
  "messages.kind": "Хабарлама",
  "messages.channel": "Арна",
  "messages.to": "Кімге",
  "messages.state": "Күйі",
  "messages.time": "Уақыты",
  "messages.kind.booking.made": "Жазылу расталды",
  "messages.kind.booking.reminder": "Тестілеу алдындағы еске салу",
  "messages.kind.booking.cancelled": "Жазылудан бас тарту туралы хабар",
  "messages.kind.booking.moved": "Жазылу басқа уақытқа ауыстырылды",
  "messages.kind.booking.code_renewed": "Жаңа жазылу коды",
  "messages.kind.booking.no_show": "Келмегені тіркелді",
  "messages.kind.result.ready": "Нәтиже дайын",
  "messages.kind.appeal.filed": "Апелляция тіркелді",
  "messages.kind.appeal.decided": "Апелляция бойынша шешім",
  "messages.kind.complaint.filed": "Шағым тіркелді",
  "messages.kind.complaint.decided": "Шағым бойынша шешім",
  "messages.channel.sms": "SMS",
  "messages.channel.email": "Электрондық пошта",
  "messages.channel.outbox": "Орталықта (SMS пен пошта қосылмаған)",
  "messages.state.queued": "Кезекте",
  "messages.state.sent": "Жіберілді",
  "messages.state.failed": "Жеткізілмеді",

  "nav.outbox": "Шығыс хабарламалар",
  "outbox.title": "Үміткерлерге хабарламалар",
  "outbox.lead":
    "Үміткерлерге жіберілетін SMS мен хаттар. Жеткізілмегендері бірінші тұр: шлюз қайта жұмыс істегенде қайта жіберіңіз.",
  "outbox.state": "Күйі",
  "outbox.state.all": "Барлығы",
  "outbox.none": "Бұл күйде хабарлама жоқ.",
  "outbox.booking": "Жазылу",
  "outbox.attempts": "Әрекет",
  "outbox.error": "Соңғы қате",
  "outbox.retry": "Қайта жіберу",
  "outbox.retried": "Хабарлама қайта кезекке қойылды.",
} satisfies Record<string, Message>;

export type NotificationsKey = keyof typeof notificationsKk;
type NotificationsDictionary = Record<NotificationsKey, Message>;

const notificationsRu: NotificationsDictionary = {
  "notify.email": "Электронная почта (необязательно)",
  "notify.emailHint": "Для сообщений о записи и результате",
  "notify.channel": "Как сообщать вам о записи?",
  "notify.channelHint":
    "SMS или электронная почта предлагаются, когда указан телефон или адрес.",
  "notify.channel.sms": "SMS",
  "notify.channel.email": "Электронная почта",
  "notify.channel.none": "Не присылать сообщений",
  "notify.language": "Язык сообщений",
  "notify.language.kk": "Казахский",
  "notify.language.ru": "Русский",
  "notify.language.en": "Английский",
  "booking.error.email":
    "Проверьте адрес электронной почты, например name@mail.kz",

  "messages.title": "Сообщения",
  "messages.lead": "Что центр сообщил вам об этой записи.",
  "messages.none": "Сообщений пока нет.",
  "messages.kind": "Сообщение",
  "messages.channel": "Канал",
  "messages.to": "Кому",
  "messages.state": "Состояние",
  "messages.time": "Время",
  "messages.kind.booking.made": "Запись подтверждена",
  "messages.kind.booking.reminder": "Напоминание накануне",
  "messages.kind.booking.cancelled": "Уведомление об отмене записи",
  "messages.kind.booking.moved": "Запись перенесена на другое время",
  "messages.kind.booking.code_renewed": "Новый код записи",
  "messages.kind.booking.no_show": "Зафиксирована неявка",
  "messages.kind.result.ready": "Результат готов",
  "messages.kind.appeal.filed": "Апелляция зарегистрирована",
  "messages.kind.appeal.decided": "Решение по апелляции",
  "messages.kind.complaint.filed": "Жалоба зарегистрирована",
  "messages.kind.complaint.decided": "Решение по жалобе",
  "messages.channel.sms": "SMS",
  "messages.channel.email": "Электронная почта",
  "messages.channel.outbox": "В центре (SMS и почта не подключены)",
  "messages.state.queued": "В очереди",
  "messages.state.sent": "Отправлено",
  "messages.state.failed": "Не доставлено",

  "nav.outbox": "Исходящие",
  "outbox.title": "Сообщения кандидатам",
  "outbox.lead":
    "SMS и письма кандидатам. Недоставленные — первыми: отправьте их снова, когда шлюз заработает.",
  "outbox.state": "Состояние",
  "outbox.state.all": "Все",
  "outbox.none": "Сообщений в этом состоянии нет.",
  "outbox.booking": "Запись",
  "outbox.attempts": "Попыток",
  "outbox.error": "Последняя ошибка",
  "outbox.retry": "Отправить снова",
  "outbox.retried": "Сообщение снова поставлено в очередь.",
};

const notificationsEn: NotificationsDictionary = {
  "notify.email": "E-mail (optional)",
  "notify.emailHint": "For messages about the booking and the result",
  "notify.channel": "How should we tell you about the booking?",
  "notify.channelHint":
    "SMS or e-mail is offered once a phone number or an address is entered.",
  "notify.channel.sms": "SMS",
  "notify.channel.email": "E-mail",
  "notify.channel.none": "No messages",
  "notify.language": "Language of the messages",
  "notify.language.kk": "Kazakh",
  "notify.language.ru": "Russian",
  "notify.language.en": "English",
  "booking.error.email": "Check the e-mail address, e.g. name@mail.kz",

  "messages.title": "Messages",
  "messages.lead": "What the center told you about this booking.",
  "messages.none": "No messages yet.",
  "messages.kind": "Message",
  "messages.channel": "Channel",
  "messages.to": "To",
  "messages.state": "State",
  "messages.time": "Time",
  "messages.kind.booking.made": "Booking confirmed",
  "messages.kind.booking.reminder": "Reminder the day before",
  "messages.kind.booking.cancelled": "Booking cancelled",
  "messages.kind.booking.moved": "Booking moved to another time",
  "messages.kind.booking.code_renewed": "New booking code",
  "messages.kind.booking.no_show": "No-show recorded",
  "messages.kind.result.ready": "Result ready",
  "messages.kind.appeal.filed": "Appeal registered",
  "messages.kind.appeal.decided": "Appeal decided",
  "messages.kind.complaint.filed": "Complaint registered",
  "messages.kind.complaint.decided": "Complaint decided",
  "messages.channel.sms": "SMS",
  "messages.channel.email": "E-mail",
  "messages.channel.outbox": "At the center (no SMS or e-mail service)",
  "messages.state.queued": "Queued",
  "messages.state.sent": "Sent",
  "messages.state.failed": "Not delivered",

  "nav.outbox": "Outbox",
  "outbox.title": "Messages to candidates",
  "outbox.lead":
    "SMS and e-mail to candidates. Undelivered ones come first: send them again once the gateway works.",
  "outbox.state": "State",
  "outbox.state.all": "All",
  "outbox.none": "No messages in this state.",
  "outbox.booking": "Booking",
  "outbox.attempts": "Tries",
  "outbox.error": "Last error",
  "outbox.retry": "Send again",
  "outbox.retried": "The message is queued again.",
};

export const notificationsMessages: Messages<NotificationsKey> = {
  kk: notificationsKk,
  ru: notificationsRu,
  en: notificationsEn,
};
