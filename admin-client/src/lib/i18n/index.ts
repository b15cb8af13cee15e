/**
 * Translation: the dictionaries, `t` with `{placeholders}` and plurals, and
 * the language the reader chose. The strings themselves live in this
 * folder, one file per area; each exports plain message objects.
 */
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
import { ApiError } from "../api";
import { intlLocale } from "../format";
import type { AccountsKey } from "./accounts";
import type { AnalyticsKey } from "./analytics";
import { assessmentMessages, type AssessmentKey } from "./assessment";
import { auditMessages, type AuditKey } from "./audit";
import { baseMessages, type BaseKey } from "./base";
import { chainMessages, type ChainKey } from "./chain";
import { complaintsMessages, type ComplaintsKey } from "./complaints";
import type { DeliveryKey } from "./delivery";
import { deskMessages, type DeskKey } from "./desk";
import { eligibilityMessages, type EligibilityKey } from "./eligibility";
import { errorsMessages, type ErrorsKey } from "./errors";
import { incidentsMessages, type IncidentsKey } from "./incidents";
import type { Message } from "./message";
import type { NetworkKey } from "./network";
import { notificationsMessages, type NotificationsKey } from "./notifications";
import { placesMessages, type PlacesKey } from "./places";
import type { RefusalsKey } from "./refusals";
import type { SignoffKey } from "./signoff";
import { reliabilityMessages, type ReliabilityKey } from "./reliability";
import type { RightsKey } from "./rights";

/** Every key: the base ones and each area's. */
export type MessageKey =
  | BaseKey
  | EligibilityKey
  | AssessmentKey
  | ChainKey
  | ComplaintsKey
  | DeliveryKey
  | IncidentsKey
  | DeskKey
  | AnalyticsKey
  | RightsKey
  | AccountsKey
  | NetworkKey
  | ReliabilityKey
  | RefusalsKey
  | SignoffKey
  | NotificationsKey
  | ErrorsKey
  | AuditKey
  | PlacesKey;
type Dictionary = Record<MessageKey, Message>;

/**
 * The dictionaries in use: the base strings (with the booking rules' ones,
 * which the portal and the desk share), and each area's once its app
 * registered them (the portal and the console each register their own, so
 * the public pages do not carry the exam-day strings).
 */
export const DICTIONARIES = {
  kk: {
    ...baseMessages.kk,
    ...eligibilityMessages.kk,
    ...assessmentMessages.kk,
    ...chainMessages.kk,
    ...deskMessages.kk,
    ...complaintsMessages.kk,
    ...reliabilityMessages.kk,
    ...notificationsMessages.kk,
    ...incidentsMessages.kk,
    ...errorsMessages.kk,
    ...auditMessages.kk,
    ...placesMessages.kk,
  },
  ru: {
    ...baseMessages.ru,
    ...eligibilityMessages.ru,
    ...assessmentMessages.ru,
    ...chainMessages.ru,
    ...deskMessages.ru,
    ...complaintsMessages.ru,
    ...reliabilityMessages.ru,
    ...notificationsMessages.ru,
    ...incidentsMessages.ru,
    ...errorsMessages.ru,
    ...auditMessages.ru,
    ...placesMessages.ru,
  },
  en: {
    ...baseMessages.en,
    ...eligibilityMessages.en,
    ...assessmentMessages.en,
    ...chainMessages.en,
    ...deskMessages.en,
    ...complaintsMessages.en,
    ...reliabilityMessages.en,
    ...notificationsMessages.en,
    ...incidentsMessages.en,
    ...errorsMessages.en,
    ...auditMessages.en,
    ...placesMessages.en,
  },
} as Record<UiLanguage, Dictionary>;

/** Adds areas' strings to every language. */
export function registerMessages(
  ...areas: Record<UiLanguage, Partial<Record<MessageKey, Message>>>[]
): void {
  for (const area of areas) {
    for (const language of UI_LANGUAGES) {
      Object.assign(DICTIONARIES[language], area[language]);
    }
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

/** A refusal's `details` that can fill a message's `{placeholders}`. */
function detailValues(details: unknown): Values | undefined {
  if (typeof details !== "object" || details === null) return undefined;
  const values: Values = {};
  for (const [name, value] of Object.entries(details)) {
    if (typeof value === "string" || typeof value === "number") {
      values[name] = value;
    }
  }
  return values;
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
        if (hasKey(dictionary, key))
          return t(key, detailValues((known as { details?: unknown }).details));
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
