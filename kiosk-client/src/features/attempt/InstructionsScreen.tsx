import { useId, useState } from "react";
import type { KioskAttemptView } from "@shared/attempts";
import { Frame } from "../../components/Frame";
import { StatusBar } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { useServerNow } from "../../lib/clock";
import { useI18n } from "../../lib/i18n";
import {
  DEFAULT_SCALE_POINTS,
  programKindOf,
  scalePointsOf,
  showsSections,
  WORDING,
  type ProgramFacts,
} from "../../lib/wording";
import { Countdown } from "./Countdown";
import type { AttemptSession, SessionState } from "./session";

/**
 * The program, its sections and the rules of the hall, with the
 * instructions' own countdown. An assessment shows its number of
 * statements and its answer scale instead of its sections (its scales). Where the center lets candidates start,
 * they may once they have read; otherwise the administrator starts.
 */
export function InstructionsScreen({
  kiosk,
  state,
  attempt,
  facts,
  session,
}: {
  kiosk: Kiosk;
  state: SessionState;
  attempt: KioskAttemptView;
  facts: ProgramFacts | null;
  session: AttemptSession;
}) {
  const { t, language, errorIdText } = useI18n();
  const serverNow = useServerNow(state.offset);
  const [read, setRead] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const readId = useId();
  const remaining =
    serverNow === null || attempt.instructionsEndsAt === null
      ? null
      : Math.max(0, attempt.instructionsEndsAt - serverNow);
  const total = attempt.program.sections.reduce(
    (sum, section) => sum + section.questions,
    0,
  );
  const kind = programKindOf(attempt, facts);
  const wording = WORDING[kind];
  const points = scalePointsOf(attempt, facts) ?? DEFAULT_SCALE_POINTS;
  // The labels the statements will show: the scale in the test's language.
  const testLanguage = attempt.candidate.language;
  const labels =
    kind === "personal-qualities" && facts?.scale
      ? facts.scale.labels[testLanguage]
      : null;

  async function start() {
    setBusy(true);
    setError(null);
    const failed = await session.startTest();
    if (failed) {
      setError(errorIdText(failed));
      setBusy(false);
    }
  }

  return (
    <Frame
      status={<StatusBar connection={state.connection} kiosk={kiosk} />}
      center={
        <Countdown remainingMs={remaining} label={t("instructions.endsIn")} />
      }
      wide
    >
      <div className="instructions">
        <section
          className="instructions__program"
          aria-labelledby="instructions-title"
        >
          <p className="eyebrow">{t("instructions.title")}</p>
          <h1 id="instructions-title">{attempt.program.titles[language]}</h1>
          <p className="instructions__candidate">
            {attempt.candidate.fullName}
          </p>
          {showsSections(kind) ? (
            <>
              <h2>{t("instructions.sections")}</h2>
              <ul className="sections">
                {attempt.program.sections.map((section) => (
                  <li key={section.id}>
                    <span>{section.titles[language]}</span>
                    <span className="sections__count">
                      {t("instructions.questions", { n: section.questions })}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {labels ? (
            <>
              <h2 id="scale-title">{t("instructions.scaleTitle")}</h2>
              <ol
                className="scale"
                aria-labelledby="scale-title"
                lang={testLanguage}
                data-testid="instructions-scale"
              >
                {labels.map((label, index) => (
                  <li key={label}>
                    <span className="scale__point" aria-hidden="true">
                      {index + 1}
                    </span>
                    <span>{label}</span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          <p className="instructions__totals">
            {t(wording.total, { n: total })}
            <br />
            {t("instructions.duration", { n: attempt.program.durationMinutes })}
          </p>
        </section>
        <section className="instructions__rules" aria-labelledby="rules-title">
          <h2 id="rules-title">{t("instructions.rulesTitle")}</h2>
          <ul className="rules">
            {wording.rules.map((key) => (
              <li key={key}>{t(key, { max: points })}</li>
            ))}
          </ul>
          {attempt.startMode === "candidate" ? (
            <div className="instructions__start">
              <label className="check" htmlFor={readId}>
                <input
                  id={readId}
                  type="checkbox"
                  checked={read}
                  onChange={(event) => setRead(event.target.checked)}
                />
                <span>{t("instructions.read")}</span>
              </label>
              {error ? (
                <p className="notice notice--error" role="alert">
                  {error}
                </p>
              ) : null}
              <button
                type="button"
                className="button"
                disabled={!read || busy || state.connection !== "live"}
                onClick={() => void start()}
              >
                {t("instructions.start")}
              </button>
              <p className="hint hint--after">{t("instructions.autoStart")}</p>
            </div>
          ) : (
            <p className="notice notice--warning" role="status">
              {t("instructions.waitAdministrator")}
            </p>
          )}
        </section>
      </div>
    </Frame>
  );
}
