/**
 * The network strings: the portal's region filter and centers list, and
 * the console's network day, in Kazakh, Russian and English; both apps
 * register them (the portal needs the region filter). Kazakh is the
 * reference: Russian and English are typed by its keys.
 */
import type { Messages } from "./message";

const networkKk = {
  "portal.region": "Өңір",
  "portal.allRegions": "Барлық өңірлер",
  "portal.centersTitle": "Тестілеу орталықтары",
  "portal.address": "Мекенжай",
  "portal.hours": "Жұмыс уақыты",
  "portal.accessibility": "Қолжетімділік",
  "portal.soonest": "Ең жақын бос орындар",
  "portal.soonestLead":
    "Таңдалған өңірдің барлық орталықтарындағы ең жақын сеанстар.",
  "portal.noSoonest": "Таңдалған кезеңде бос орын жоқ.",
  "portal.chooseSlot": "Осы сеансты таңдау",

  "nav.network": "Желі бүгін",
  "network.title": "Желідегі бүгінгі күн",
  "network.lead":
    "Барлық орталықтың бүгінгі сеанстары (әр орталықтың өз уақыты бойынша) және қызмет стандартына сәйкестік. 15 секунд сайын жаңарады.",
  "network.updated": "Жаңартылды: {time}",
  "network.total": "Бүкіл желі",
  "network.center": "Орталық",
  "network.region": "Өңір",
  "network.slots": "Сеанстар",
  "network.incidents": "Оқиғалар",
  "network.openIncidents": "{count} қаралмаған",
  "network.compliance": "Стандартқа сәйкестік",
  "network.notMeasured": "әлі өлшенбеген",
  "network.details": "Толығырақ",
  "network.back": "Желіге оралу",
  "network.readOnly":
    "Тек қарау: сеанстағы әрекеттерді орталық қызметкерлері орындайды.",
  "network.noSlots": "Бүгін бұл орталықта сеанс жоқ.",
  "network.noCenters": "Желіде әлі орталық жоқ.",
  "network.unknownCenter": "Мұндай орталық желіде жоқ.",
  "network.time": "Уақыты",
  "network.program": "Бағдарлама",
  "network.room": "Аудитория",
  "network.seats": "Орын",
  "network.stage": "Кезең",
  "network.measured": "Өлшенді",
  "network.within": "Нормада",
  "network.share": "Үлесі",
};

export type NetworkKey = keyof typeof networkKk;

const networkRu: Record<NetworkKey, string> = {
  "portal.region": "Регион",
  "portal.allRegions": "Все регионы",
  "portal.centersTitle": "Центры тестирования",
  "portal.address": "Адрес",
  "portal.hours": "Часы работы",
  "portal.accessibility": "Доступность",
  "portal.soonest": "Ближайшие свободные места",
  "portal.soonestLead": "Ближайшие сеансы во всех центрах выбранного региона.",
  "portal.noSoonest": "В выбранный период свободных мест нет.",
  "portal.chooseSlot": "Выбрать этот сеанс",

  "nav.network": "Сеть сегодня",
  "network.title": "День сети",
  "network.lead":
    "Сегодняшние сеансы всех центров (по времени каждого центра) и соблюдение стандарта услуги. Обновляется каждые 15 секунд.",
  "network.updated": "Обновлено: {time}",
  "network.total": "Вся сеть",
  "network.center": "Центр",
  "network.region": "Регион",
  "network.slots": "Сеансы",
  "network.incidents": "Инциденты",
  "network.openIncidents": "{count} не рассмотрено",
  "network.compliance": "Соблюдение стандарта",
  "network.notMeasured": "ещё не измерено",
  "network.details": "Подробнее",
  "network.back": "Назад к сети",
  "network.readOnly":
    "Только просмотр: действия в сеансе выполняют сотрудники центра.",
  "network.noSlots": "Сегодня в этом центре сеансов нет.",
  "network.noCenters": "В сети пока нет центров.",
  "network.unknownCenter": "Такого центра в сети нет.",
  "network.time": "Время",
  "network.program": "Программа",
  "network.room": "Аудитория",
  "network.seats": "Мест",
  "network.stage": "Этап",
  "network.measured": "Измерено",
  "network.within": "В норме",
  "network.share": "Доля",
};

const networkEn: Record<NetworkKey, string> = {
  "portal.region": "Region",
  "portal.allRegions": "All regions",
  "portal.centersTitle": "Testing centers",
  "portal.address": "Address",
  "portal.hours": "Opening hours",
  "portal.accessibility": "Accessibility",
  "portal.soonest": "Soonest free seats",
  "portal.soonestLead":
    "The earliest sessions across the chosen region's centers.",
  "portal.noSoonest": "No free seats in the chosen period.",
  "portal.chooseSlot": "Choose this session",

  "nav.network": "Network today",
  "network.title": "The network's day",
  "network.lead":
    "Today's slots of every center (each in its own time) and service-standard compliance. Refreshes every 15 seconds.",
  "network.updated": "Updated {time}",
  "network.total": "The whole network",
  "network.center": "Center",
  "network.region": "Region",
  "network.slots": "Slots",
  "network.incidents": "Incidents",
  "network.openIncidents": "{count} not acknowledged",
  "network.compliance": "Standard compliance",
  "network.notMeasured": "not measured yet",
  "network.details": "Details",
  "network.back": "Back to the network",
  "network.readOnly": "Read only: the center's staff act on its slots.",
  "network.noSlots": "No slots in this center today.",
  "network.noCenters": "The network has no centers yet.",
  "network.unknownCenter": "There is no such center in the network.",
  "network.time": "Time",
  "network.program": "Program",
  "network.room": "Room",
  "network.seats": "Seats",
  "network.stage": "Stage",
  "network.measured": "Measured",
  "network.within": "Within",
  "network.share": "Share",
};

export const networkMessages: Messages<NetworkKey> = {
  kk: networkKk,
  ru: networkRu,
  en: networkEn,
};
