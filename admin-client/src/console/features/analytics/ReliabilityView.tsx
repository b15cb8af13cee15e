import { useQuery } from "@tanstack/react-query";
import { TEST_LANGUAGES, type TestLanguage } from "@shared/enums";
import type {
  ItemReliability,
  ProgramReliability,
  ScaleReliability,
} from "@shared/reliability";
import { ErrorAlert, Loading } from "../../../components/common";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { analyticsQueries } from "./api";
import { statistic } from "./figures";

/** Alpha, correlations and d to three decimals; means and SDs to two. */
const FINE = 3;
const COARSE = 2;

/**
 * A personal-qualities program's reliability (network-wide staff): the
 * server computes it from the program's scored attempts at each request.
 */
export function ReliabilityView({
  programId,
  programTitle,
  sectionTitle,
}: {
  programId: string;
  programTitle: string;
  sectionTitle: (sectionId: string) => string;
}) {
  const { t } = useI18n();
  const report = useQuery(analyticsQueries.reliability(programId));
  return (
    <section
      className="card analytics__section"
      aria-labelledby="analytics-reliability"
      data-reliability={programId}
    >
      <h2 id="analytics-reliability">{t("reliability.title")}</h2>
      {programTitle ? (
        <p className="analytics__subtitle">{programTitle}</p>
      ) : null}
      <p>{t("reliability.lead")}</p>
      <ErrorAlert error={report.error} />
      {report.isLoading ? <Loading /> : null}
      {report.data ? (
        <ReliabilityReport report={report.data} sectionTitle={sectionTitle} />
      ) : null}
    </section>
  );
}

/** The report itself: per scale and language, then kk against ru. */
export function ReliabilityReport({
  report,
  sectionTitle,
}: {
  report: ProgramReliability;
  sectionTitle: (sectionId: string) => string;
}) {
  const { t, language } = useI18n();
  const number = (value: number | null, digits = COARSE) =>
    statistic(value, language, digits);
  const total = report.respondents.kk + report.respondents.ru;
  const scaleIds = [...new Set(report.scales.map((scale) => scale.scaleId))];
  return (
    <>
      <p>
        {t("reliability.flagsLead", {
          minItemRest: number(report.thresholds.minItemRest, 1),
          minAlphaGain: number(report.thresholds.minAlphaGain, FINE),
        })}
      </p>
      <dl className="analytics__facts">
        {TEST_LANGUAGES.map((testLanguage) => (
          <div key={testLanguage}>
            <dt>{t(`reliability.respondents.${testLanguage}`)}</dt>
            <dd>{report.respondents[testLanguage]}</dd>
          </div>
        ))}
        <div>
          <dt>{t("reliability.slots")}</dt>
          <dd>{report.slots}</dd>
        </div>
      </dl>
      <p className="analytics__subtitle">
        {t("reliability.computedAt", {
          time: formatDateTime(new Date(report.computedAt).toISOString()),
        })}
      </p>
      {total === 0 ? (
        <p>{t("reliability.noData")}</p>
      ) : (
        <>
          {scaleIds.map((scaleId) => (
            <div key={scaleId} className="reliability__scale">
              <h3>{sectionTitle(scaleId)}</h3>
              {report.scales
                .filter((scale) => scale.scaleId === scaleId)
                .map((scale) => (
                  <ScaleBlock
                    key={scale.language}
                    scale={scale}
                    number={number}
                  />
                ))}
            </div>
          ))}
          <h3>{t("reliability.languages")}</h3>
          <p>{t("reliability.languagesLead")}</p>
          <div className="table-wrap">
            <table className="reliability__languages">
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>
                    {t("reliability.scale")}
                  </th>
                  {TEST_LANGUAGES.map((testLanguage) => (
                    <th key={testLanguage} scope="colgroup" colSpan={3}>
                      {t(`reliability.language.${testLanguage}`)}
                    </th>
                  ))}
                  <th scope="col" rowSpan={2}>
                    {t("reliability.difference")}
                  </th>
                  <th scope="col" rowSpan={2}>
                    {t("reliability.cohensD")}
                  </th>
                </tr>
                <tr>
                  {TEST_LANGUAGES.flatMap((testLanguage) => [
                    <th key={`${testLanguage}-n`} scope="col">
                      {t("reliability.n")}
                    </th>,
                    <th key={`${testLanguage}-mean`} scope="col">
                      {t("reliability.mean")}
                    </th>,
                    <th key={`${testLanguage}-sd`} scope="col">
                      {t("reliability.sd")}
                    </th>,
                  ])}
                </tr>
              </thead>
              <tbody>
                {report.languages.map((row) => (
                  <tr key={row.scaleId} data-language-scale={row.scaleId}>
                    <th scope="row">{sectionTitle(row.scaleId)}</th>
                    {TEST_LANGUAGES.flatMap((testLanguage) => [
                      <td key={`${testLanguage}-n`}>{row[testLanguage].n}</td>,
                      <td key={`${testLanguage}-mean`}>
                        {number(row[testLanguage].mean)}
                      </td>,
                      <td key={`${testLanguage}-sd`}>
                        {number(row[testLanguage].sd)}
                      </td>,
                    ])}
                    <td>{number(row.difference)}</td>
                    <td>{number(row.cohensD, FINE)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

/** One scale in one language: n, excluded, alpha and its statements. */
function ScaleBlock({
  scale,
  number,
}: {
  scale: ScaleReliability;
  number: (value: number | null, digits?: number) => string;
}) {
  const { t } = useI18n();
  const language: TestLanguage = scale.language;
  return (
    <div
      className="reliability__block"
      data-scale={scale.scaleId}
      data-language={language}
    >
      <h4>{t(`reliability.language.${language}`)}</h4>
      <dl className="analytics__facts">
        <div>
          <dt>{t("reliability.n")}</dt>
          <dd>{scale.n}</dd>
        </div>
        <div>
          <dt>{t("reliability.excluded")}</dt>
          <dd>{scale.excluded}</dd>
        </div>
        <div>
          <dt>{t("reliability.alpha")}</dt>
          <dd data-alpha>{number(scale.alpha, FINE)}</dd>
        </div>
      </dl>
      {scale.n === 0 ? (
        <p>{t("reliability.noRespondents")}</p>
      ) : (
        <div className="table-wrap">
          <table className="analytics__items">
            <thead>
              <tr>
                <th scope="col">{t("reliability.item")}</th>
                <th scope="col">{t("reliability.mean")}</th>
                <th scope="col">{t("reliability.sd")}</th>
                <th scope="col">{t("reliability.itemRest")}</th>
                <th scope="col">{t("reliability.alphaIfDeleted")}</th>
                <th scope="col">{t("reliability.flags")}</th>
              </tr>
            </thead>
            <tbody>
              {scale.items.map((item) => (
                <ItemRow key={item.itemId} item={item} number={number} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ItemRow({
  item,
  number,
}: {
  item: ItemReliability;
  number: (value: number | null, digits?: number) => string;
}) {
  const { t } = useI18n();
  const flagged = (flag: ItemReliability["flags"][number]) =>
    item.flags.includes(flag) ? "analytics__over" : undefined;
  return (
    <tr
      data-item={item.itemId}
      data-flagged={item.flags.length > 0 ? "true" : undefined}
    >
      <th scope="row">{item.itemId}</th>
      <td>{number(item.mean)}</td>
      <td>{number(item.sd)}</td>
      <td className={flagged("low_item_rest")}>
        {number(item.itemRest, FINE)}
      </td>
      <td className={flagged("lowers_alpha")}>
        {number(item.alphaIfDeleted, FINE)}
      </td>
      <td>
        {item.flags.map((flag) => (
          <span key={flag} className="badge badge--warning">
            {t(`reliability.flag.${flag}`)}
          </span>
        ))}
      </td>
    </tr>
  );
}
