import { useId } from "react";
import {
  CANDIDATE_KINDS,
  type CandidateKind,
  type ProgramSummary,
} from "@shared/banks";
import type { PositionCategories } from "@shared/booking";
import { useI18n } from "../../lib/i18n";
import { Alert, ErrorAlert, Loading } from "../common";
import { Icon } from "../Icon";
import {
  categoriesByCorps,
  reasonWords,
  type Person,
  type ProgramFit,
} from "./eligibility";

/** What step 1 asks: the position's category code and the candidate kind. */
export interface PersonAnswer {
  category: string;
  candidateKind: CandidateKind | "";
}

/**
 * Step 1 of booking: the category of the position applied for (grouped by
 * corps, with the registry's notice when the list is a demonstration) and
 * whether the candidate enters the service or already serves. Once both
 * are answered, the programs that fit and those that do not, with why.
 */
export function PersonStep({
  categories,
  error,
  onRetry,
  answer,
  onChange,
  person,
  fits,
  programsError,
}: {
  categories: PositionCategories | undefined;
  error: unknown;
  onRetry: () => void;
  answer: PersonAnswer;
  onChange: (answer: PersonAnswer) => void;
  /** The answer resolved, once both questions are answered. */
  person: Person | null;
  /** Every program with why it does not fit (null until answered). */
  fits: ProgramFit[] | null;
  programsError: unknown;
}) {
  const { t, localized } = useI18n();
  const id = useId();
  const headingId = `${id}-title`;
  const groups = categoriesByCorps(categories?.categories ?? []);

  return (
    <section
      className="card"
      aria-labelledby={headingId}
      data-testid="booking-person"
    >
      <h2 className="section-title" id={headingId}>
        <span className="step" aria-hidden="true">
          1
        </span>
        {t("person.step")}
      </h2>
      <p className="muted">{t("person.lead")}</p>
      {categories?.notice ? (
        <Alert kind="info">
          <p>{localized(categories.notice)}</p>
        </Alert>
      ) : null}
      {error ? (
        <>
          <ErrorAlert error={error} />
          <button
            type="button"
            className="button button--secondary"
            onClick={onRetry}
          >
            {t("common.retry")}
          </button>
        </>
      ) : !categories ? (
        <Loading />
      ) : (
        <div className="form-grid form-grid--two">
          {groups.length > 0 ? (
            <div className="field">
              <label htmlFor={`${id}-category`}>{t("person.category")}</label>
              <select
                id={`${id}-category`}
                name="positionCategory"
                data-field="positionCategory"
                aria-describedby={`${id}-category-hint`}
                value={answer.category}
                onChange={(event) =>
                  onChange({ ...answer, category: event.target.value })
                }
              >
                <option value="">{t("person.categoryEmpty")}</option>
                {groups.map(([corps, list]) => (
                  <optgroup key={corps} label={t(`person.corps.${corps}`)}>
                    {list.map((category) => (
                      <option key={category.code} value={category.code}>
                        {category.code} — {localized(category.titles)}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <span id={`${id}-category-hint`} className="field__hint">
                {t("person.categoryHint")}
              </span>
            </div>
          ) : null}
          <fieldset className="field">
            <legend>{t("person.kind")}</legend>
            <div className="choice-row">
              {CANDIDATE_KINDS.map((kind) => (
                <label className="choice" key={kind}>
                  <input
                    type="radio"
                    name={`${id}-candidateKind`}
                    value={kind}
                    checked={answer.candidateKind === kind}
                    onChange={() =>
                      onChange({ ...answer, candidateKind: kind })
                    }
                  />
                  {t(`person.kind.${kind}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      {person ? (
        <ProgramFitList person={person} fits={fits} error={programsError} />
      ) : null}
    </section>
  );
}

/** The programs the person may book, then the others with the reason. */
function ProgramFitList({
  person,
  fits,
  error,
}: {
  person: Person;
  fits: ProgramFit[] | null;
  error: unknown;
}) {
  const { t, localized } = useI18n();
  const id = useId();
  if (error) return <ErrorAlert error={error} />;
  if (!fits) return <Loading />;
  const fitting = fits.filter((fit) => fit.reasons.length === 0);
  const others = fits.filter((fit) => fit.reasons.length > 0);
  const title = (program: ProgramSummary) => localized(program.titles);
  return (
    <div
      data-testid="program-eligibility"
      aria-live="polite"
      style={{ marginTop: "1.25rem" }}
    >
      {fitting.length === 0 ? (
        <Alert kind="warning">
          <p data-testid="no-program-fits">
            {person.category
              ? t("person.none", { code: person.category.code })
              : t("person.noneKind")}
          </p>
        </Alert>
      ) : (
        <>
          <h3 id={`${id}-fitting`}>{t("person.programs")}</h3>
          <ul className="slot-list" aria-labelledby={`${id}-fitting`}>
            {fitting.map(({ program }) => (
              <li key={program.id} data-program={program.id} data-fits="true">
                <Icon name="check" size={16} /> {title(program)}
              </li>
            ))}
          </ul>
        </>
      )}
      {others.length > 0 ? (
        <>
          <h3 id={`${id}-others`} style={{ marginTop: "1rem" }}>
            {t("person.unavailable")}
          </h3>
          <ul className="slot-list" aria-labelledby={`${id}-others`}>
            {others.map(({ program, reasons }) => (
              <li key={program.id} data-program={program.id} data-fits="false">
                <span className="muted">{title(program)}</span>
                {" — "}
                <span data-testid="program-reason">
                  {reasonWords(t, reasons, person, program)}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
