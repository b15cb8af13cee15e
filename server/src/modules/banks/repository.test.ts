import { describe, expect, it } from "vitest";
import { formatJson, loadBankCatalog, BankValidationError } from "./repository";
import { fileURLToPath } from "node:url";

describe("formatJson", () => {
  it("keeps short arrays of ids on one line and objects expanded", () => {
    expect(formatJson({ options: ["a", "b"], text: { kk: "ә" } })).toBe(
      '{\n  "options": ["a", "b"],\n  "text": {\n    "kk": "ә"\n  }\n}\n',
    );
  });

  it("leaves an array one item per line when one line would pass 80 columns", () => {
    const long = Array.from({ length: 20 }, (_, i) => `option-${i}`);
    expect(formatJson({ long }).trimEnd().split("\n")).toHaveLength(20 + 4);
  });

  it("round-trips through JSON.parse", () => {
    const value = {
      a: ["x", 'quote " and \\ slash'],
      b: [1, 2],
      c: [{ d: ["e"] }],
    };
    expect(JSON.parse(formatJson(value))).toEqual(value);
  });
});

describe("loadBankCatalog", () => {
  it("loads the shipped banks for serving", async () => {
    const catalog = await loadBankCatalog();
    expect(catalog.programs.map((program) => program.id).sort()).toEqual([
      "corps-b-legislation",
      "personal-qualities-demo",
      "program-1-2016",
      "program-2-2016",
    ]);
  });

  it("refuses to serve banks with problems, listing them", async () => {
    const broken = fileURLToPath(
      new URL("../../../../tests/fixtures/banks/broken", import.meta.url),
    );
    const error = await loadBankCatalog(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BankValidationError);
    expect((error as BankValidationError).problems).toHaveLength(17);
    expect((error as Error).message).toMatch(/run npm run bank:validate/);
  });
});
