/**
 * What a workflow action request carries besides its action (WF-2, API-6):
 * the actor, an optional comment, assignees (with their grants, looked up by
 * the caller) and document references, plus the version of the record the
 * actor decided on. Use cases of the measurement and contracts modules turn
 * it into a `WorkflowEngine` event with the record's workflow version and the
 * instant from `Clock`.
 *
 * A request names the record's own `version`, which counts every stored
 * change (DB-4); the engine's event names the workflow snapshot's version.
 * A use case checks the first, then hands the engine the second.
 *
 * @since 0.1.0
 */
import { type DateTime, Result } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { workflowOf } from "../config/TenantConfiguration.js"
import { assert } from "../internal/assert.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import type { WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { StaleVersion, type WorkflowEvent } from "../workflow/WorkflowEngine.js"

/**
 * The actor and the optional parts of an action.
 *
 * @since 0.1.0
 * @category models
 */
export interface ActionFields {
  readonly actor: Actor
  readonly comment?: string | undefined
  readonly assignees?: ReadonlyArray<Actor> | undefined
  readonly documents?: ReadonlyArray<DocumentReference> | undefined
}

/**
 * The engine event for an action on a snapshot at `version`, taken at `at`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const eventOf = (
  fields: ActionFields,
  action: { readonly type: string; readonly version: number; readonly at: DateTime.Utc },
): WorkflowEvent => ({
  type: action.type,
  actor: fields.actor,
  version: action.version,
  at: action.at,
  ...(fields.comment === undefined ? {} : { comment: fields.comment }),
  ...(fields.assignees === undefined ? {} : { assignees: fields.assignees }),
  ...(fields.documents === undefined ? {} : { documents: fields.documents }),
})

/**
 * The tenant's definition of a workflow. A configuration without it is a
 * defect of the embedding application: MUKTA's defaults carry every one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const definitionOf = (configuration: TenantConfiguration, code: string): WorkflowDefinition => {
  const definition = workflowOf(configuration, code)
  assert(definition !== undefined, `the tenant configuration has the ${code} workflow`)
  return definition
}

/**
 * Succeeds when the request was decided on the record's current version
 * (WF-4, DB-4); otherwise `STALE_VERSION` and nothing changes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const checkVersion = (record: {
  readonly entityId: string
  readonly requestedVersion: number
  readonly currentVersion: number
}): Result.Result<void, StaleVersion> =>
  record.requestedVersion === record.currentVersion
    ? Result.void
    : Result.fail(
        new StaleVersion({
          entityId: record.entityId,
          expectedVersion: record.requestedVersion,
          actualVersion: record.currentVersion,
        }),
      )
