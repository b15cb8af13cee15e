import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { StageCompliance } from "@shared/analytics";
import { formatUnit } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { CHART_WIDTH, PASS, percent } from "./figures";

/** Each service-standard stage: how many were measured, the share within its limit, the worst cases. */
export function ComplianceView({ stages }: { stages: StageCompliance[] }) {
  const { t, language } = useI18n();
  // Tenths of a minute, with the reader's decimal comma ("4,5 мин").
  const minutes = (ms: number) => {
    const tenths = Math.round(ms / 6_000) / 10;
    return formatUnit(
      tenths,
      "minute",
      language,
      Number.isInteger(tenths) ? 0 : 1,
    );
  };
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
      <p className="muted small">{t("analytics.complianceNote")}</p>
    </>
  );
}
