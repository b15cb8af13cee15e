import { useEffect, useState } from "react";
import { useI18n, type MessageKey } from "../lib/i18n";

const SIZES = ["normal", "large", "larger"] as const;
type TextSize = (typeof SIZES)[number];

const SIZE_KEY = "synaq.kiosk.textSize";
const CONTRAST_KEY = "synaq.kiosk.contrast";

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Not remembered across a reload; still applied now.
  }
}

const SIZE_LABELS: Record<TextSize, MessageKey> = {
  normal: "display.size.normal",
  large: "display.size.large",
  larger: "display.size.larger",
};

/**
 * Three text sizes and a high-contrast theme, applied to <html> so every
 * rem on the page follows, and kept across a reload.
 */
export function DisplaySettings() {
  const { t } = useI18n();
  const [size, setSize] = useState<TextSize>(() => {
    const value = stored(SIZE_KEY);
    return (SIZES as readonly string[]).includes(value ?? "")
      ? (value as TextSize)
      : "normal";
  });
  const [contrast, setContrast] = useState(() => stored(CONTRAST_KEY) === "1");

  useEffect(() => {
    document.documentElement.dataset.textSize = size;
    remember(SIZE_KEY, size);
  }, [size]);
  useEffect(() => {
    document.documentElement.dataset.theme = contrast ? "contrast" : "calm";
    remember(CONTRAST_KEY, contrast ? "1" : "0");
  }, [contrast]);

  return (
    <div className="display-settings">
      <div
        className="text-size"
        role="group"
        aria-label={t("display.textSize")}
      >
        {SIZES.map((option) => (
          <button
            key={option}
            type="button"
            className={`text-size__button text-size__button--${option}`}
            aria-pressed={size === option}
            aria-label={t(SIZE_LABELS[option])}
            title={t(SIZE_LABELS[option])}
            onClick={() => setSize(option)}
          >
            A
          </button>
        ))}
      </div>
      <button
        type="button"
        className="contrast-toggle"
        aria-pressed={contrast}
        aria-label={t("display.contrast")}
        onClick={() => setContrast((value) => !value)}
      >
        <svg viewBox="0 0 20 20" aria-hidden="true">
          <circle
            cx="10"
            cy="10"
            r="8"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          />
          <path d="M10 2a8 8 0 0 1 0 16z" fill="currentColor" />
        </svg>
        <span>{t("display.contrast")}</span>
      </button>
    </div>
  );
}
