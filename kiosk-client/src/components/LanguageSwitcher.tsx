import { UI_LANGUAGES } from "@shared/enums";
import { useI18n } from "../lib/i18n";

const NAMES = { kk: "Қазақша", ru: "Русский", en: "English" } as const;

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
          {NAMES[code]}
        </button>
      ))}
    </div>
  );
}
