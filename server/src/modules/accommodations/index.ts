/**
 * Public interface of the accommodations module.
 *
 * Accommodations on a person (by IIN): extra minutes and a note. Uses audit.
 */
export {
  accommodationKeys,
  getAccommodation,
  getAccommodations,
} from "./repository";
export { setAccommodation } from "./service";
