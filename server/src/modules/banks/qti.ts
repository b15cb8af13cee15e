/**
 * QTI 3.0 import (question-banks/README.md, "Importing QTI"): choice
 * interactions, single and multiple response, paired into one bilingual
 * item by identifier. Everything else is reported by id with a reason.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { unzipSync } from "fflate";
import { ItemSchema, OptionIdSchema, type KeyedItem } from "@shared/banks";
import { TEST_LANGUAGES, type TestLanguage } from "@shared/enums";

export type QtiSource = { file: string; xml: string };
export type QtiSkipped = { id: string; file: string; reason: string };
export type QtiImport = {
  items: KeyedItem[];
  /** Assessment items that were not imported, each with the reason. */
  skipped: QtiSkipped[];
  /** Files that are not assessment items (manifests, tests, stylesheets). */
  ignored: { file: string; reason: string }[];
  /** Items imported in one language only: a program will need the other. */
  incomplete: { id: string; missing: TestLanguage[] }[];
};

/** Largest XML file read from a package; items are a few kilobytes. */
export const MAX_QTI_FILE_BYTES = 1024 * 1024;

type XmlElement = {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
};
type XmlNode = XmlElement | string;

type Version = {
  id: string;
  baseId: string;
  file: string;
  language: TestLanguage;
  type: KeyedItem["type"];
  options: string[];
  correct: string[];
  stem: string;
  optionTexts: Record<string, string>;
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Packages use the default namespace or a qti: prefix; xml:lang -> lang.
  removeNSPrefix: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const LANGUAGE_SUFFIX = /[-_.](kk|ru)$/i;
const BLOCKS = new Set(
  "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre section".split(" "),
);
const NOT_TEXT = new Set([
  "qti-feedback-inline",
  "qti-feedback-block",
  "qti-modal-feedback",
  "qti-rubric-block",
]);
const NOT_PLAIN_TEXT = new Set(
  "img object audio video math svg picture iframe embed canvas table qti-printed-variable qti-template-inline qti-template-block".split(
    " ",
  ),
);
const SUPPORTED_PROCESSING = /\/match_correct(\.xml)?$/;

/**
 * Converts QTI 3.0 assessment items into bank items. The Kazakh and Russian
 * versions of a question are separate items whose root carries `xml:lang`
 * and whose identifiers differ only by a `-kk`/`-ru` (or `_kk`, `.kk`)
 * suffix; the suffix-free identifier becomes the item id. The versions must
 * agree on type, option identifiers and key.
 */
export function importQtiItems(sources: readonly QtiSource[]): QtiImport {
  const result: QtiImport = {
    items: [],
    skipped: [],
    ignored: [],
    incomplete: [],
  };
  const groups = new Map<string, Version[]>();
  const failedGroups = new Set<string>();
  for (const source of sources) {
    const outcome = readVersion(source);
    if (outcome.kind === "ignored") {
      result.ignored.push({ file: source.file, reason: outcome.reason });
    } else if (outcome.kind === "skipped") {
      result.skipped.push({
        id: outcome.id,
        file: source.file,
        reason: outcome.reason,
      });
      failedGroups.add(outcome.id.replace(LANGUAGE_SUFFIX, ""));
    } else {
      const group = groups.get(outcome.version.baseId) ?? [];
      group.push(outcome.version);
      groups.set(outcome.version.baseId, group);
    }
  }
  for (const [baseId, versions] of groups) {
    const skip = (reason: string) => {
      for (const version of versions) {
        result.skipped.push({ id: version.id, file: version.file, reason });
      }
    };
    if (failedGroups.has(baseId)) {
      skip(`another language version of ${baseId} was not imported`);
      continue;
    }
    const pairing = pair(baseId, versions);
    if (!pairing.ok) {
      skip(pairing.reason);
      continue;
    }
    const parsed = ItemSchema.safeParse(pairing.item);
    if (!parsed.success) {
      skip(
        parsed.error.issues
          .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
          .join("; "),
      );
      continue;
    }
    result.items.push(parsed.data);
    const missing = TEST_LANGUAGES.filter(
      (language) => !parsed.data.text[language],
    );
    if (missing.length > 0) result.incomplete.push({ id: baseId, missing });
  }
  return result;
}

/** The XML files of a QTI package (zip), e.g. as exported by an authoring tool. */
export function unzipQtiPackage(zip: Uint8Array): QtiSource[] {
  const oversized: string[] = [];
  const entries = unzipSync(zip, {
    filter: (file) => {
      if (!file.name.toLowerCase().endsWith(".xml")) return false;
      if (file.name.startsWith("__MACOSX/")) return false;
      if (file.originalSize > MAX_QTI_FILE_BYTES) {
        oversized.push(file.name);
        return false;
      }
      return true;
    },
  });
  if (oversized.length > 0) {
    // Refusing beats skipping: an unread file would be a silent loss.
    throw new Error(
      `Files larger than ${MAX_QTI_FILE_BYTES} bytes in the package: ${oversized.join(", ")}`,
    );
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return Object.entries(entries)
    .map(([file, bytes]) => ({ file, xml: decoder.decode(bytes) }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

type Outcome =
  | { kind: "version"; version: Version }
  | { kind: "skipped"; id: string; reason: string }
  | { kind: "ignored"; reason: string };

function readVersion({ file, xml }: QtiSource): Outcome {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      kind: "skipped",
      id: file,
      reason: `malformed XML at line ${valid.err.line}: ${valid.err.msg}`,
    };
  }
  const root = toTree(parser.parse(xml) as unknown[]).find(isElement);
  if (!root) return { kind: "ignored", reason: "no XML element" };
  const id = root.attributes.identifier ?? file;
  const skipped = (reason: string): Outcome => ({
    kind: "skipped",
    id,
    reason,
  });
  if (root.name === "assessmentItem") {
    return skipped("QTI 2.x assessmentItem; only QTI 3.0 is supported");
  }
  if (root.name !== "qti-assessment-item") {
    return {
      kind: "ignored",
      reason: `not an assessment item (<${root.name}>)`,
    };
  }
  if (!root.attributes.identifier) return skipped("no identifier attribute");
  const lang = (root.attributes.lang ?? "").split("-")[0]?.toLowerCase() ?? "";
  const language = TEST_LANGUAGES.find((candidate) => candidate === lang);
  if (!language) {
    return skipped(
      lang
        ? `xml:lang "${root.attributes.lang}" is not a test language (${TEST_LANGUAGES.join(", ")})`
        : "no xml:lang on qti-assessment-item: say which language (kk or ru) it is in",
    );
  }
  const body = childElements(root, "qti-item-body")[0];
  if (!body) return skipped("no qti-item-body");
  const interactions = descendants(body, (element) =>
    element.name.endsWith("-interaction"),
  );
  const interaction = interactions[0];
  if (!interaction) return skipped("no interaction");
  if (interactions.length > 1) {
    return skipped(
      `${interactions.length} interactions (${interactions.map((element) => element.name).join(", ")}); one choice interaction per item is supported`,
    );
  }
  if (interaction.name !== "qti-choice-interaction") {
    return skipped(
      `${interaction.name} is not supported (only qti-choice-interaction)`,
    );
  }
  const responseId = interaction.attributes["response-identifier"];
  const declaration = childElements(root, "qti-response-declaration").find(
    (element) => element.attributes.identifier === responseId,
  );
  if (!declaration) {
    return skipped(`no qti-response-declaration for "${responseId ?? ""}"`);
  }
  const cardinality = declaration.attributes.cardinality;
  if (cardinality !== "single" && cardinality !== "multiple") {
    return skipped(
      `cardinality "${cardinality ?? ""}" is not supported (single or multiple)`,
    );
  }
  const correct = childElements(declaration, "qti-correct-response").flatMap(
    (element) =>
      childElements(element, "qti-value").map((value) =>
        plainText(value.children).trim(),
      ),
  );
  if (correct.length === 0) {
    return skipped("no qti-correct-response: the key is missing");
  }
  const processing = childElements(root, "qti-response-processing")[0];
  if (processing) {
    const template = processing.attributes.template ?? "";
    if (!SUPPORTED_PROCESSING.test(template)) {
      return skipped(
        template
          ? `response processing ${template} is not supported; Synaq scores by exact match (match_correct)`
          : "custom response processing is not supported; Synaq scores by exact match (match_correct)",
      );
    }
  }
  const choices = childElements(interaction, "qti-simple-choice");
  if (choices.length < 2) return skipped("fewer than 2 choices");
  const options: string[] = [];
  const optionTexts: Record<string, string> = {};
  for (const choice of choices) {
    const optionId = choice.attributes.identifier ?? "";
    if (!OptionIdSchema.safeParse(optionId).success) {
      return skipped(
        `choice identifier "${optionId}" is not a valid option id`,
      );
    }
    const unsupported = findUnsupported(choice.children);
    if (unsupported)
      return skipped(`choice ${optionId} contains <${unsupported}>`);
    const text = paragraphs(choice.children);
    if (!text) return skipped(`choice ${optionId} has no text`);
    options.push(optionId);
    optionTexts[optionId] = text;
  }
  const unknownKeys = correct.filter((key) => !options.includes(key));
  if (unknownKeys.length > 0) {
    return skipped(
      `correct response ${unknownKeys.join(", ")} is not a choice`,
    );
  }
  if (cardinality === "single" && correct.length !== 1) {
    return skipped(`single cardinality with ${correct.length} correct values`);
  }
  const maxChoices = Number(interaction.attributes["max-choices"] ?? "0");
  if (maxChoices > 0 && maxChoices < correct.length) {
    return skipped(
      `max-choices ${maxChoices} is below the ${correct.length} correct values`,
    );
  }
  const stemNodes = stemNodesOf(body, interaction);
  const unsupported = findUnsupported(stemNodes);
  if (unsupported) return skipped(`the question contains <${unsupported}>`);
  const stem = paragraphs(stemNodes);
  if (!stem) return skipped("no question text");
  return {
    kind: "version",
    version: {
      id,
      baseId: id.replace(LANGUAGE_SUFFIX, ""),
      file,
      language,
      type: cardinality,
      options,
      correct,
      stem,
      optionTexts,
    },
  };
}

// The stem: the body without the interaction's choices, then the prompt.
function stemNodesOf(body: XmlElement, interaction: XmlElement): XmlNode[] {
  const strip = (nodes: XmlNode[]): XmlNode[] =>
    nodes.flatMap((node): XmlNode[] => {
      if (!isElement(node)) return [node];
      if (node === interaction) return [];
      return [{ ...node, children: strip(node.children) }];
    });
  const prompt = childElements(interaction, "qti-prompt").map((element) => ({
    ...element,
    name: "p",
  }));
  return [...strip(body.children), ...prompt];
}

function pair(
  baseId: string,
  versions: Version[],
): { ok: true; item: KeyedItem } | { ok: false; reason: string } {
  const byLanguage = new Map<TestLanguage, Version>();
  for (const version of versions) {
    const other = byLanguage.get(version.language);
    if (other) {
      return {
        ok: false,
        reason: `two ${version.language} versions of ${baseId} (${other.file}, ${version.file})`,
      };
    }
    byLanguage.set(version.language, version);
  }
  const ordered = TEST_LANGUAGES.flatMap((language) => {
    const version = byLanguage.get(language);
    return version ? [version] : [];
  });
  const [first, ...others] = ordered;
  if (!first) return { ok: false, reason: "no version" };
  for (const other of others) {
    const disagreement =
      other.type !== first.type
        ? "type (single or multiple response)"
        : !sameSet(other.options, first.options)
          ? "choice identifiers"
          : !sameSet(other.correct, first.correct)
            ? "the key"
            : null;
    if (disagreement) {
      return {
        ok: false,
        reason: `the ${first.language} and ${other.language} versions disagree on ${disagreement}`,
      };
    }
  }
  return {
    ok: true,
    item: {
      id: baseId,
      type: first.type,
      options: first.options,
      correct: first.correct,
      // Option texts follow one order in every language, for reviewable diffs.
      text: Object.fromEntries(
        ordered.map((version) => [
          version.language,
          {
            stem: version.stem,
            options: Object.fromEntries(
              first.options.map((id) => [id, version.optionTexts[id] ?? ""]),
            ),
          },
        ]),
      ),
    },
  };
}

function toTree(ordered: unknown[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const entry of ordered) {
    if (typeof entry !== "object" || entry === null) continue;
    const record = entry as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === ":@") continue;
      if (key === "#text") {
        nodes.push(String(value));
        continue;
      }
      nodes.push({
        name: key,
        attributes: (record[":@"] ?? {}) as Record<string, string>,
        children: Array.isArray(value) ? toTree(value) : [],
      });
    }
  }
  return nodes;
}

function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== "string";
}

function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter(
    (node): node is XmlElement => isElement(node) && node.name === name,
  );
}

function descendants(
  element: XmlElement,
  test: (element: XmlElement) => boolean,
): XmlElement[] {
  return element.children
    .filter(isElement)
    .flatMap((child) => [
      ...(test(child) ? [child] : []),
      ...descendants(child, test),
    ]);
}

function findUnsupported(nodes: XmlNode[]): string | undefined {
  for (const node of nodes) {
    if (!isElement(node) || NOT_TEXT.has(node.name)) continue;
    if (NOT_PLAIN_TEXT.has(node.name)) return node.name;
    const inner = findUnsupported(node.children);
    if (inner) return inner;
  }
  return undefined;
}

function plainText(nodes: XmlNode[]): string {
  return nodes
    .map((node) =>
      isElement(node)
        ? NOT_TEXT.has(node.name)
          ? ""
          : plainText(node.children)
        : node,
    )
    .join("");
}

// Plain text with paragraph breaks kept as "\n": banks hold no markup.
function paragraphs(nodes: XmlNode[]): string {
  const blocks: string[] = [];
  let current = "";
  const walk = (children: XmlNode[]) => {
    for (const node of children) {
      if (!isElement(node)) {
        current += node;
      } else if (NOT_TEXT.has(node.name)) {
        continue;
      } else if (BLOCKS.has(node.name)) {
        blocks.push(current);
        current = "";
        walk(node.children);
        blocks.push(current);
        current = "";
      } else {
        walk(node.children);
      }
    }
  };
  walk(nodes);
  blocks.push(current);
  return blocks
    .map((block) => block.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((value) => set.has(value));
}
