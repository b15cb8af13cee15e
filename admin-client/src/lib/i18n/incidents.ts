/**
 * Incidents as the hall sees them, in Kazakh, Russian and English: the
 * kinds and descriptions the server sends as ids (kind + duration, never
 * words), episodes folded per seat, automatic closing and the bulk
 * acknowledgement. Kazakh is the reference: Russian and English are typed
 * by its keys, so a missing key does not compile.
 */
import type { Message, Messages } from "./message";

const incidentsKk = {
  "incidents.type.disconnect": "Байланыс үзілді",
  "incidents.describe.disconnect":
    "Киоск {duration} байланыссыз болды, содан кейін қайта қосылды.",
  "incidents.describe.reload": "Киоск беті қайта жүктелді.",
  "incidents.describe.offline": "Киоск желісіз қалды: {duration}.",
  "incidents.events": "{count} оқиға",
  "incidents.status.auto_closed": "Өздігінен жабылды",
  "incidents.autoClosedPart": "Өздігінен жабылғаны: {count}",
  "incidents.downtime": "Жоғалған уақыт",
  "incidents.span": "Кезең",
  "incidents.select": "{seat} орнын таңдау",
  "incidents.selectAll": "Барлық қаралмағандарды таңдау",
  "incidents.bulkAll": "Барлық байланыс үзілістерін қабылдау ({count})",
  "incidents.bulkSelected": "Таңдалғандарды қабылдау ({count})",
  "incidents.bulkTitle": "{count} эпизодты бірге қабылдайсыз ба?",
  "incidents.bulkLead":
    "Бір түсініктеме әр оқиғаға жазылады, әрқайсысы аудитте жеке сақталады. Орындар: {seats}.",
  "incidents.bulkDone": "Қабылданды: {count} эпизод.",
  "incidents.acknowledgeEpisodeTitle":
    "{seat} орнының оқиғаларын қабылдайсыз ба?",
  "timeline.incident.acknowledged": "Оқиға қабылданды",
  "timeline.incident.commented": "Оқиғаға түсініктеме",
  "timeline.incident.auto_closed": "Оқиға өздігінен жабылды",
  "audit.action.incident.acknowledged": "Оқиға қабылданды",
  "audit.action.incident.commented": "Оқиғаға түсініктеме",
  "audit.action.incident.auto_closed": "Оқиға өздігінен жабылды",
  "error.grant_closed": "Тест аяқталған: уақытты енді қайтаруға болмайды.",
  "error.incident_episode_not_found":
    "Бұл сеанста мұндай оқиға эпизоды жоқ. Кезекті жаңартыңыз.",
} satisfies Record<string, Message>;

export type IncidentsKey = keyof typeof incidentsKk;
type IncidentsDictionary = Record<IncidentsKey, Message>;

const incidentsRu: IncidentsDictionary = {
  "incidents.type.disconnect": "Обрыв связи",
  "incidents.describe.disconnect":
    "Киоск был без связи {duration} и подключился снова.",
  "incidents.describe.reload": "Страница киоска загружена заново.",
  "incidents.describe.offline": "Киоск был без сети: {duration}.",
  "incidents.events": {
    one: "{count} событие",
    few: "{count} события",
    many: "{count} событий",
    other: "{count} события",
  },
  "incidents.status.auto_closed": "Закрыт автоматически",
  "incidents.autoClosedPart": "Закрыто автоматически: {count}",
  "incidents.downtime": "Потерянное время",
  "incidents.span": "Период",
  "incidents.select": "Выбрать место {seat}",
  "incidents.selectAll": "Выбрать все нерассмотренные",
  "incidents.bulkAll": "Принять все обрывы связи ({count})",
  "incidents.bulkSelected": "Принять выбранные ({count})",
  "incidents.bulkTitle": {
    one: "Принять {count} эпизод сразу?",
    few: "Принять {count} эпизода сразу?",
    many: "Принять {count} эпизодов сразу?",
    other: "Принять {count} эпизода сразу?",
  },
  "incidents.bulkLead":
    "Один комментарий записывается к каждому событию, каждое отдельно остаётся в аудите. Места: {seats}.",
  "incidents.bulkDone": {
    one: "Принят {count} эпизод.",
    few: "Принято {count} эпизода.",
    many: "Принято {count} эпизодов.",
    other: "Принято {count} эпизода.",
  },
  "incidents.acknowledgeEpisodeTitle": "Принять инциденты места {seat}?",
  "timeline.incident.acknowledged": "Инцидент принят",
  "timeline.incident.commented": "Комментарий к инциденту",
  "timeline.incident.auto_closed": "Инцидент закрыт автоматически",
  "audit.action.incident.acknowledged": "Инцидент принят",
  "audit.action.incident.commented": "Комментарий к инциденту",
  "audit.action.incident.auto_closed": "Инцидент закрыт автоматически",
  "error.grant_closed": "Тест окончен: время больше нельзя вернуть.",
  "error.incident_episode_not_found":
    "В этом сеансе нет такого эпизода. Обновите очередь.",
};

const incidentsEn: IncidentsDictionary = {
  "incidents.type.disconnect": "Disconnected",
  "incidents.describe.disconnect":
    "The kiosk was disconnected for {duration} and came back.",
  "incidents.describe.reload": "The kiosk page was loaded again.",
  "incidents.describe.offline": "The kiosk was offline for {duration}.",
  "incidents.events": { one: "{count} event", other: "{count} events" },
  "incidents.status.auto_closed": "Closed automatically",
  "incidents.autoClosedPart": "Closed automatically: {count}",
  "incidents.downtime": "Time lost",
  "incidents.span": "Period",
  "incidents.select": "Select seat {seat}",
  "incidents.selectAll": "Select every open one",
  "incidents.bulkAll": "Acknowledge all connection drops ({count})",
  "incidents.bulkSelected": "Acknowledge selected ({count})",
  "incidents.bulkTitle": {
    one: "Acknowledge {count} episode at once?",
    other: "Acknowledge {count} episodes at once?",
  },
  "incidents.bulkLead":
    "The one comment goes to every event, each kept in the audit on its own. Seats: {seats}.",
  "incidents.bulkDone": {
    one: "{count} episode acknowledged.",
    other: "{count} episodes acknowledged.",
  },
  "incidents.acknowledgeEpisodeTitle": "Acknowledge the incidents of {seat}?",
  "timeline.incident.acknowledged": "Incident acknowledged",
  "timeline.incident.commented": "Incident commented",
  "timeline.incident.auto_closed": "Incident closed automatically",
  "audit.action.incident.acknowledged": "Incident acknowledged",
  "audit.action.incident.commented": "Incident commented",
  "audit.action.incident.auto_closed": "Incident closed automatically",
  "error.grant_closed": "The test is over: time can no longer be given back.",
  "error.incident_episode_not_found":
    "This slot has no such incident episode. Refresh the queue.",
};

export const incidentsMessages: Messages<IncidentsKey> = {
  kk: incidentsKk,
  ru: incidentsRu,
  en: incidentsEn,
};
