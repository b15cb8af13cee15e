import { useMutation, useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../../components/common";
import { DataTable, HiddenHeader } from "../../../components/DataTable";
import { Icon } from "../../../components/Icon";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { deliveryQueries, retryAttentionItem } from "./api";

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
  const items = useQuery({
    ...deliveryQueries.attentionItems(),
    refetchInterval: REFRESH_MS,
  });
  const retry = useMutation({
    mutationFn: retryAttentionItem,
    meta: { invalidates: [deliveryQueries.attentionItems().queryKey] },
    onError: () => items.refetch(),
  });

  const rows = items.data?.items ?? [];
  if (rows.length === 0 && !retry.error && !items.error) return null;
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
      <ErrorAlert error={retry.error ?? items.error} />
      {rows.length > 0 ? (
        <DataTable
          caption={t("attention.title")}
          rows={rows}
          rowKey={(item) => item.itemId}
          rowData={(item) => ({ "data-item": item.itemId })}
          columns={[
            {
              header: t("attention.job"),
              rowHeader: true,
              cell: (item) => t(`attention.job.${item.job}`),
            },
            {
              header: t("attention.subject"),
              className: "mono small",
              cell: (item) =>
                item.attemptId
                  ? t("attention.attempt", { id: item.attemptId.slice(0, 8) })
                  : t("attention.slot", { id: item.slotId.slice(0, 8) }),
            },
            {
              header: t("attention.error"),
              className: "mono small attention-error",
              cell: (item) => item.error,
            },
            {
              header: t("attention.failedAt"),
              className: "mono",
              cell: (item) =>
                item.failedAt
                  ? formatDateTime(new Date(item.failedAt).toISOString())
                  : t("common.none"),
            },
            {
              header: t("attention.attempts"),
              className: "mono",
              cell: (item) => item.attempts,
            },
            {
              header: <HiddenHeader>{t("slots.actions")}</HiddenHeader>,
              cell: (item) => (
                <button
                  type="button"
                  className="button button--small"
                  disabled={retry.isPending}
                  onClick={() => retry.mutate(item.itemId)}
                >
                  {retry.isPending && retry.variables === item.itemId ? (
                    <span className="spinner" aria-hidden="true" />
                  ) : null}
                  {t("attention.retry")}
                </button>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
}
