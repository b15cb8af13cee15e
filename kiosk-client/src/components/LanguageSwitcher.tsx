import { UI_LANGUAGES } from "@shared/enums";
import { useI18n } from "../lib/i18n";

const NAMES = { kk: "Қазақша", ru: "Русский", en: "English" } as const;
/** Where the top bar is short of room (the test on a small screen). */
const SHORT_NAMES = { kk: "ҚАЗ", ru: "РУС", en: "ENG" } as const;

/** Large buttons, each named in its own language. */
export function LanguageSwitcher() {
  const { language, setLanguage, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t("language.switch")}>
      {UI_LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={language === code}
          onClick={() => setLanguage(code)}
        >
          {/* Short, the full name stays for screen readers ("ҚАЗ Қазақша"). */}
          <span className="lang-switch__short">{SHORT_NAMES[code]} </span>
          <span className="lang-switch__name">{NAMES[code]}</span>
        </button>
      ))}
    </div>
  );
}
