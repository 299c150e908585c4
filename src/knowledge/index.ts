export { explain, explainNote, defaultRemediations } from './explain.js';
export { fillTemplate, placeholdersOf, PLACEHOLDERS, type Facts } from './fill.js';
export { loadRemediations, parseRemediations, formatKnowledgeIssue, REMEDIATIONS_FILE } from './load.js';
export {
  CodeShape,
  RemediationEntry,
  RemediationVariant,
  type Explained,
  type KnowledgeIssue,
  type RemediationTable,
} from './schema.js';
export {
  defaultKnowledge,
  parseKnowledgeData,
  KnowledgeDataError,
  SQUID_ERRORS_FILE,
  CONNECT_ERRNOS_FILE,
  PLACEHOLDERS_FILE,
  CAUSE_PRIORITY_FILE,
  HOST_FAMILIES_FILE,
} from './data-load.js';
export { ProxyCause, type KnowledgeData } from './data-schema.js';
export { CAUSE_CODES, ROOT_CAUSE_CODES, isCauseCode, isRootCauseCode, type CauseCode, type RootCauseCode } from './cause-codes.js';
