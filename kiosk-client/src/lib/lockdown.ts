import { useEffect, useState } from "react";
import type { IncidentReport } from "@shared/attempts";
import { monotonicNow } from "./clock";
import { blockedShortcut } from "./keyboard";

/**
 * The kiosk's lock-down during the instructions and the test: what the
 * browser lets a page block, it blocks; what it cannot (Alt+Tab, leaving
 * full screen), it reports to the hall's console as incidents with their
 * duration. The real lock is the kiosk's launch and policy (launch/).
 */

export type Report = (incident: Omit<IncidentReport, "attemptId">) => void;

/**
 * Element full screen, or a browser that is itself full screen (Chromium
 * started with --kiosk): either keeps the desktop out of sight.
 */
export function isFullscreen(): boolean {
  return (
    document.fullscreenElement !== null ||
    window.matchMedia("(display-mode: fullscreen)").matches
  );
}

interface KeyboardLock {
  lock?: (keys?: string[]) => Promise<void>;
}

/**
 * Enters full screen; must run inside a click (a user gesture). Where the
 * browser offers the Keyboard Lock API, Escape then needs a long press.
 */
export async function enterFullscreen(): Promise<void> {
  try {
    if (!document.fullscreenElement) {
      await document.documentElement.requestFullscreen({
        navigationUI: "hide",
      });
    }
    const keyboard = (navigator as Navigator & { keyboard?: KeyboardLock })
      .keyboard;
    await keyboard?.lock?.([
      "Escape",
      "F11",
      "MetaLeft",
      "MetaRight",
      "AltLeft",
      "Tab",
    ]);
  } catch {
    // Refused (no gesture, or a policy): the overlay stays and says why.
  }
}

const SHORTCUT_REPORT_MS = 10_000;
const RESIZE_SETTLE_MS = 800;
/** Resizes this soon after a full-screen change are that change. */
const FULLSCREEN_RESIZE_MS = 2_000;

const isTextField = (target: EventTarget | null) =>
  target instanceof HTMLInputElement && target.type === "text";

/** Installs the listeners; returns their removal. */
export function installLockdown(
  report: Report,
  onFullscreenChange: (fullscreen: boolean) => void,
): () => void {
  let fullscreenLeftAt: number | null = null;
  let fullscreenChangedAt = 0;
  let blurredAt: number | null = null;
  let hiddenAt: number | null = null;
  let resizeTimer: number | undefined;
  let shortcutTimer: number | undefined;
  let lastShortcutReport = -Infinity;
  const blocked: string[] = [];
  const elapsed = (since: number) => Math.round(monotonicNow() - since);

  const flushShortcuts = () => {
    shortcutTimer = undefined;
    if (blocked.length === 0) return;
    const counts = new Map<string, number>();
    for (const label of blocked.splice(0)) {
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    lastShortcutReport = monotonicNow();
    report({
      type: "blocked_shortcut",
      detail: [...counts]
        .map(([label, count]) => (count > 1 ? `${label} ×${count}` : label))
        .join(", "),
    });
  };
  // The first attempt is reported at once, then at most one report per
  // ten seconds, so a candidate hammering Ctrl+C does not flood the hall.
  const blockedAction = (label: string) => {
    blocked.push(label);
    if (shortcutTimer !== undefined) return;
    const wait = lastShortcutReport + SHORTCUT_REPORT_MS - monotonicNow();
    if (wait <= 0) flushShortcuts();
    else shortcutTimer = window.setTimeout(flushShortcuts, wait);
  };

  const onFullscreen = () => {
    fullscreenChangedAt = monotonicNow();
    const full = isFullscreen();
    onFullscreenChange(full);
    if (!full) {
      fullscreenLeftAt ??= monotonicNow();
    } else if (fullscreenLeftAt !== null) {
      report({
        type: "fullscreen_exit",
        durationMs: elapsed(fullscreenLeftAt),
      });
      fullscreenLeftAt = null;
    }
  };
  const onBlur = () => {
    blurredAt ??= monotonicNow();
  };
  const onFocus = () => {
    if (blurredAt === null) return;
    report({ type: "focus_loss", durationMs: elapsed(blurredAt) });
    blurredAt = null;
  };
  const onVisibility = () => {
    if (document.visibilityState === "hidden") {
      hiddenAt ??= monotonicNow();
    } else if (hiddenAt !== null) {
      report({ type: "page_hidden", durationMs: elapsed(hiddenAt) });
      hiddenAt = null;
    }
  };
  const onResize = () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      if (monotonicNow() - fullscreenChangedAt < FULLSCREEN_RESIZE_MS) return;
      report({
        type: "resize",
        detail: `${window.innerWidth}×${window.innerHeight}`,
      });
    }, RESIZE_SETTLE_MS);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const label = blockedShortcut(event);
    if (!label) return;
    event.preventDefault();
    event.stopPropagation();
    blockedAction(label);
  };
  const prevent = (label: string) => (event: Event) => {
    if (isTextField(event.target)) return;
    event.preventDefault();
    if (label) blockedAction(label);
  };
  const onContextMenu = prevent("context menu");
  const onCopy = prevent("");
  const onSelect = prevent("");
  const onDrag = prevent("drag");
  const onPrint = () => blockedAction("print");
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older Chromium needs returnValue set to show the dialog.
    event.returnValue = "";
  };

  const listeners: [EventTarget, string, EventListener, boolean][] = [
    [document, "fullscreenchange", onFullscreen, false],
    [window, "blur", onBlur, false],
    [window, "focus", onFocus, false],
    [document, "visibilitychange", onVisibility, false],
    [window, "resize", onResize, false],
    [window, "keydown", onKeyDown as EventListener, true],
    [document, "contextmenu", onContextMenu, true],
    [document, "copy", onCopy, true],
    [document, "cut", onCopy, true],
    [document, "paste", onCopy, true],
    [document, "selectstart", onSelect, true],
    [document, "dragstart", onDrag, true],
    [document, "drop", onDrag, true],
    [window, "beforeprint", onPrint, false],
    [window, "beforeunload", onBeforeUnload, false],
  ];
  for (const [target, type, listener, capture] of listeners) {
    target.addEventListener(type, listener, capture);
  }
  onFullscreenChange(isFullscreen());
  return () => {
    for (const [target, type, listener, capture] of listeners) {
      target.removeEventListener(type, listener, capture);
    }
    window.clearTimeout(resizeTimer);
    window.clearTimeout(shortcutTimer);
    flushShortcuts();
  };
}

/**
 * Lock-down while `active`; returns whether the page is full screen, for
 * the blocking overlay.
 */
export function useLockdown(active: boolean, report: Report): boolean {
  const [fullscreen, setFullscreen] = useState(isFullscreen);
  useEffect(() => {
    if (!active) return;
    return installLockdown(report, setFullscreen);
  }, [active, report]);
  return fullscreen;
}
