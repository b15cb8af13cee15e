import { describe, expect, it } from "vitest";
import {
  CsvError,
  checkRosterRows,
  parseCsv,
  readRosterCsv,
} from "./roster-csv";

describe("parseCsv", () => {
  it("reads quoted fields with commas, escaped quotes and line breaks", () => {
    const text = 'a,"b, c","say ""hi"""\n"two\nlines",x,y\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ["a", "b, c", 'say "hi"'] },
      { line: 2, cells: ["two\nlines", "x", "y"] },
    ]);
  });

  it("skips blank lines but keeps the real line numbers", () => {
    const records = parseCsv("a,b\r\n\r\n  \r\nc,d\r\n");
    expect(records.map((record) => record.line)).toEqual([1, 4]);
  });

  it("takes semicolons when the first line uses them (Excel in ru/kk)", () => {
    expect(parseCsv("900102300121;Иванов, Иван;ru")[0]?.cells).toEqual([
      "900102300121",
      "Иванов, Иван",
      "ru",
    ]);
  });

  it("drops a UTF-8 byte order mark", () => {
    expect(parseCsv("\uFEFFiin,name")[0]?.cells[0]).toBe("iin");
  });

  it("says on which line an unclosed quote starts", () => {
    expect(() => parseCsv('a,b\n"c,d\ne,f')).toThrow(CsvError);
    try {
      parseCsv('a,b\n"c,d\ne,f');
    } catch (error) {
      expect((error as CsvError).line).toBe(2);
    }
  });
});

describe("readRosterCsv", () => {
  it("reads iin, fullName, language, phone by position without a header", () => {
    expect(
      readRosterCsv("900102300121,Асқар Қасымов,kk,+7 701 000 00 00"),
    ).toEqual([
      {
        line: 1,
        cells: ["900102300121", "Асқар Қасымов", "kk", "+7 701 000 00 00"],
        iin: "900102300121",
        fullName: "Асқар Қасымов",
        language: "kk",
        phone: "+7 701 000 00 00",
      },
    ]);
  });

  it("follows a header row in any order and numbers lines from the file", () => {
    const rows = readRosterCsv(
      "language,IIN,fullName\nru,851231405677,Анна Петрова",
    );
    expect(rows).toMatchObject([
      {
        line: 2,
        iin: "851231405677",
        fullName: "Анна Петрова",
        language: "ru",
        phone: "",
      },
    ]);
  });

  it("refuses a header without a required column", () => {
    expect(() => readRosterCsv("iin,phone\n900102300121,1")).toThrow(
      /fullName, language/,
    );
  });
});

describe("checkRosterRows", () => {
  const check = (text: string, languages: ("kk" | "ru")[] = ["kk", "ru"]) =>
    checkRosterRows(readRosterCsv(text), languages);

  it("passes good rows, normalizing the language", () => {
    const { valid, problems } = check("900102300121,Асқар Қасымов,KK");
    expect(problems).toEqual([]);
    expect(valid).toEqual([
      {
        line: 1,
        iin: "900102300121",
        fullName: "Асқар Қасымов",
        language: "kk",
        phone: "",
      },
    ]);
  });

  it("says which IIN check failed", () => {
    const { problems } = check("780322300455,A,kk\n901302300121,B,kk");
    expect(problems.map((p) => [p.line, p.error.id])).toEqual([
      [1, "invalid_iin"],
      [2, "invalid_iin"],
    ]);
    expect(problems[0]?.error.message).toMatch(/check digit/);
    expect(problems[1]?.error.message).toMatch(/birth date/);
  });

  it("reports the second occurrence of an IIN with the line of the first", () => {
    const { problems } = check(
      "900102300121,A,kk\n851231405677,B,ru\n900102300121,C,ru",
    );
    expect(problems).toEqual([
      {
        line: 3,
        iin: "900102300121",
        error: {
          id: "duplicate_in_file",
          message: "The same IIN is on line 1.",
        },
      },
    ]);
  });

  it("refuses a language the program does not offer, and unknown ones", () => {
    const { problems } = check("900102300121,A,kk\n851231405677,B,en", ["ru"]);
    expect(problems.map((p) => p.error.id)).toEqual([
      "language_not_offered",
      "invalid_language",
    ]);
  });

  it("refuses rows with too few columns, empty names and bad phones", () => {
    const { problems } = check(
      "900102300121,A\n851231405677,,kk\n010615500890,C,ru,call me",
    );
    expect(problems.map((p) => p.error.id)).toEqual([
      "invalid_row",
      "invalid_full_name",
      "invalid_phone",
    ]);
  });
});
