import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  Alert,
  ErrorAlert,
  Field,
  Link,
  Loading,
  PageTitle,
} from "../../components/common";
import { Icon } from "../../components/Icon";
import { ApiError } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { useI18n, type MessageKey } from "../../lib/i18n";
import { navigate, useLocation } from "../../lib/router";
import { useResource } from "../../lib/use-resource";
import type { Account } from "../auth/session";
import { dayStart } from "../booking/api";
import { useScopedCenters } from "../auth/scope";
import { listPrograms } from "../slots/api";
import {
  appealsOfItemPath,
  getCenterCompliance,
  getProgramAnalytics,
  getProgramItems,
  getSlotAnalytics,
  itemsExportUrl,
  recomputeSlot,
  slotExportUrl,
  type Distribution,
  type ItemLanguage,
  type ItemStatistics,
  type LanguageComparison,
  type Range,
  type StageCompliance,
} from "./api";
import "./analytics.css";

const PASS = "#1f7a4d";
const FAIL = "#9aa5b1";
const KK = "#1d5fa7";
const RU = "#c4661f";
const CHART_WIDTH = 720;

const percent = (value: number | null) =>
  value === null ? "—" : `${Math.round(value * 100)} %`;
const decimal = (value: number | null, digits = 2) =>
  value === null ? "—" : value.toFixed(digits);

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Whole days in the center's zone: from the first day's start to the last day's end. */
function rangeOf(from: string, to: string): Range {
  return {
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayStart(nextDay(to)) } : {}),
  };
}

/**
 * Results analytics (/admin/analytics): for a program over a period, or one
 * slot (?slot=): the score histogram with the pass threshold, pass rates,
 * item statistics with flags and links to the item's appeals, the kk/ru
 * comparison and service-standard compliance. Managers may recompute;
 * administrators only read. Printable: the controls hide on paper.
 */
export function AnalyticsPage({ account }: { account: Account }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const slotId = search.get("slot");
  const setParam = (name: string, value: string | null) => {
    const params = new URLSearchParams(search);
    if (value) params.set(name, value);
    else params.delete(name);
    const query = params.toString();
    navigate(`/admin/analytics${query ? `?${query}` : ""}`, {
      replace: name !== "slot",
    });
  };
  return (
    <div className="analytics">
      <PageTitle>{t("analytics.title")}</PageTitle>
      <p className="lead">{t("analytics.lead")}</p>
      <div className="toolbar no-print">
        <button
          type="button"
          className="button button--small"
          onClick={() => window.print()}
        >
          <Icon name="print" size={18} />
          {t("analytics.print")}
        </button>
      </div>
      {account.role !== "manager" ? (
        <p className="analytics__note no-print">{t("analytics.readOnly")}</p>
      ) : null}
      {slotId ? (
        <SlotView
          slotId={slotId}
          canRecompute={account.role === "manager"}
          onBack={() => setParam("slot", null)}
        />
      ) : (
        <ProgramView search={search} setParam={setParam} />
      )}
    </div>
  );
}

function ProgramView({
  search,
  setParam,
}: {
  search: URLSearchParams;
  setParam: (name: string, value: string | null) => void;
}) {
  const { t, localized } = useI18n();
  const programs = useResource("analytics:programs", listPrograms);
  const centers = useScopedCenters();
  const programId = search.get("program") ?? programs.data?.[0]?.id ?? null;
  const centerId = search.get("center") ?? centers.data?.[0]?.id ?? null;
  const from = search.get("from") ?? "";
  const to = search.get("to") ?? "";
  const language = (
    ["kk", "ru"].includes(search.get("lang") ?? "") ? search.get("lang") : "all"
  ) as ItemLanguage;
  const range = rangeOf(from, to);
  const rangeKey = `${range.from ?? ""}:${range.to ?? ""}`;
  const program = programs.data?.find(
    (candidate) => candidate.id === programId,
  );

  const summary = useResource(
    programId ? `analytics:program:${programId}:${rangeKey}` : null,
    (signal) => getProgramAnalytics(programId!, range, signal),
  );
  const items = useResource(
    programId ? `analytics:items:${programId}:${language}` : null,
    (signal) => getProgramItems(programId!, language, signal),
  );
  const compliance = useResource(
    centerId ? `analytics:compliance:${centerId}:${rangeKey}` : null,
    (signal) => getCenterCompliance(centerId!, range, signal),
  );
  const sectionTitle = (sectionId: string) =>
    localized(
      program?.sections.find((section) => section.id === sectionId)?.titles,
    ) || sectionId;

  return (
    <>
      <div className="toolbar no-print" role="search">
        <Field label={t("analytics.program")}>
          {(props) => (
            <select
              {...props}
              value={programId ?? ""}
              onChange={(event) => setParam("program", event.target.value)}
            >
              {(programs.data ?? []).map((option) => (
                <option key={option.id} value={option.id}>
                  {localized(option.titles)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("analytics.from")}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={from}
              onChange={(event) => setParam("from", event.target.value)}
            />
          )}
        </Field>
        <Field label={t("analytics.to")}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={to}
              onChange={(event) => setParam("to", event.target.value)}
            />
          )}
        </Field>
      </div>
      <ErrorAlert error={programs.error} />

      <section
        className="card analytics__section"
        aria-labelledby="analytics-distribution"
      >
        <h2 id="analytics-distribution">{t("analytics.distribution")}</h2>
        {program ? (
          <p className="analytics__subtitle">{localized(program.titles)}</p>
        ) : null}
        {summary.error ? <ErrorAlert error={summary.error} /> : null}
        {summary.loading && !summary.data ? <Loading /> : null}
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
                        <span className="sr-only">{t("analytics.open")}</span>
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
          <Field label={t("analytics.language")}>
            {(props) => (
              <select
                {...props}
                value={language}
                onChange={(event) =>
                  setParam(
                    "lang",
                    event.target.value === "all" ? null : event.target.value,
                  )
                }
              >
                {(["all", "kk", "ru"] as const).map((option) => (
                  <option key={option} value={option}>
                    {t(`analytics.language.${option}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
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
          <ItemsTable items={items.data.items} sectionTitle={sectionTitle} />
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

      <section
        className="card analytics__section"
        aria-labelledby="analytics-compliance"
      >
        <h2 id="analytics-compliance">{t("analytics.compliance")}</h2>
        <p>{t("analytics.complianceLead")}</p>
        <div className="toolbar no-print">
          <Field label={t("analytics.center")}>
            {(props) => (
              <select
                {...props}
                value={centerId ?? ""}
                onChange={(event) => setParam("center", event.target.value)}
              >
                {(centers.data ?? []).map((option) => (
                  <option key={option.id} value={option.id}>
                    {localized(option.name)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ErrorAlert error={compliance.error} />
        {compliance.data ? (
          <ComplianceView stages={compliance.data.stages} />
        ) : null}
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

function SlotView({
  slotId,
  canRecompute,
  onBack,
}: {
  slotId: string;
  canRecompute: boolean;
  onBack: () => void;
}) {
  const { t, localized, errorText } = useI18n();
  const analytics = useResource(`analytics:slot:${slotId}`, (signal) =>
    getSlotAnalytics(slotId, signal),
  );
  const programs = useResource("analytics:programs", listPrograms);
  const [notice, setNotice] = useState<string | null>(null);
  const data = analytics.data;
  const program = programs.data?.find(
    (candidate) => candidate.id === data?.programId,
  );
  const sectionTitle = (sectionId: string) =>
    localized(
      program?.sections.find((section) => section.id === sectionId)?.titles,
    ) || sectionId;

  async function recompute() {
    try {
      await recomputeSlot(slotId);
      setNotice(t("analytics.recomputeQueued"));
    } catch (error) {
      setNotice(errorText(error));
    }
  }

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
            onClick={() => void recompute()}
          >
            {t("analytics.recompute")}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--small"
          onClick={analytics.reload}
        >
          {t("common.refresh")}
        </button>
      </div>
      {notice ? (
        <Alert kind="info">
          <p>{notice}</p>
        </Alert>
      ) : null}
      {analytics.loading && !data ? <Loading /> : null}
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

function DistributionView({
  distribution,
  threshold,
  sectionTitle,
}: {
  distribution: Distribution;
  threshold: number;
  sectionTitle: (sectionId: string) => string;
}) {
  const { t } = useI18n();
  const minutes =
    distribution.meanTimeUsedMs === null
      ? "—"
      : t("analytics.minutes", {
          count: Math.round(distribution.meanTimeUsedMs / 60_000),
        });
  return (
    <>
      <dl className="analytics__facts">
        <div>
          <dt>{t("analytics.candidates")}</dt>
          <dd>{distribution.candidates}</dd>
        </div>
        <div>
          <dt>{t("analytics.passRate")}</dt>
          <dd data-testid="pass-rate">{percent(distribution.passRate)}</dd>
        </div>
        <div>
          <dt>{t("analytics.meanTime")}</dt>
          <dd>{minutes}</dd>
        </div>
        <div>
          <dt>{t("analytics.incidentsPer100")}</dt>
          <dd>{decimal(distribution.incidentsPer100, 1)}</dd>
        </div>
        <div>
          <dt>{t("analytics.pausesPer100")}</dt>
          <dd>{decimal(distribution.pausesPer100, 1)}</dd>
        </div>
      </dl>
      <figure
        className="analytics__chart"
        data-chart="histogram"
        role="img"
        aria-label={t("analytics.histogramLabel")}
      >
        <BarChart
          width={CHART_WIDTH}
          height={280}
          data={distribution.histogram}
          margin={{ top: 24, right: 16, bottom: 24, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="correct"
            label={{
              value: t("analytics.axis.correct"),
              position: "insideBottom",
              offset: -12,
            }}
          />
          <YAxis
            allowDecimals={false}
            label={{
              value: t("analytics.axis.candidates"),
              angle: -90,
              position: "insideLeft",
            }}
          />
          <Tooltip />
          <Bar
            dataKey="candidates"
            name={t("analytics.axis.candidates")}
            isAnimationActive={false}
          >
            {distribution.histogram.map((bin) => (
              <Cell
                key={bin.correct}
                fill={bin.correct >= threshold ? PASS : FAIL}
              />
            ))}
          </Bar>
          <ReferenceLine
            x={threshold}
            stroke="#b42318"
            strokeWidth={2}
            strokeDasharray="6 3"
            label={{
              value: t("analytics.threshold", { count: threshold }),
              position: "top",
              fill: "#b42318",
            }}
            className="analytics__threshold"
          />
        </BarChart>
        <figcaption>
          {t("analytics.threshold", { count: threshold })}
        </figcaption>
      </figure>
      <h3>{t("analytics.sectionPassRates")}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("analytics.section")}</th>
              <th scope="col">{t("analytics.passRate")}</th>
            </tr>
          </thead>
          <tbody>
            {distribution.sectionPassRates.map((section) => (
              <tr key={section.sectionId}>
                <td>{sectionTitle(section.sectionId)}</td>
                <td>{percent(section.passRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ItemsTable({
  items,
  sectionTitle,
}: {
  items: ItemStatistics[];
  sectionTitle: (sectionId: string) => string;
}) {
  const { t } = useI18n();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const shown = (
    flaggedOnly ? items.filter((item) => item.flags.length > 0) : items
  )
    .slice()
    .sort(
      (a, b) =>
        b.flags.length - a.flags.length || a.itemId.localeCompare(b.itemId),
    );
  return (
    <>
      <label className="analytics__check no-print">
        <input
          type="checkbox"
          checked={flaggedOnly}
          onChange={(event) => setFlaggedOnly(event.target.checked)}
        />
        {t("analytics.flaggedOnly")}
      </label>
      <div className="table-wrap">
        <table className="analytics__items">
          <thead>
            <tr>
              <th scope="col">{t("analytics.item")}</th>
              <th scope="col">{t("analytics.drawn")}</th>
              <th scope="col">{t("analytics.facility")}</th>
              <th scope="col">{t("analytics.discrimination")}</th>
              <th scope="col">{t("analytics.options")}</th>
              <th scope="col">{t("analytics.omitted")}</th>
              <th scope="col">{t("analytics.timeOnItem")}</th>
              <th scope="col">{t("analytics.flags")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr
                key={item.itemId}
                data-item={item.itemId}
                data-flagged={item.flags.length > 0 ? "true" : undefined}
              >
                <th scope="row">
                  {item.itemId}
                  <span className="analytics__section-name">
                    {sectionTitle(item.sectionId)}
                  </span>
                </th>
                <td>{item.drawn}</td>
                <td>{percent(item.facility)}</td>
                <td>{decimal(item.discrimination)}</td>
                <td>
                  <ul className="analytics__options">
                    {item.optionShares.map((option) => (
                      <li key={option.optionId}>
                        <span
                          className={option.key ? "analytics__key" : undefined}
                        >
                          {option.optionId}
                          {option.key ? ` (${t("analytics.key")})` : ""}
                        </span>{" "}
                        {percent(option.share)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{percent(item.omitted)}</td>
                <td>
                  {item.meanTimeMs === null
                    ? "—"
                    : `${Math.round(item.meanTimeMs / 1000)} s`}
                </td>
                <td>
                  {item.voided ? (
                    <span className="badge badge--neutral">
                      {t("analytics.voided")}
                    </span>
                  ) : null}
                  {item.flags.map((flag) => (
                    <span key={flag} className="badge badge--warning">
                      {t(`analytics.flag.${flag}`)}
                    </span>
                  ))}
                  {item.flags.length > 0 ? (
                    <Link
                      to={appealsOfItemPath(item.itemId)}
                      className="analytics__appeals no-print"
                    >
                      {t("analytics.appeals")}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function LanguageView({ rows }: { rows: LanguageComparison[] }) {
  const { t } = useI18n();
  const compared = rows
    .filter((row) => row.difference !== null)
    .slice()
    .sort((a, b) => Math.abs(b.difference!) - Math.abs(a.difference!));
  const chart = compared.map((row) => ({
    itemId: row.itemId,
    kk: row.kk.facility === null ? 0 : Math.round(row.kk.facility * 100),
    ru: row.ru.facility === null ? 0 : Math.round(row.ru.facility * 100),
  }));
  return (
    <>
      <figure
        className="analytics__chart"
        data-chart="languages"
        role="img"
        aria-label={t("analytics.languagesChart")}
      >
        <BarChart
          width={CHART_WIDTH}
          height={260}
          data={chart}
          margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="itemId"
            interval={0}
            angle={-30}
            textAnchor="end"
            height={50}
          />
          <YAxis domain={[0, 100]} unit=" %" />
          <Tooltip />
          <Legend verticalAlign="top" />
          <Bar
            dataKey="kk"
            name={t("analytics.language.kk")}
            fill={KK}
            isAnimationActive={false}
          />
          <Bar
            dataKey="ru"
            name={t("analytics.language.ru")}
            fill={RU}
            isAnimationActive={false}
          />
        </BarChart>
      </figure>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("analytics.item")}</th>
              <th scope="col">{t("analytics.language.kk")}</th>
              <th scope="col">{t("analytics.language.ru")}</th>
              <th scope="col">{t("analytics.difference")}</th>
              <th scope="col">{t("analytics.flags")}</th>
            </tr>
          </thead>
          <tbody>
            {compared.map((row) => (
              <tr key={row.itemId} data-language-item={row.itemId}>
                <th scope="row">{row.itemId}</th>
                <td>
                  {percent(row.kk.facility)} ({row.kk.drawn})
                </td>
                <td>
                  {percent(row.ru.facility)} ({row.ru.drawn})
                </td>
                <td>{decimal(row.difference)}</td>
                <td>
                  {row.flagged ? (
                    <span className="badge badge--warning">
                      {t("analytics.translationFlag")}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ComplianceView({ stages }: { stages: StageCompliance[] }) {
  const { t } = useI18n();
  const minutes = (ms: number) =>
    t("analytics.minutes", { count: Math.round(ms / 6_000) / 10 });
  const chart = stages
    .filter((stage) => stage.share !== null)
    .map((stage) => ({
      stage: t(`analytics.stage.${stage.stage}`),
      share: Math.round((stage.share ?? 0) * 100),
    }));
  return (
    <>
      <figure
        className="analytics__chart"
        data-chart="compliance"
        role="img"
        aria-label={t("analytics.complianceChart")}
      >
        <BarChart
          width={CHART_WIDTH}
          height={60 + chart.length * 36}
          data={chart}
          layout="vertical"
          margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 100]} unit=" %" />
          <YAxis type="category" dataKey="stage" width={260} />
          <Tooltip />
          <Bar
            dataKey="share"
            name={t("analytics.share")}
            isAnimationActive={false}
          >
            {chart.map((row) => (
              <Cell
                key={row.stage}
                fill={row.share === 100 ? PASS : "#b54708"}
              />
            ))}
          </Bar>
        </BarChart>
      </figure>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("analytics.stage")}</th>
              <th scope="col">{t("analytics.measured")}</th>
              <th scope="col">{t("analytics.within")}</th>
              <th scope="col">{t("analytics.share")}</th>
              <th scope="col">{t("analytics.worst")}</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.stage} data-stage={stage.stage}>
                <th scope="row">{t(`analytics.stage.${stage.stage}`)}</th>
                <td>
                  {stage.measured === 0
                    ? t("analytics.notMeasured")
                    : stage.measured}
                </td>
                <td>{stage.measured === 0 ? "—" : stage.within}</td>
                <td>{percent(stage.share)}</td>
                <td>
                  <ul className="analytics__worst">
                    {stage.worst.map((worst) => (
                      <li
                        key={worst.attemptId}
                        className={
                          worst.ms > worst.limitMs
                            ? "analytics__over"
                            : undefined
                        }
                      >
                        {worst.fullName}: {minutes(worst.ms)} /{" "}
                        {minutes(worst.limitMs)}
                        {worst.pending ? ` (${t("analytics.pending")})` : ""}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
