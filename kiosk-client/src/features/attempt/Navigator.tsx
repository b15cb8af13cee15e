import type { KioskAttemptView } from "@shared/attempts";
import { useI18n } from "../../lib/i18n";
import type { Wording } from "../../lib/wording";
import type { SessionState } from "./session";

type Numbered = { item: KioskAttemptView["items"][number]; index: number };

/**
 * Every question by number, grouped by section: answered, flagged,
 * current. An assessment's statements form one list with no headings:
 * its sections are the scales, which the candidate is not told.
 */
export function Navigator({
  attempt,
  state,
  wording,
  sections,
  onGo,
}: {
  attempt: KioskAttemptView;
  state: SessionState;
  wording: Wording;
  /** Group the numbers under the sections' titles. */
  sections: boolean;
  onGo: (index: number) => void;
}) {
  const { t, language } = useI18n();
  const numbered = attempt.items.map((item, index) => ({ item, index }));
  const groups: { id: string; title: string | null; entries: Numbered[] }[] =
    sections
      ? attempt.program.sections.map((section) => ({
          id: section.id,
          title: section.titles[language],
          entries: numbered.filter(({ item }) => item.sectionId === section.id),
        }))
      : [{ id: "all", title: null, entries: numbered }];
  return (
    <nav className="navigator" aria-label={t(wording.navigator)}>
      <h2 className="navigator__title">{t(wording.navigator)}</h2>
      {groups.map((group) => {
        if (group.entries.length === 0) return null;
        return (
          <div key={group.id} className="navigator__section">
            {group.title === null ? null : <h3>{group.title}</h3>}
            <ol>
              {group.entries.map(({ item, index }) => {
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
