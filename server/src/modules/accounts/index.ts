/**
 * Public interface of the accounts module.
 *
 * Staff accounts, sessions, passwords and center scope. Uses centers, audit,
 * live.
 */
export { findAccountByUsername, staffNames } from "./repository";
export { registerAccount } from "./service";
