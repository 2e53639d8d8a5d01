/**
 * The configurable workflow engine and the MUKTA workflow definitions (spec
 * 02-workflow.md WF-1..8): definitions as data, a pure `transition`, next
 * actions, inboxes and SLAs.
 *
 * @since 0.1.0
 */
import { WorkflowDefinitionInvalid } from "./WorkflowDefinition.js"
import { ActionNotAllowed, RoleNotAllowed, StaleVersion } from "./WorkflowEngine.js"

export * as Actor from "./Actor.js"
export * as Inbox from "./Inbox.js"
export * as MuktaWorkflows from "./MuktaWorkflows.js"
export * as Sla from "./Sla.js"
export * as TimelineEntry from "./TimelineEntry.js"
export * as WorkflowDefinition from "./WorkflowDefinition.js"
export * as WorkflowEngine from "./WorkflowEngine.js"
export * as WorkflowSnapshot from "./WorkflowSnapshot.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  WorkflowDefinitionInvalid,
  ActionNotAllowed,
  RoleNotAllowed,
  StaleVersion,
] as const
