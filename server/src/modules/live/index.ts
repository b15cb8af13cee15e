/**
 * Public interface of the live module.
 *
 * Live messages to consoles and kiosks over one Redis pub/sub channel. Uses
 * no other module.
 */
export { publishLive } from "./publish";
