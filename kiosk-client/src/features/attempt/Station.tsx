import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import type { Kiosk } from "@shared/kiosks";
import { useI18n } from "../../lib/i18n";
import { useLockdown } from "../../lib/lockdown";
import { kioskSocket } from "../../lib/socket";
import { IdleScreen } from "../idle/IdleScreen";
import { FinishedScreen } from "./FinishedScreen";
import { FullscreenOverlay } from "./FullscreenOverlay";
import { IdentityScreen } from "./IdentityScreen";
import { InstructionsScreen } from "./InstructionsScreen";
import { NoticeScreen } from "./NoticeScreen";
import { AttemptSession, LOCKED_STATES } from "./session";
import { TestScreen } from "./TestScreen";
import { useProgramFacts } from "./useProgramFacts";

const DETACHED_NOTICE_MS = 30_000;

/**
 * A seat's kiosk once enrolled: the idle screen until the administrator
 * admits a candidate here, then the attempt's screens, locked down from
 * the instructions to the submission.
 */
export function Station({
  token,
  kiosk,
  onRevoked,
}: {
  token: string;
  kiosk: Kiosk;
  /** The server refused the token: check it, maybe back to enrollment. */
  onRevoked: () => void;
}) {
  const { setLanguage } = useI18n();
  const session = useMemo(
    () => new AttemptSession(kioskSocket(token), { onUnauthorized: onRevoked }),
    [token, onRevoked],
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const { attempt } = state;

  // A new candidate sees the interface in the language of their booking;
  // they may switch it, and that choice holds for their attempt.
  const greeted = useRef<string | null>(null);
  useEffect(() => {
    if (!attempt || greeted.current === attempt.attemptId) return;
    greeted.current = attempt.attemptId;
    if (attempt.state === "admitted") setLanguage(attempt.candidate.language);
  }, [attempt, setLanguage]);

  const locked = attempt !== null && LOCKED_STATES.has(attempt.state);
  const fullscreen = useLockdown(locked, session.report);
  // Knowledge test or assessment: the words on every screen depend on it.
  const facts = useProgramFacts(attempt?.program.id ?? null, token);

  useEffect(() => {
    if (!state.detached) return;
    const timer = window.setTimeout(
      () => session.dismissDetached(),
      DETACHED_NOTICE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [state.detached, session]);

  if (state.detached) {
    return (
      <NoticeScreen
        kiosk={kiosk}
        connection={state.connection}
        kind="detached"
      />
    );
  }
  if (!attempt) {
    return (
      <IdleScreen
        kiosk={kiosk}
        connection={state.connection}
        offset={state.offset}
      />
    );
  }

  const blocked = locked && !fullscreen;
  let screen;
  switch (attempt.state) {
    case "admitted":
      screen = (
        <IdentityScreen
          kiosk={kiosk}
          state={state}
          attempt={attempt}
          session={session}
        />
      );
      break;
    case "instructions":
      screen = (
        <InstructionsScreen
          kiosk={kiosk}
          state={state}
          attempt={attempt}
          facts={facts}
          session={session}
        />
      );
      break;
    case "in_progress":
    case "paused":
      screen = (
        <TestScreen
          kiosk={kiosk}
          state={state}
          attempt={attempt}
          facts={facts}
          session={session}
          blocked={blocked}
        />
      );
      break;
    case "submitted":
    case "expired":
    case "scored":
    case "issued":
      screen = (
        <FinishedScreen
          kiosk={kiosk}
          state={state}
          attempt={attempt}
          facts={facts}
        />
      );
      break;
    case "voided":
      screen = (
        <NoticeScreen
          kiosk={kiosk}
          connection={state.connection}
          kind="voided"
        />
      );
      break;
  }
  return (
    <>
      <div className="station" inert={blocked}>
        {screen}
      </div>
      {blocked ? <FullscreenOverlay /> : null}
    </>
  );
}
