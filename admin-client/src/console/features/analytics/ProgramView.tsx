import { useQuery } from "@tanstack/react-query";
import { ITEM_LANGUAGES } from "@shared/analytics";
import { ErrorAlert, Link, Loading } from "../../../components/common";
import { SelectField, TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { ApiError } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { programQueries } from "../../../lib/queries";
import { useScopedCenters } from "../auth/scope";
import { ComplaintCounts } from "../complaints/ComplaintCounts";
import { analyticsQueries, itemsExportUrl } from "./api";
import { ComplianceView } from "./ComplianceView";
import { DistributionView } from "./DistributionView";
import { percent, rangeOf } from "./figures";
import { ItemsTable } from "./ItemsTable";
import { LanguageView } from "./LanguageView";
import { ReliabilityView } from "./ReliabilityView";

/**
 * A program over a period (the page's query string keeps the choices):
 * its score distribution and slots, its item statistics and kk/ru
 * comparison (for a personal-qualities program, which has no scores, the
 * reliability of its scales instead), and a center's service-standard
 * compliance.
 */
export function ProgramView({
  search,
  setParam,
}: {
  search: URLSearchParams;
  setParam: (name: string, value: string | null) => void;
}) {
  const { t, localized } = useI18n();
  const programs = useQuery(programQueries.list());
  const centers = useScopedCenters();
  const programId = search.get("program") ?? programs.data?.[0]?.id ?? null;
  const centerId = search.get("center") ?? centers.data?.[0]?.id ?? null;
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  const language =
    ITEM_LANGUAGES.find((option) => option === search.get("lang")) ?? "all";
  const range = rangeOf(from, to);
  const program = programs.data?.find(
    (candidate) => candidate.id === programId,
  );
  const assessment = program?.kind === "personal-qualities";

  const summary = useQuery({
    ...analyticsQueries.program(programId ?? "", range),
    enabled: programId !== null && !assessment,
  });
  const items = useQuery({
    ...analyticsQueries.items(programId ?? "", language),
    enabled: programId !== null && !assessment,
  });
  const compliance = useQuery({
    ...analyticsQueries.compliance(centerId ?? "", range),
    enabled: centerId !== null,
  });
  const sectionTitle = (sectionId: string) =>
    localized(
      program?.sections.find((section) => section.id === sectionId)?.titles,
    ) || sectionId;

  return (
    <>
      <div className="toolbar no-print" role="search">
        <SelectField
          label={t("analytics.program")}
          value={programId ?? ""}
          onChange={(value) => setParam("program", value)}
          options={(programs.data ?? []).map((option) => ({
            value: option.id,
            label: localized(option.titles),
          }))}
        />
        <TextField
          label={t("analytics.from")}
          type="date"
          value={from}
          onChange={(value) => setParam("from", value)}
        />
        <TextField
          label={t("analytics.to")}
          type="date"
          value={to}
          onChange={(value) => setParam("to", value)}
        />
      </div>
      <ErrorAlert error={programs.error} />

      {assessment && programId ? (
        <ReliabilityView
          programId={programId}
          programTitle={program ? localized(program.titles) : ""}
          sectionTitle={sectionTitle}
        />
      ) : (
        <>
          <section
            className="card analytics__section"
            aria-labelledby="analytics-distribution"
          >
            <h2 id="analytics-distribution">{t("analytics.distribution")}</h2>
            {program ? (
              <p className="analytics__subtitle">{localized(program.titles)}</p>
            ) : null}
            {summary.error ? <ErrorAlert error={summary.error} /> : null}
            {summary.isLoading ? <Loading /> : null}
            {summary.data ? (
              <>
                <DistributionView
                  distribution={summary.data.distribution}
                  threshold={summary.data.minCorrectTotal}
                  sectionTitle={sectionTitle}
                />
                <h3>{t("analytics.slots")}</h3>
                {summary.data.slots.length === 0 ? (
                  <p>{t("analytics.noSlots")}</p>
                ) : (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t("analytics.slot")}</th>
                          <th scope="col">{t("analytics.candidates")}</th>
                          <th scope="col">{t("analytics.passRate")}</th>
                          <th scope="col" className="no-print">
                            <span className="sr-only">
                              {t("analytics.open")}
                            </span>
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {summary.data.slots.map((slot) => (
                          <tr key={slot.slotId}>
                            <td>
                              {formatDateTime(
                                new Date(slot.startsAt).toISOString(),
                              )}
                            </td>
                            <td>{slot.candidates}</td>
                            <td>{percent(slot.passRate)}</td>
                            <td className="no-print">
                              <Link
                                to={`/admin/analytics?slot=${encodeURIComponent(slot.slotId)}`}
                              >
                                {t("analytics.open")}
                              </Link>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </>
            ) : null}
          </section>

          <section
            className="card analytics__section"
            aria-labelledby="analytics-items"
          >
            <h2 id="analytics-items">{t("analytics.items")}</h2>
            <p>{t("analytics.itemsLead")}</p>
            <div className="toolbar no-print">
              <SelectField
                label={t("analytics.language")}
                value={language}
                onChange={(value) =>
                  setParam("lang", value === "all" ? null : value)
                }
                options={ITEM_LANGUAGES.map((option) => ({
                  value: option,
                  label: t(`analytics.language.${option}`),
                }))}
              />
              {programId ? (
                <>
                  <a
                    className="button button--small"
                    href={itemsExportUrl(programId, "csv", language)}
                    download
                  >
                    <Icon name="download" size={18} />
                    {t("analytics.export.itemsCsv")}
                  </a>
                  <a
                    className="button button--small"
                    href={itemsExportUrl(programId, "xlsx", language)}
                    download
                  >
                    <Icon name="download" size={18} />
                    {t("analytics.export.itemsXlsx")}
                  </a>
                </>
              ) : null}
            </div>
            <NotReady error={items.error} fallback="analytics.noItems" />
            {items.data ? (
              <ItemsTable
                items={items.data.items}
                sectionTitle={sectionTitle}
              />
            ) : null}
          </section>

          {items.data ? (
            <section
              className="card analytics__section"
              aria-labelledby="analytics-languages"
            >
              <h2 id="analytics-languages">{t("analytics.languages")}</h2>
              <p>
                {t("analytics.languagesLead", {
                  margin: percent(items.data.settings.languageMargin),
                })}
              </p>
              <LanguageView rows={items.data.languages} />
            </section>
          ) : null}
        </>
      )}

      <section
        className="card analytics__section"
        aria-labelledby="analytics-compliance"
      >
        <h2 id="analytics-compliance">{t("analytics.compliance")}</h2>
        <p>{t("analytics.complianceLead")}</p>
        <div className="toolbar no-print">
          <SelectField
            label={t("analytics.center")}
            value={centerId ?? ""}
            onChange={(value) => setParam("center", value)}
            options={(centers.data ?? []).map((option) => ({
              value: option.id,
              label: localized(option.name),
            }))}
          />
        </div>
        <ErrorAlert error={compliance.error} />
        {compliance.data ? (
          <ComplianceView stages={compliance.data.stages} />
        ) : null}
        <ComplaintCounts counts={compliance.data?.complaints} />
      </section>
    </>
  );
}

/** "Not computed yet" as guidance, other errors as errors. */
function NotReady({
  error,
  fallback,
}: {
  error: unknown;
  fallback: MessageKey;
}) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && error.id === "analytics_not_ready")
    return <p>{t(fallback)}</p>;
  return <ErrorAlert error={error} />;
}
