import { Alert, ErrorAlert } from "../../../components/common";
import { useI18n, type MessageKey } from "../../../lib/i18n";

/** A change that went through, said once under the form that made it. */
export type Outcome = { ok: MessageKey } | { error: unknown } | null;

/** The outcome of a change (a mutation): its success in words, or its error. */
export function outcomeOf(
  change: { isSuccess: boolean; error: unknown },
  ok: MessageKey,
): Outcome {
  if (change.isSuccess) return { ok };
  return change.error ? { error: change.error } : null;
}

export function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  if (!outcome) return null;
  if ("error" in outcome) return <ErrorAlert error={outcome.error} />;
  return (
    <Alert kind="success">
      <p>{t(outcome.ok)}</p>
    </Alert>
  );
}
