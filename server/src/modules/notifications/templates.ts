import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { UiLanguage } from "@shared/enums";
import { MESSAGE_KINDS, type MessageKind } from "@shared/notifications";
import type { MessageParams } from "./types";

/** The one folder of message templates: `<kind>.json`, see its README.md. */
export const TEMPLATES_DIR = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "templates",
);

const Localized = z.object({ kk: z.string(), ru: z.string(), en: z.string() });
const Text = z.object({
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(1000),
});

export const MessageTemplate = z.strictObject({
  description: z.string(),
  /** Every parameter the template needs; the callers pass them all. */
  params: z.array(z.string().regex(/^[a-zA-Z]+$/)),
  /** Parameters masked in what staff and the log see (a booking code). */
  secret: z.array(z.string()).default([]),
  /** Parameters passed as a key (e.g. "upheld") and written per language. */
  choices: z.record(z.string(), z.record(z.string(), Localized)).default({}),
  kk: Text,
  ru: Text,
  en: Text,
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

const PLACEHOLDER = /\{([a-zA-Z]+)\}/g;

/** The placeholders a text uses, each once. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}

/** Reads a template file; throws naming the file when it is malformed. */
export function readTemplate(
  kind: MessageKind,
  dir = TEMPLATES_DIR,
): MessageTemplate {
  const file = path.join(dir, `${kind}.json`);
  const parsed = MessageTemplate.safeParse(
    JSON.parse(readFileSync(file, "utf8")),
  );
  if (!parsed.success) {
    throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

let loaded: Map<MessageKind, MessageTemplate> | null = null;

/** Every kind's template, read once (a missing one fails at first use). */
export function templates(): Map<MessageKind, MessageTemplate> {
  loaded ??= new Map(MESSAGE_KINDS.map((kind) => [kind, readTemplate(kind)]));
  return loaded;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  /** The same with secret parameters masked: what staff and logs see. */
  shownSubject: string;
  shownText: string;
}

export class MissingParamsError extends Error {
  constructor(
    readonly kind: MessageKind,
    readonly missing: string[],
  ) {
    super(`message ${kind} lacks the parameters ${missing.join(", ")}`);
    this.name = "MissingParamsError";
  }
}

const MASK = "•••";

/**
 * A template filled in one language. A parameter in each language takes
 * that language's text; a parameter with choices takes its key's text.
 * Throws when a parameter the template names is not given.
 */
export function renderMessage(
  kind: MessageKind,
  language: UiLanguage,
  params: MessageParams,
  template: MessageTemplate = templates().get(kind) ?? readTemplate(kind),
): RenderedMessage {
  const missing = template.params.filter(
    (name) => params[name] === undefined || params[name] === "",
  );
  if (missing.length > 0) throw new MissingParamsError(kind, missing);
  const valueOf = (name: string): string => {
    const param = params[name];
    if (param === undefined) return `{${name}}`;
    if (typeof param !== "string") return param[language];
    return template.choices[name]?.[param]?.[language] ?? param;
  };
  const fill = (text: string, masked: boolean) =>
    text.replace(PLACEHOLDER, (_whole, name: string) =>
      masked && template.secret.includes(name) ? MASK : valueOf(name),
    );
  const { subject, text } = template[language];
  return {
    subject: fill(subject, false),
    text: fill(text, false),
    shownSubject: fill(subject, true),
    shownText: fill(text, true),
  };
}
