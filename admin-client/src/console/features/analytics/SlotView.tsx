import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert, ErrorAlert, Loading } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { ApiError } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { programQueries } from "../../../lib/queries";
import { analyticsQueries, recomputeSlot, slotExportUrl } from "./api";
import { ComplianceView } from "./ComplianceView";
import { DistributionView } from "./DistributionView";
import { ItemsTable } from "./ItemsTable";

/** One slot's analytics, its exports, and (for managers) a recompute. */
export function SlotView({
  slotId,
  canRecompute,
  onBack,
}: {
  slotId: string;
  canRecompute: boolean;
  onBack: () => void;
}) {
  const { t, localized, errorText } = useI18n();
  const analytics = useQuery(analyticsQueries.slot(slotId));
  const programs = useQuery(programQueries.list());
  const recompute = useMutation({ mutationFn: () => recomputeSlot(slotId) });
  const data = analytics.data;
  const program = programs.data?.find(
    (candidate) => candidate.id === data?.programId,
  );
  const sectionTitle = (sectionId: string) =>
    localized(
      program?.sections.find((section) => section.id === sectionId)?.titles,
    ) || sectionId;

  const notice = recompute.isSuccess
    ? t("analytics.recomputeQueued")
    : recompute.error
      ? errorText(recompute.error)
      : null;

  return (
    <>
      <div className="toolbar no-print">
        <button type="button" className="button button--small" onClick={onBack}>
          {t("analytics.backToProgram")}
        </button>
        {canRecompute ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => recompute.mutate()}
          >
            {t("analytics.recompute")}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--small"
          onClick={() => void analytics.refetch()}
        >
          {t("common.refresh")}
        </button>
      </div>
      {notice ? (
        <Alert kind="info">
          <p>{notice}</p>
        </Alert>
      ) : null}
      {analytics.isLoading ? <Loading /> : null}
      {analytics.error instanceof ApiError &&
      analytics.error.id === "analytics_not_ready" ? (
        <Alert kind="info">
          <p>{t("analytics.notReady")}</p>
        </Alert>
      ) : (
        <ErrorAlert error={analytics.error} />
      )}
      {data ? (
        <>
          <section
            className="card analytics__section"
            aria-labelledby="analytics-slot"
          >
            <h2 id="analytics-slot">
              {t("analytics.slotView")}:{" "}
              {program ? localized(program.titles) : data.programId},{" "}
              {formatDateTime(new Date(data.startsAt).toISOString())}
            </h2>
            <p className="analytics__subtitle">
              {t("analytics.computedAt", {
                time: formatDateTime(new Date(data.computedAt).toISOString()),
              })}
            </p>
            <DistributionView
              distribution={data.distribution}
              threshold={data.minCorrectTotal}
              sectionTitle={sectionTitle}
            />
            <div className="toolbar no-print">
              <a
                className="button button--small"
                href={slotExportUrl(slotId, "results.csv")}
                download
              >
                <Icon name="download" size={18} />
                {t("analytics.export.resultsCsv")}
              </a>
              <a
                className="button button--small"
                href={slotExportUrl(slotId, "results.xlsx")}
                download
              >
                <Icon name="download" size={18} />
                {t("analytics.export.resultsXlsx")}
              </a>
              <a
                className="button button--small"
                href={slotExportUrl(slotId, "archive.json")}
                download
              >
                <Icon name="download" size={18} />
                {t("analytics.export.archive")}
              </a>
            </div>
          </section>
          <section
            className="card analytics__section"
            aria-labelledby="analytics-slot-items"
          >
            <h2 id="analytics-slot-items">{t("analytics.items")}</h2>
            <p>{t("analytics.itemsLead")}</p>
            <ItemsTable items={data.items} sectionTitle={sectionTitle} />
          </section>
          <section
            className="card analytics__section"
            aria-labelledby="analytics-slot-compliance"
          >
            <h2 id="analytics-slot-compliance">{t("analytics.compliance")}</h2>
            <p>{t("analytics.complianceLead")}</p>
            <ComplianceView stages={data.compliance.stages} />
          </section>
        </>
      ) : null}
    </>
  );
}
