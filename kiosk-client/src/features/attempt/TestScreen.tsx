import { useEffect, useRef, useState, type CSSProperties } from "react";
import type { KioskAttemptView } from "@shared/attempts";
import { Frame } from "../../components/Frame";
import { SeatIdentity } from "../../components/StatusBar";
import type { Kiosk } from "@shared/kiosks";
import { useServerNow } from "../../lib/clock";
import { formatClockTime, remainingAt } from "../../lib/countdown";
import { useI18n } from "../../lib/i18n";
import {
  chooseByKey,
  chooseOption,
  choosesOne,
  testKeyAction,
} from "../../lib/keyboard";
import { STORAGE_ERRORS, type AnswerState } from "../../lib/journal";
import {
  programKindOf,
  showsSections,
  WORDING,
  type ProgramFacts,
} from "../../lib/wording";
import { Countdown } from "./Countdown";
import { Navigator } from "./Navigator";
import type { AttemptSession, SessionState } from "./session";
import { SubmitDialog } from "./SubmitDialog";
import { TimeNoticeBar } from "./TimeNoticeBar";

const isAnswered = (answer: AnswerState | undefined) =>
  answer !== undefined && answer.response.length > 0;

/**
 * The test: one question at a time, a navigator, the server's countdown,
 * and each answer's "saved ✓" once the server has it. Laid out to the
 * screen: the top bar, the question scrolling on its own, and the action
 * bar (saved state, ←, flag, →, finish) always in sight. Usable with the
 * keyboard alone: digits choose, arrows move, F flags. A Likert statement
 * shows its scale as one row of large radio buttons, keys 1–N its points.
 */
export function TestScreen({
  kiosk,
  state,
  attempt,
  facts,
  session,
  blocked,
}: {
  kiosk: Kiosk;
  state: SessionState;
  attempt: KioskAttemptView;
  facts: ProgramFacts | null;
  session: AttemptSession;
  /** The full-screen overlay is up: keys do nothing here. */
  blocked: boolean;
}) {
  const { t, language, errorIdText } = useI18n();
  const serverNow = useServerNow(state.offset);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const stemRef = useRef<HTMLHeadingElement>(null);
  const optionsRef = useRef<HTMLDivElement>(null);

  const { items } = attempt;
  const index = state.currentIndex;
  const item = items[index];
  const paused = attempt.state === "paused";
  const canAnswer = !paused && state.stopped === null;
  const answer = item ? state.answers[item.id] : undefined;
  const remaining = serverNow === null ? null : remainingAt(attempt, serverNow);
  const kind = programKindOf(attempt, facts);
  const wording = WORDING[kind];

  const choose = (optionId: string) => {
    if (!item || !canAnswer) return;
    const next = chooseOption(
      item.type,
      answer?.response ?? [],
      optionId,
      item.options.map((option) => option.id),
    );
    void session.answer(item.id, next);
  };
  /** A digit key: the option at its position, if there is one. */
  const chooseAt = (index: number) => {
    if (!item || !canAnswer) return;
    const next = chooseByKey(
      item.type,
      answer?.response ?? [],
      index,
      item.options.map((option) => option.id),
    );
    if (!next) return;
    void session.answer(item.id, next);
    // Focus in the options follows the key, so the ring and the choice
    // do not sit on two different points.
    const group = optionsRef.current;
    if (group?.contains(document.activeElement)) {
      const inputs = group.querySelectorAll<HTMLInputElement>("input");
      inputs.item(index)?.focus({ preventScroll: true });
    }
  };

  // The latest `choose` for the key handler, without re-binding each render.
  const keyHandler = useRef<(event: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    keyHandler.current = (event) => {
      if (blocked || paused || confirming || !item) return;
      const action = testKeyAction(event);
      if (!action) return;
      // Arrow keys would also move a radio group's selection: ours wins.
      event.preventDefault();
      switch (action.kind) {
        case "choose":
          chooseAt(action.index);
          break;
        case "previous":
          session.goTo(index - 1);
          break;
        case "next":
          session.goTo(index + 1);
          break;
        case "flag":
          session.toggleFlag(item.id);
          break;
      }
    };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => keyHandler.current(event);
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  // A question that replaced the focused control hands focus to its text.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) {
      stemRef.current?.focus({ preventScroll: true });
    }
  }, [index]);

  if (!item) return null;

  // An assessment's sections are its scales: never named to the candidate.
  const section = showsSections(kind)
    ? attempt.program.sections.find(
        (candidate) => candidate.id === item.sectionId,
      )
    : undefined;
  const flagged = state.flagged.includes(item.id);
  const likert = item.type === "likert";
  const single = choosesOne(item.type);
  const unanswered = items.filter(
    (candidate) => !isAnswered(state.answers[candidate.id]),
  ).length;
  const flaggedCount = items.filter((candidate) =>
    state.flagged.includes(candidate.id),
  ).length;

  async function submit() {
    setSubmitting(true);
    setSubmitError(null);
    const failed = await session.submit();
    if (failed) {
      setSubmitError(
        failed === "answers_unsent" ? t("submit.unsent") : errorIdText(failed),
      );
      setSubmitting(false);
    }
  }

  // Refused by a full or restarting database: kept here, sent again.
  const held =
    answer?.status === "pending" &&
    answer.error !== null &&
    STORAGE_ERRORS.has(answer.error);
  let saveText = "";
  if (answer) {
    switch (answer.status) {
      case "saved":
        saveText =
          answer.savedAt === null
            ? ""
            : t("test.saved", {
                time: formatClockTime(answer.savedAt, kiosk.timezone),
              });
        break;
      case "pending":
        saveText = held
          ? t("test.serverCannotSave")
          : state.connection === "live"
            ? t("test.saving")
            : t("test.kept");
        break;
      case "rejected":
        saveText = t("test.notSaved", {
          error: errorIdText(answer.error ?? "generic"),
        });
        break;
    }
  }

  return (
    <Frame
      identity={
        <SeatIdentity
          connection={state.connection}
          kiosk={kiosk}
          candidate={attempt.candidate.fullName}
        />
      }
      notice={
        <TimeNoticeBar
          notice={state.timeNotice}
          onDone={session.dismissTimeNotice}
        />
      }
      center={
        <Countdown
          remainingMs={remaining}
          label={t("timer.label")}
          paused={paused}
          warn
        />
      }
      fitted
    >
      <div className="test" inert={paused || confirming}>
        <Navigator
          attempt={attempt}
          state={state}
          wording={wording}
          sections={showsSections(kind)}
          onGo={(target) => session.goTo(target)}
        />
        <div className="test__main">
          {state.connection !== "live" ? (
            <p
              className="banner banner--offline"
              role="status"
              data-testid="offline-banner"
            >
              {t("test.offline")}
            </p>
          ) : null}
          {state.stopped ? (
            <p className="banner banner--stopped" role="alert">
              {errorIdText(state.stopped)}
            </p>
          ) : null}
          <section
            className="question"
            aria-labelledby="question-number question-stem"
            key={item.id}
          >
            <div className="question__meta">
              <span id="question-number" data-testid="question-number">
                {t(wording.number, { n: index + 1, total: items.length })}
              </span>
              {section ? (
                <span>
                  {t("test.section", { name: section.titles[language] })}
                </span>
              ) : null}
            </div>
            <h2
              id="question-stem"
              className="question__stem"
              lang={item.language}
              tabIndex={-1}
              ref={stemRef}
            >
              {item.stem}
            </h2>
            <p
              id="question-kind"
              className="question__kind"
              data-kind={item.type}
            >
              <svg viewBox="0 0 20 20" aria-hidden="true">
                {single ? (
                  <circle
                    cx="10"
                    cy="10"
                    r="6"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="2.5"
                  />
                ) : (
                  <rect
                    x="4"
                    y="4"
                    width="12"
                    height="12"
                    rx="2"
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="2.5"
                  />
                )}
              </svg>
              {likert
                ? t("test.likert")
                : single
                  ? t("test.single")
                  : t("test.multiple")}
            </p>
            <div
              ref={optionsRef}
              className={likert ? "options options--scale" : "options"}
              role={single ? "radiogroup" : "group"}
              // A statement alone labels its scale (the kind describes it);
              // a question's label includes its kind.
              aria-labelledby={
                likert ? "question-stem" : "question-stem question-kind"
              }
              aria-describedby={likert ? "question-kind" : undefined}
              data-kind={item.type}
              style={
                likert
                  ? ({
                      "--points": item.options.length,
                    } as CSSProperties)
                  : undefined
              }
            >
              {item.options.map((option, position) => {
                const checked = answer?.response.includes(option.id) ?? false;
                return (
                  <label
                    key={option.id}
                    className={likert ? "option option--point" : "option"}
                    data-checked={checked}
                  >
                    <input
                      type={single ? "radio" : "checkbox"}
                      name={`item-${item.id}`}
                      value={option.id}
                      checked={checked}
                      disabled={!canAnswer}
                      onChange={() => choose(option.id)}
                    />
                    <span className="option__key" aria-hidden="true">
                      {position + 1}
                    </span>
                    <span className="option__text" lang={item.language}>
                      {option.text}
                    </span>
                  </label>
                );
              })}
            </div>
            <p className="keys-hint" aria-hidden="true">
              {likert
                ? t("test.keysScale", { max: item.options.length })
                : t("test.keys")}
            </p>
          </section>
        </div>
        <div className="test__actions">
          <p
            className="save-status"
            data-status={held ? "held" : (answer?.status ?? "none")}
            data-testid="save-status"
            aria-live="polite"
          >
            {saveText}
          </p>
          <button
            type="button"
            className="button button--secondary"
            disabled={index === 0}
            onClick={() => session.goTo(index - 1)}
          >
            ← {t("test.previous")}
          </button>
          <button
            type="button"
            className="button button--flag"
            aria-pressed={flagged}
            onClick={() => session.toggleFlag(item.id)}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true">
              <path
                d="M5 18V3h9l-2 4 2 4H5"
                fill={flagged ? "currentColor" : "none"}
                stroke="currentColor"
                strokeWidth="2"
                strokeLinejoin="round"
              />
            </svg>
            {flagged ? t("test.flagged") : t("test.flag")}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={index === items.length - 1}
            onClick={() => session.goTo(index + 1)}
          >
            {t("test.next")} →
          </button>
          <button
            type="button"
            className="button button--finish"
            onClick={() => {
              setSubmitError(null);
              setConfirming(true);
            }}
          >
            {t("test.finish")}
          </button>
        </div>
      </div>
      {paused ? (
        <div className="overlay">
          <section
            className="overlay__panel"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="paused-title"
            data-testid="paused"
          >
            <h1 id="paused-title">{t("paused.title")}</h1>
            <p className="lead">{t("paused.lead")}</p>
            {state.reason ? (
              <p className="notice notice--warning">
                {t("paused.reason", { reason: state.reason })}
              </p>
            ) : null}
          </section>
        </div>
      ) : null}
      <SubmitDialog
        open={confirming && !paused}
        wording={wording}
        unanswered={unanswered}
        flagged={flaggedCount}
        busy={submitting}
        error={submitError}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void submit()}
      />
    </Frame>
  );
}
