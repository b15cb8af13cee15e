import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Distribution } from "@shared/analytics";
import { useI18n } from "../../../lib/i18n";
import { CHART_WIDTH, decimal, FAIL, PASS, percent } from "./figures";

/** The score histogram with the pass threshold, and the pass rates. */
export function DistributionView({
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
