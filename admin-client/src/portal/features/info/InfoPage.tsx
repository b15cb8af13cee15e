import { useQuery } from "@tanstack/react-query";
import {
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { SelectField } from "../../../components/form";
import { useI18n } from "../../../lib/i18n";
import { centerQueries, programQueries } from "../../../lib/queries";
import { navigate } from "../../../lib/router";
import { appealPolicyQueries } from "./api";

/**
 * `/info?program=…&center=…`: what a candidate is entitled to know before
 * booking — the procedure step by step with its time limits (from the
 * program and the regulation), what to bring, what is forbidden, the result
 * documents, how to appeal, and the center's address, hours and
 * accessibility arrangements.
 */
export function InfoPage({ search }: { search: URLSearchParams }) {
  const { t, localized } = useI18n();
  const programsQuery = useQuery(programQueries.list());
  const centersQuery = useQuery(centerQueries.list());
  const policyQuery = useQuery(appealPolicyQueries.current());
  const error = programsQuery.error ?? centersQuery.error ?? policyQuery.error;
  if (error) {
    return (
      <>
        <PageTitle>{t("info.title")}</PageTitle>
        <ErrorAlert error={error} />
      </>
    );
  }
  const programs = programsQuery.data;
  const centers = centersQuery.data;
  const policy = policyQuery.data;
  if (!programs || !centers || !policy) {
    return (
      <>
        <PageTitle>{t("info.title")}</PageTitle>
        <Loading />
      </>
    );
  }
  const program =
    programs.find((candidate) => candidate.id === search.get("program")) ??
    programs[0];
  const center =
    centers.find((candidate) => candidate.id === search.get("center")) ??
    centers[0];
  const choose = (key: "program" | "center", value: string) => {
    const next = new URLSearchParams(search);
    next.set(key, value);
    navigate(`/info?${next.toString()}`, { replace: true });
  };

  const steps: [string, string][] = program
    ? [
        [t("info.step.booking"), t("info.step.bookingText")],
        [t("info.step.admission"), t("info.step.admissionText")],
        [
          t("info.step.instructions"),
          t("info.step.instructionsText", {
            minutes: program.instructionsMinutes,
          }),
        ],
        [
          t("info.step.test"),
          t("info.step.testText", {
            questions: program.questions,
            minutes: program.durationMinutes,
          }),
        ],
        [t("info.step.results"), t("info.step.resultsText")],
        [
          t("info.step.appeal"),
          t("info.step.appealText", { days: policy.workingDays }),
        ],
      ]
    : [];

  return (
    <>
      <PageTitle>{t("info.title")}</PageTitle>
      <p className="lead">{t("info.lead")}</p>
      <div className="form-grid no-print">
        <SelectField
          label={t("info.program")}
          value={program?.id ?? ""}
          onChange={(value) => choose("program", value)}
          options={programs.map((option) => ({
            value: option.id,
            label: localized(option.titles),
          }))}
        />
        <SelectField
          label={t("info.center")}
          value={center?.id ?? ""}
          onChange={(value) => choose("center", value)}
          options={centers.map((option) => ({
            value: option.id,
            label: localized(option.name),
          }))}
        />
      </div>
      {!program || !center ? <p>{t("info.choose")}</p> : null}
      {program ? (
        <section className="card" aria-labelledby="info-procedure">
          <h2 id="info-procedure">
            {t("info.procedure")}: {localized(program.titles)}
          </h2>
          <ol className="info-steps" data-testid="info-steps">
            {steps.map(([title, text]) => (
              <li key={title}>
                <strong>{title}.</strong> {text}
              </li>
            ))}
          </ol>
          <h3>{t("info.sections")}</h3>
          <ul>
            {program.sections.map((section) => (
              <li key={section.id}>
                {t("info.section", {
                  title: localized(section.titles),
                  questions: section.questions,
                  min: section.minCorrect,
                })}
              </li>
            ))}
          </ul>
          <p>
            {t("info.total", {
              questions: program.questions,
              min: program.minCorrectTotal,
            })}
          </p>
          <p>
            {t("info.languages", {
              languages: program.languages
                .map((language) => t(`testLanguage.${language}`))
                .join(", "),
            })}
          </p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="info-bring">
        <h2 id="info-bring">{t("info.bring")}</h2>
        <p>{t("info.bringText")}</p>
        <h2>{t("info.forbidden")}</h2>
        <p>{t("info.forbiddenText")}</p>
        <h2>{t("info.documents")}</h2>
        <p>{t("info.documentsText")}</p>
        <h2>{t("info.appeal")}</h2>
        <p>{t("info.appealText", { days: policy.workingDays })}</p>
      </section>
      {center ? (
        <section className="card" aria-labelledby="info-center">
          <h2 id="info-center">
            {t("info.centerTitle")}: {localized(center.name)}
          </h2>
          <h3>{t("info.address")}</h3>
          <p>{localized(center.address)}</p>
          <h3>{t("info.schedule")}</h3>
          <p>
            {center.schedule
              ? localized(center.schedule)
              : t("info.noSchedule")}
          </p>
          <h3>{t("info.accessibility")}</h3>
          <p>
            {center.accessibility
              ? localized(center.accessibility)
              : t("info.noAccessibility")}
          </p>
          <p>{t("info.askAccommodation")}</p>
        </section>
      ) : null}
      <p className="no-print">
        <Link className="button" to="/">
          {t("info.book")}
        </Link>
      </p>
    </>
  );
}
