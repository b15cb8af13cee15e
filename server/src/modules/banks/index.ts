/**
 * Public interface of the banks module.
 *
 * Question banks and programs as loaded from question-banks/: validation,
 * form assembly, scoring (keyed items; personal-qualities profiles), QTI
 * import, voided items, who sees answer keys.
 * Uses no other module.
 */
export { assembleForm } from "./assembly";
export { seesAnswerKeys } from "./key-access";
export { toKioskItem } from "./kiosk-item";
export { scoreProfile, stenOf } from "./profile";
export { newFormSeed } from "./random";
export { isCorrect, scoreAttempt } from "./scoring";
export { voidedItemsKey, voidedItemsOf } from "./voided";
