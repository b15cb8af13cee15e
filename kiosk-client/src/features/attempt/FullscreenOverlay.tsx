import { useI18n } from "../../lib/i18n";
import { enterFullscreen } from "../../lib/lockdown";

/** Blocks the test until the kiosk is full screen again. */
export function FullscreenOverlay() {
  const { t } = useI18n();
  return (
    <div className="overlay">
      <section
        className="overlay__panel"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="fullscreen-title"
        aria-describedby="fullscreen-lead"
      >
        <h1 id="fullscreen-title">{t("fullscreen.title")}</h1>
        <p id="fullscreen-lead" className="lead">
          {t("fullscreen.lead")}
        </p>
        <button
          type="button"
          className="button"
          autoFocus
          onClick={() => void enterFullscreen()}
        >
          {t("fullscreen.return")}
        </button>
      </section>
    </div>
  );
}
