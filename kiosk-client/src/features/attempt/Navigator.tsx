import type { KioskAttemptView } from "@shared/attempts";
import { useI18n } from "../../lib/i18n";
import type { SessionState } from "./session";

/** Every question by number, grouped by section: answered, flagged, current. */
export function Navigator({
  attempt,
  state,
  onGo,
}: {
  attempt: KioskAttemptView;
  state: SessionState;
  onGo: (index: number) => void;
}) {
  const { t, language } = useI18n();
  const numbered = attempt.items.map((item, index) => ({ item, index }));
  return (
    <nav className="navigator" aria-label={t("test.navigator")}>
      <h2 className="navigator__title">{t("test.navigator")}</h2>
      {attempt.program.sections.map((section) => {
        const inSection = numbered.filter(
          ({ item }) => item.sectionId === section.id,
        );
        if (inSection.length === 0) return null;
        return (
          <div key={section.id} className="navigator__section">
            <h3>{section.titles[language]}</h3>
            <ol>
              {inSection.map(({ item, index }) => {
                const answered =
                  (state.answers[item.id]?.response.length ?? 0) > 0;
                const flagged = state.flagged.includes(item.id);
                const current = index === state.currentIndex;
                const label = [
                  String(index + 1),
                  answered ? t("test.navAnswered") : t("test.navUnanswered"),
                  ...(flagged ? [t("test.navFlagged")] : []),
                ].join(", ");
                return (
                  <li key={item.id}>
                    <button
                      type="button"
                      className="nav-item"
                      data-answered={answered}
                      data-flagged={flagged}
                      aria-current={current ? "step" : undefined}
                      aria-label={label}
                      data-testid={`nav-${index + 1}`}
                      onClick={() => onGo(index)}
                    >
                      {index + 1}
                    </button>
                  </li>
                );
              })}
            </ol>
          </div>
        );
      })}
      <ul className="legend" aria-hidden="true">
        <li>
          <span className="nav-item nav-item--sample" data-answered="true" />
          {t("test.legendAnswered")}
        </li>
        <li>
          <span className="nav-item nav-item--sample" data-flagged="true" />
          {t("test.legendFlagged")}
        </li>
        <li>
          <span className="nav-item nav-item--sample" aria-current="step" />
          {t("test.legendCurrent")}
        </li>
      </ul>
    </nav>
  );
}
