/** Outbound contact (DESIGN §12): the kinds, the country rules, and the planner. */
export { contactKinds, isContactKind, type ContactKind, type OutboundCadence } from './contact-kinds.js';
export {
  ContactRulesError,
  defaultContactRules,
  loadContactRules,
  parseContactRules,
  type ContactRules,
  type CountryRules,
} from './contact-rules.js';
export { isContactTime, nextContactTime } from './contact-window.js';
export type { DroppedContact, DropReason, PlannedContact } from './planner.js';
