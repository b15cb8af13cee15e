import type { Profile } from "@shared/assessment";
import type {
  AssessmentResult,
  CertificateKind,
  OfficialPosition,
  OfficialResult,
} from "@shared/certificates";
import type { TestLanguage } from "@shared/enums";

const MINUTE_MS = 60_000;

/**
 * The sample test's start: 10:00 in Astana (05:00 UTC) the day before the
 * process started. Recent, because a certificate's validity counts from the
 * test date (a fixed date would expire every sample a year on); the same
 * for every call of one process, so two samples compare equal.
 */
const SAMPLE_STARTED_AT = (() => {
  const day = new Date();
  day.setUTCHours(5, 0, 0, 0);
  return new Date(day.getTime() - 24 * 60 * MINUTE_MS).toISOString();
})();

/** A position as a booking names one (the demo registry's B-1). */
export const SAMPLE_POSITION: OfficialPosition = {
  category: {
    code: "B-1",
    titles: {
      kk: "Орталық мемлекеттік органдардағы лауазымдар",
      ru: "Должности в центральных государственных органах",
      en: "Positions in central state bodies",
    },
  },
  candidateKind: "candidate",
};

/**
 * Demo data for the sample document (`npm run cert:sample`), the benchmark
 * and tests. The IIN is a synthetic test vector (DOMAIN.md), not a person.
 * The test started yesterday unless `startedAt` says when; it ended 52
 * minutes later and was signed off 13 minutes after that.
 */
export function sampleOfficialResult(
  options: {
    kind?: CertificateKind;
    language?: TestLanguage;
    attemptId?: string;
    slotId?: string;
    fullName?: string;
    iin?: string;
    /** ISO instant of the test's start. */
    startedAt?: string;
    position?: OfficialPosition;
  } = {},
): OfficialResult {
  const startedMs = Date.parse(options.startedAt ?? SAMPLE_STARTED_AT);
  const at = (minutes: number) =>
    new Date(startedMs + minutes * MINUTE_MS).toISOString();
  const kind = options.kind ?? "certificate";
  const passed = kind === "certificate";
  // Corps B legislation test: 55 questions, at least 30 overall and at
  // least 5 in each act.
  const sections = [
    {
      sectionId: "constitution",
      titles: {
        kk: "Қазақстан Республикасының Конституциясы",
        ru: "Конституция Республики Казахстан",
        en: "Constitution of the Republic of Kazakhstan",
      },
      correct: passed ? 13 : 6,
      total: 15,
      minCorrect: 5,
    },
    {
      sectionId: "civil-service",
      titles: {
        kk: "«Қазақстан Республикасының мемлекеттік қызметі туралы» Заң",
        ru: "Закон «О государственной службе Республики Казахстан»",
        en: "Law on the Civil Service of the Republic of Kazakhstan",
      },
      correct: passed ? 12 : 4,
      total: 15,
      minCorrect: 5,
    },
    {
      sectionId: "anti-corruption",
      titles: {
        kk: "«Сыбайлас жемқорлыққа қарсы іс-қимыл туралы» Заң",
        ru: "Закон «О противодействии коррупции»",
        en: "Law on Combating Corruption",
      },
      correct: passed ? 11 : 7,
      total: 15,
      minCorrect: 5,
    },
    {
      sectionId: "ethics",
      titles: {
        kk: "Мемлекеттік қызметшілердің әдеп кодексі",
        ru: "Этический кодекс государственных служащих",
        en: "Ethics Code of civil servants",
      },
      correct: passed ? 9 : 5,
      total: 10,
      minCorrect: 5,
    },
  ].map((section) => ({
    ...section,
    passed: section.correct >= section.minCorrect,
  }));
  const correct = sections.reduce((sum, section) => sum + section.correct, 0);
  return {
    attemptId: options.attemptId ?? "sample-attempt",
    bookingId: "sample-booking",
    slotId: options.slotId ?? "sample-slot",
    kind,
    fullName: options.fullName ?? "Әлихан Бағланұлы Төлеңқожаев",
    iin: options.iin ?? "900102300121",
    programId: "corps-b-legislation",
    programTitles: {
      kk: "Б корпусы: заңнаманы білуге тестілеу",
      ru: "Корпус Б: тестирование на знание законодательства",
      en: "Corps B: legislation test",
    },
    language: options.language ?? "kk",
    startedAt: at(0),
    finishedAt: at(52),
    center: {
      name: {
        kk: "Synaq демо тестілеу орталығы",
        ru: "Демонстрационный центр тестирования Synaq",
        en: "Synaq demo testing center",
      },
      address: {
        kk: "Астана қ., Мәңгілік Ел даңғылы, 8",
        ru: "г. Астана, проспект Мангилик Ел, 8",
        en: "8 Mangilik El Ave, Astana",
      },
      timezone: "Asia/Almaty",
    },
    room: "2",
    sections,
    correct,
    total: 55,
    minCorrectTotal: 30,
    passed,
    administrator: { id: "demo-admin", fullName: "Әсел Нұрланқызы Сейітова" },
    operator: { id: "demo-operator", fullName: "Ерлан Қайратұлы Жұмабаев" },
    signedOffAt: at(65),
    ...(options.position ? { position: options.position } : {}),
  };
}

/**
 * The demo personal-qualities profile: four scales (40 statements, 10 per
 * scale), consistent answers, and the rule "no scale below sten 3", met.
 */
export const SAMPLE_PROFILE: Profile = {
  scales: [
    {
      scaleId: "integrity",
      titles: {
        kk: "Адалдық",
        ru: "Добропорядочность",
        en: "Integrity",
      },
      raw: 41,
      items: 10,
      missing: 0,
      sten: 7,
    },
    {
      scaleId: "responsibility",
      titles: {
        kk: "Жауапкершілік",
        ru: "Ответственность",
        en: "Responsibility",
      },
      raw: 33,
      items: 10,
      missing: 0,
      sten: 5,
    },
    {
      scaleId: "stress-tolerance",
      titles: {
        kk: "Стресске төзімділік",
        ru: "Стрессоустойчивость",
        en: "Stress tolerance",
      },
      raw: 29,
      items: 10,
      missing: 1,
      sten: 4,
    },
    {
      scaleId: "communication",
      titles: {
        kk: "Қарым-қатынас дағдылары",
        ru: "Коммуникабельность",
        en: "Communication",
      },
      raw: 44,
      items: 10,
      missing: 0,
      sten: 8,
    },
  ],
  consistency: { index: 0.86, pairs: 6, minimum: 0.7, low: false },
  rule: { minSten: 3, met: true },
};

/**
 * Demo data for a sample assessment report: the sample holder, center and
 * staff of `sampleOfficialResult`, a personal-qualities program and
 * `SAMPLE_PROFILE` unless `profile` says otherwise.
 */
export function sampleAssessmentResult(
  options: {
    language?: TestLanguage;
    attemptId?: string;
    slotId?: string;
    fullName?: string;
    iin?: string;
    /** ISO instant of the test's start. */
    startedAt?: string;
    position?: OfficialPosition;
    profile?: Profile;
  } = {},
): AssessmentResult {
  const {
    kind: _kind,
    sections: _sections,
    correct: _correct,
    total: _total,
    minCorrectTotal: _minCorrectTotal,
    passed: _passed,
    validityDays: _validityDays,
    validUntil: _validUntil,
    ...common
  } = sampleOfficialResult(options);
  const startedMs = Date.parse(common.startedAt);
  const at = (minutes: number) =>
    new Date(startedMs + minutes * MINUTE_MS).toISOString();
  return {
    ...common,
    kind: "assessment",
    programId: "personal-qualities",
    programTitles: {
      kk: "Жеке қасиеттерді бағалау",
      ru: "Оценка личных качеств",
      en: "Personal-qualities assessment",
    },
    finishedAt: at(38),
    signedOffAt: at(50),
    profile: options.profile ?? SAMPLE_PROFILE,
  };
}
