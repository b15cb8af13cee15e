import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { LanguageComparison } from "@shared/analytics";
import { useI18n } from "../../../lib/i18n";
import { CHART_WIDTH, decimal, KK, percent, RU } from "./figures";

/** The same items' facility in Kazakh and in Russian, largest gaps first. */
export function LanguageView({ rows }: { rows: LanguageComparison[] }) {
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
