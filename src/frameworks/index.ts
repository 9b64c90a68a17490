// Compliance frameworks as data, and the per-control table renderers build from them.
export { ATTACK, FRAMEWORK_IDS, FRAMEWORKS, type ControlInfo, type FrameworkId, type FrameworkInfo, type FrameworkVersion } from './catalog.js';
export {
  CONTROL_STATUSES,
  STATUS_LABEL,
  controlCoverage,
  frameworkJson,
  frameworkJsonLines,
  frameworkLines,
  frameworkOfMapping,
  frameworkTable,
  parseFrameworkId,
  unresolvedMappings,
  type CheckMapping,
  type ControlCounts,
  type ControlEvidence,
  type ControlRow,
  type ControlStatus,
  type FrameworkRef,
  type FrameworkSummary,
  type FrameworkTable,
  type FrameworkTableOptions,
} from './table.js';
