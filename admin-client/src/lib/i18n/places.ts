/**
 * Rooms in three languages (the configuration screen) and the places a
 * candidate is booked at instead (the admission desk's wrong-slot
 * refusal), in Kazakh, Russian and English.
 */
import type { Messages } from "./message";

const placesKk = {
  "places.roomNameKk": "Залдың атауы (қазақша)",
  "places.roomNameRu": "Залдың атауы (орысша)",
  "places.roomNameEn": "Залдың атауы (ағылшынша)",
  "places.roomNamesHint":
    "Бір атауды ғана жазсаңыз, ол үш тілде де көрсетіледі.",
  "places.rename": "Атауын өзгерту",
  "places.save": "Сақтау",
  "places.cancel": "Болдырмау",
  "places.roomRenamed": "Залдың атауы сақталды.",
  "places.elsewhere": "{center}, {room}, {time}",
  "places.openDesk": "Сол сеанстың кіру үстеліне өту",
};

export type PlacesKey = keyof typeof placesKk;

const placesRu: Record<PlacesKey, string> = {
  "places.roomNameKk": "Название зала (на казахском)",
  "places.roomNameRu": "Название зала (на русском)",
  "places.roomNameEn": "Название зала (на английском)",
  "places.roomNamesHint":
    "Если указать одно название, оно показывается на всех трёх языках.",
  "places.rename": "Переименовать",
  "places.save": "Сохранить",
  "places.cancel": "Отмена",
  "places.roomRenamed": "Название зала сохранено.",
  "places.elsewhere": "{center}, {room}, {time}",
  "places.openDesk": "Перейти к столу допуска того сеанса",
};

const placesEn: Record<PlacesKey, string> = {
  "places.roomNameKk": "Room name (Kazakh)",
  "places.roomNameRu": "Room name (Russian)",
  "places.roomNameEn": "Room name (English)",
  "places.roomNamesHint":
    "A name given in one language only is shown in all three.",
  "places.rename": "Rename",
  "places.save": "Save",
  "places.cancel": "Cancel",
  "places.roomRenamed": "The room's name is saved.",
  "places.elsewhere": "{center}, {room}, {time}",
  "places.openDesk": "Go to that slot's admission desk",
};

export const placesMessages: Messages<PlacesKey> = {
  kk: placesKk,
  ru: placesRu,
  en: placesEn,
};
