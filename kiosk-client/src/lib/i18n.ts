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
  "error.invalid_request":
    "Код толық емес. Оператордан алған кодты тексеріңіз.",
  "error.rate_limited": "Әрекет тым көп. Бір минут күтіп, қайталаңыз.",
  "error.network_error": "Сервермен байланыс жоқ. Желіні тексеріп, қайталаңыз.",
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
  "error.invalid_request":
    "Код неполный. Проверьте код, полученный от оператора.",
  "error.rate_limited": "Слишком много попыток. Подождите минуту и повторите.",
  "error.network_error": "Нет связи с сервером. Проверьте сеть и повторите.",
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
  "error.invalid_request":
    "The code is incomplete. Check the code the operator gave you.",
  "error.rate_limited": "Too many attempts. Wait a minute and try again.",
  "error.network_error":
    "The server cannot be reached. Check the network and try again.",
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
  t: (key: MessageKey) => string;
  /** An API error as a sentence in the current language. */
  errorText: (error: unknown) => string;
}

const I18nContext = createContext<I18n | null>(null);

function hasKey(dictionary: Dictionary, key: string): key is MessageKey {
  return Object.hasOwn(dictionary, key);
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
      t: (key) => dictionary[key],
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
