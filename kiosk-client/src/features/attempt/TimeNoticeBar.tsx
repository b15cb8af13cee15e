import { useEffect } from "react";
import { useI18n } from "../../lib/i18n";
import {
  TIME_NOTICE_MS,
  timeNoticeText,
  type TimeNotice,
} from "../../lib/time-notice";

/**
 * Says in words why the countdown jumped or stopped ("5 minutes added to
 * your time", "paused by the administrator"), on screen for a few seconds. The live
 * region is always in the page, so a screen reader announces each notice
 * as its text arrives; it sits outside the test, which a pause makes inert.
 */
export function TimeNoticeBar({
  notice,
  onDone,
}: {
  notice: TimeNotice | null;
  onDone: (id: number) => void;
}) {
  const { t, language } = useI18n();
  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(() => onDone(notice.id), TIME_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, onDone]);
  return (
    <div
      className="time-notice"
      role="status"
      aria-live="polite"
      data-kind={notice?.kind}
      data-testid="time-notice"
    >
      {notice ? (
        <p key={notice.id} className="time-notice__text">
          {timeNoticeText(notice, language, t)}
        </p>
      ) : null}
    </div>
  );
}
