import {
  access,
  mkdir,
  readFile,
  readdir,
  stat,
  writeFile,
} from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BankSectionFileSchema,
  type Bank,
  type BankSectionFile,
  type KeyedItem,
} from "@shared/banks";
import {
  formatProblems,
  validateBankFiles,
  type BankCatalog,
  type BankFile,
  type ValidationResult,
} from "./validate";
import { MAX_QTI_FILE_BYTES, unzipQtiPackage, type QtiSource } from "./qti";

/** The shipped banks: question-banks/ at the repository root. */
export const DEFAULT_BANKS_DIR = fileURLToPath(
  new URL("../../../../question-banks", import.meta.url),
);

/** Every JSON file under `dir`, with paths relative to it. */
export async function readBankFiles(dir: string): Promise<BankFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter(
    (entry) => entry.isFile() && entry.name.endsWith(".json"),
  );
  return Promise.all(
    files.map(async (entry) => {
      const absolute = join(entry.parentPath, entry.name);
      return {
        path: relative(dir, absolute).split(sep).join("/"),
        text: await readFile(absolute, "utf8"),
      };
    }),
  );
}

/** Reads and validates a bank directory; problems are returned, not thrown. */
export async function validateBankDirectory(
  dir: string,
): Promise<ValidationResult> {
  return validateBankFiles(await readBankFiles(dir));
}

export class BankValidationError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: ValidationResult["problems"],
  ) {
    super(
      `The question banks in ${dir} have ${problems.length} problem(s); run npm run bank:validate:\n${formatProblems(problems)}`,
    );
    this.name = "BankValidationError";
  }
}

/**
 * Loads the banks and programs for serving. Refuses to start on any
 * problem: a half-valid bank would assemble unfair forms.
 */
export async function loadBankCatalog(
  dir: string = DEFAULT_BANKS_DIR,
): Promise<BankCatalog> {
  const result = await validateBankDirectory(dir);
  if (result.problems.length > 0) {
    throw new BankValidationError(dir, result.problems);
  }
  return result.catalog;
}

/**
 * Adds items to `<dir>/<bank>/<section>.json`, creating the bank and the
 * section when new. An item with an id already in the section replaces it;
 * other items are kept.
 */
export async function writeBankSectionItems(
  dir: string,
  bankId: string,
  sectionId: string,
  items: readonly KeyedItem[],
): Promise<{ file: string; added: number; replaced: number }> {
  const bankDir = join(dir, bankId);
  await mkdir(bankDir, { recursive: true });
  const bankFile = join(bankDir, "bank.json");
  if (!(await exists(bankFile))) {
    const bank: Bank = {
      id: bankId,
      titles: { kk: bankId, ru: bankId, en: bankId },
      demonstration: false,
    };
    await writeFile(bankFile, formatJson(bank));
  }
  const sectionFile = join(bankDir, `${sectionId}.json`);
  let section: BankSectionFile = {
    section: sectionId,
    titles: { kk: sectionId, ru: sectionId, en: sectionId },
    items: [],
  };
  if (await exists(sectionFile)) {
    // Merging into a broken file would lose its content; stop instead.
    section = BankSectionFileSchema.parse(
      JSON.parse(await readFile(sectionFile, "utf8")),
    );
  }
  const merged = [...section.items];
  let replaced = 0;
  for (const item of items) {
    const index = merged.findIndex((existing) => existing.id === item.id);
    if (index === -1) {
      merged.push(item);
    } else {
      merged[index] = item;
      replaced += 1;
    }
  }
  await writeFile(sectionFile, formatJson({ ...section, items: merged }));
  return { file: sectionFile, added: items.length - replaced, replaced };
}

/** The XML files of a QTI folder (recursively) or of a zip package. */
export async function readQtiSources(path: string): Promise<QtiSource[]> {
  if ((await stat(path)).isFile()) {
    return unzipQtiPackage(new Uint8Array(await readFile(path)));
  }
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.xml$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      if ((await stat(file)).size > MAX_QTI_FILE_BYTES) {
        throw new Error(`${file} is larger than ${MAX_QTI_FILE_BYTES} bytes`);
      }
      return {
        file: relative(path, file).split(sep).join("/"),
        xml: await readFile(file, "utf8"),
      };
    }),
  );
}

/**
 * JSON as the bank files are written: two-space indent, short arrays of
 * ids on one line (as Prettier would), so diffs stay small and readable.
 */
export function formatJson(value: unknown): string {
  const expanded = JSON.stringify(value, null, 2);
  const collapsed = expanded.replace(
    /^( *)("[^"\n]*": )?\[\n((?: *(?:"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null),?\n)+) *\]/gm,
    (match, indent: string, key: string | undefined, body: string) => {
      const values = body
        .split("\n")
        .map((line) => line.trim().replace(/,$/, ""))
        .filter(Boolean);
      const line = `${indent}${key ?? ""}[${values.join(", ")}]`;
      return line.length <= 80 ? line : match;
    },
  );
  return `${collapsed}\n`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
