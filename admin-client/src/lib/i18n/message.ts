import type { UiLanguage } from "@shared/enums";

/**
 * A message is a string with `{name}` placeholders, or plural forms chosen
 * by `{count}` with Intl.PluralRules (Russian needs one/few/many).
 */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & {
  other: string;
};
export type Message = string | Plural;

/** One area's strings in every UI language, keyed alike. */
export type Messages<Key extends string> = Record<
  UiLanguage,
  Record<Key, Message>
>;
