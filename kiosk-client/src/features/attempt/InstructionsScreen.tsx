import { useId, useState } from "react";
import type { KioskAttemptView } from "@shared/attempts";
import { Frame } from "../../components/Frame";
import { StatusBar } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { useServerNow } from "../../lib/clock";
import { useI18n } from "../../lib/i18n";
import { Countdown } from "./Countdown";
import type { AttemptSession, SessionState } from "./session";

const RULES = [
  "instructions.ruleForbidden",
  "instructions.ruleOneAtATime",
  "instructions.ruleFlag",
  "instructions.ruleSaving",
  "instructions.ruleKeyboard",
  "instructions.ruleTime",
] as const;

/**
 * The program, its sections and the rules of the hall, with the
 * instructions' own countdown. Where the center lets candidates start,
 * they may once they have read; otherwise the administrator starts.
 */
export function InstructionsScreen({
  kiosk,
  state,
  attempt,
  session,
}: {
  kiosk: Kiosk;
  state: SessionState;
  attempt: KioskAttemptView;
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
          <p className="instructions__totals">
            {t("instructions.total", { n: total })}
            <br />
            {t("instructions.duration", { n: attempt.program.durationMinutes })}
          </p>
        </section>
        <section className="instructions__rules" aria-labelledby="rules-title">
          <h2 id="rules-title">{t("instructions.rulesTitle")}</h2>
          <ul className="rules">
            {RULES.map((key) => (
              <li key={key}>{t(key)}</li>
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
