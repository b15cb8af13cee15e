import { useEffect, useState } from "react";
import type { AttentionItem } from "@shared/reconciler";
import { ErrorAlert } from "../../components/common";
import { Icon } from "../../components/Icon";
import { formatDateTime } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import { listAttentionItems, retryAttentionItem } from "./api";

/** The reconciler runs every minute; the list follows it closely enough. */
const REFRESH_MS = 30_000;

/**
 * Jobs the reconciler could not mend (a document that keeps failing to
 * render, a scoring that keeps throwing): each with its error and a Retry
 * button, for whoever keeps the center's machines running. Shown only
 * when something is stuck.
 */
export function NeedsAttention() {
  const { t } = useI18n();
  const items = useResource("reconciler-items", listAttentionItems);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { reload } = items;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  async function retry(item: AttentionItem) {
    setRetrying(item.itemId);
    setError(null);
    try {
      await retryAttentionItem(item.itemId);
    } catch (caught) {
      setError(caught);
    } finally {
      setRetrying(null);
      reload();
    }
  }

  const rows = items.data?.items ?? [];
  if (rows.length === 0 && !error && !items.error) return null;
  return (
    <section
      className="card"
      aria-labelledby="needs-attention"
      data-testid="needs-attention"
    >
      <h2 id="needs-attention">
        <Icon name="warning" size={20} /> {t("attention.title")}
      </h2>
      <p className="muted">{t("attention.lead")}</p>
      <ErrorAlert error={error ?? items.error} />
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("attention.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("attention.job")}</th>
                <th scope="col">{t("attention.subject")}</th>
                <th scope="col">{t("attention.error")}</th>
                <th scope="col">{t("attention.failedAt")}</th>
                <th scope="col">{t("attention.attempts")}</th>
                <th scope="col">
                  <span className="sr-only">{t("slots.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.itemId} data-item={item.itemId}>
                  <th scope="row">{t(`attention.job.${item.job}`)}</th>
                  <td className="mono small">
                    {item.attemptId
                      ? t("attention.attempt", {
                          id: item.attemptId.slice(0, 8),
                        })
                      : t("attention.slot", { id: item.slotId.slice(0, 8) })}
                  </td>
                  <td className="mono small attention-error">{item.error}</td>
                  <td className="mono">
                    {item.failedAt
                      ? formatDateTime(new Date(item.failedAt).toISOString())
                      : t("common.none")}
                  </td>
                  <td className="mono">{item.attempts}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      disabled={retrying !== null}
                      onClick={() => void retry(item)}
                    >
                      {retrying === item.itemId ? (
                        <span className="spinner" aria-hidden="true" />
                      ) : null}
                      {t("attention.retry")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
