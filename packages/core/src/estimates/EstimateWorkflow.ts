/**
 * The estimate workflow (EST-2, EST-6..9, WF-EST): an estimate moves only
 * through `Workflow.WorkflowEngine.transition` with the tenant's definition
 * (`estimate`; a deviation statement uses `deviation-statement` when the
 * tenant defines one, EST-8, else `estimate`). Submitting (an action that
 * takes the estimate from its creator into review) first checks:
 * 1. at least one SOR or NON-SOR line (`ESTIMATE_EMPTY`);
 * 2. no line of quantity 0 (`LINE_QUANTITY_ZERO`, listing every such line);
 * 3. for a revision, the measurement guards again, as books may have moved
 *    on since it was drafted (`QTY_BELOW_MEASURED`, `MEASURED_LINE_REMOVED`),
 *    and a deviation statement's unchanged total (`DEVIATION_TOTAL_CHANGED`);
 * 4. the total is at least labour + material + machinery
 *    (`ESTIMATE_BELOW_ANALYSIS`).
 * Approving a revision supersedes the previous version in the same unit of
 * work (EST-7, DB-5).
 *
 * @since 0.1.0
 */
import { Effect, Option, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { workflowOf } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as Amount from "../money/Amount.js"
import * as UnitOfWork from "../persistence/UnitOfWork.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import { actionsFrom, findState, type WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { StaleVersion, transition } from "../workflow/WorkflowEngine.js"
import { EstimateBelowAnalysis, statementsOfLines } from "./AnalysisStatement.js"
import { approvedState, type Estimate, type EstimateType, isWithCreator } from "./Estimate.js"
import { EstimateRepository } from "./EstimateRepository.js"
import { checkMeasured, deviationGuard } from "./EstimateRevision.js"

/**
 * The workflow code of estimates and revised estimates (WF-EST).
 *
 * @since 0.1.0
 * @category models
 */
export const estimateWorkflowCode = "estimate"

/**
 * The workflow code a tenant may define for deviation statements (EST-8).
 *
 * @since 0.1.0
 * @category models
 */
export const deviationWorkflowCode = "deviation-statement"

/**
 * The tenant's configuration has no estimate workflow.
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateWorkflowNotConfigured extends Schema.TaggedError<EstimateWorkflowNotConfigured>(
  "@karya/core/estimates/EstimateWorkflowNotConfigured",
)("EstimateWorkflowNotConfigured", { tenantId: Schema.String, workflowCode: Schema.String }) {
  static readonly code = "ESTIMATE_WORKFLOW_NOT_CONFIGURED"
  static readonly category = "rule"
  readonly code = EstimateWorkflowNotConfigured.code
  readonly category = EstimateWorkflowNotConfigured.category
  readonly retryable = false
  override get message(): string {
    return `${this.tenantId} has no "${this.workflowCode}" workflow in its configuration; an administrator must add it before estimates can move.`
  }
}

/**
 * No SOR or NON-SOR line on submit (EST-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateEmpty extends Schema.TaggedError<EstimateEmpty>("@karya/core/estimates/EstimateEmpty")(
  "EstimateEmpty",
  {
    estimateNumber: Schema.String,
  },
) {
  static readonly code = "ESTIMATE_EMPTY"
  static readonly category = "rule"
  readonly code = EstimateEmpty.code
  readonly category = EstimateEmpty.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} has no SOR or NON-SOR line; add at least one before submitting.`
  }
}

/**
 * Lines of quantity 0 on submit (EST-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class LineQuantityZero extends Schema.TaggedError<LineQuantityZero>(
  "@karya/core/estimates/LineQuantityZero",
)("LineQuantityZero", {
  estimateNumber: Schema.String,
  lines: Schema.Array(Schema.Struct({ field: Schema.String, description: Schema.String })),
}) {
  static readonly code = "LINE_QUANTITY_ZERO"
  static readonly category = "rule"
  readonly code = LineQuantityZero.code
  readonly category = LineQuantityZero.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} has lines measuring 0; measure or remove them before submitting: ${this.lines.map((line) => line.description).join("; ")}.`
  }
}

/**
 * The estimate is not with its creator, or the editor is not a creator (EST-6).
 *
 * @since 0.1.0
 * @category errors
 */
export class EstimateNotEditable extends Schema.TaggedError<EstimateNotEditable>(
  "@karya/core/estimates/EstimateNotEditable",
)("EstimateNotEditable", { estimateNumber: Schema.String, state: Schema.String, userId: Schema.String }) {
  static readonly code = "ESTIMATE_NOT_EDITABLE"
  static readonly category = "rule"
  readonly code = EstimateNotEditable.code
  readonly category = EstimateNotEditable.category
  readonly retryable = false
  override get message(): string {
    return `${this.estimateNumber} is ${this.state} and cannot be edited by ${this.userId}: an estimate is edited only by its creator while drafted or sent back for correction.`
  }
}

/**
 * The tenant's workflow definition for an estimate type (WF-8, EST-8).
 *
 * @since 0.1.0
 * @category constructors
 */
export const definitionOf = (configuration: TenantConfiguration, type: EstimateType) => {
  const definition =
    (type === "deviationStatement" ? workflowOf(configuration, deviationWorkflowCode) : undefined) ??
    workflowOf(configuration, estimateWorkflowCode)
  return definition === undefined
    ? Effect.fail(
        new EstimateWorkflowNotConfigured({
          tenantId: configuration.tenantId,
          workflowCode: estimateWorkflowCode,
        }),
      )
    : Effect.succeed(definition)
}

/**
 * Whether taking `action` now submits the estimate: it is with its creator
 * and the action leads to a non-terminal state where it no longer is.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isSubmission = (definition: WorkflowDefinition, estimate: Estimate, action: string): boolean => {
  const taken = actionsFrom(definition, estimate.workflow.state).find(
    (candidate) => candidate.name === action,
  )
  if (taken === undefined || !isWithCreator(definition, estimate)) return false
  const target = findState(definition, taken.to)
  const after = { workflow: { ...estimate.workflow, state: taken.to } }
  return target !== undefined && !target.isTerminal && !isWithCreator(definition, after)
}

/**
 * The checks an estimate passes before it is submitted (EST-2, EST-7..9),
 * in the order of the module header.
 *
 * @since 0.1.0
 * @category constructors
 */
export const submitChecks = Effect.fn("Estimates.submitChecks")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly estimate: Estimate
}) {
  const { configuration, estimate } = request
  if (estimate.lines.length === 0)
    return yield* Effect.fail(new EstimateEmpty({ estimateNumber: estimate.number }))
  const zero = estimate.lines.flatMap((line, index) =>
    line.quantity.isZero() ? [{ field: `lines[${index}]`, description: line.description }] : [],
  )
  if (zero.length > 0)
    return yield* Effect.fail(new LineQuantityZero({ estimateNumber: estimate.number, lines: zero }))
  if (estimate.previousEstimateId !== undefined) {
    const previous = yield* (yield* EstimateRepository).get({
      tenantId: configuration.tenantId,
      id: estimate.previousEstimateId,
    })
    yield* checkMeasured({
      tenantId: configuration.tenantId,
      estimateNumber: estimate.number,
      previous,
      lines: estimate.lines,
    })
    yield* Effect.fromResult(deviationGuard({ estimate, previous }))
  }
  const statements = yield* statementsOfLines({ configuration, lines: estimate.lines })
  if (Amount.isLessThan(estimate.totals.total, statements.total)) {
    return yield* Effect.fail(
      new EstimateBelowAnalysis({
        estimateNumber: estimate.number,
        total: Amount.toCanonicalString(estimate.totals.total),
        analysisTotal: Amount.toCanonicalString(statements.total),
      }),
    )
  }
})

/**
 * A workflow action requested on an estimate (API-6).
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateActionRequest {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly estimateId: string
  /** The estimate's version the actor decided on (WF-4). */
  readonly version: number
  readonly action: string
  readonly comment?: string
  readonly assignees?: ReadonlyArray<Actor>
  readonly documents?: ReadonlyArray<DocumentReference>
}

/**
 * Applies a transition to an estimate (pure step of a use case): the next
 * estimate, with its aggregate version one more.
 *
 * @since 0.1.0
 * @category constructors
 */
export const transitioned = Effect.fn("Estimates.transitioned")(function* (request: {
  readonly definition: WorkflowDefinition
  readonly estimate: Estimate
  readonly event: Omit<Parameters<typeof transition>[2], "version">
}) {
  const { estimate } = request
  const next = yield* Effect.fromResult(
    transition(request.definition, estimate.workflow, {
      ...request.event,
      version: estimate.workflow.version,
    }),
  )
  const moved: Estimate = { ...estimate, workflow: next, version: estimate.version + 1 }
  return moved
})

/**
 * Takes a workflow action on an estimate (EST-6..9, WF-2..4): submission
 * checks first, then the transition; approving a revision also supersedes
 * the version it revises, in the same write.
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeEstimateAction = Effect.fn("Estimates.takeEstimateAction")(function* (
  request: EstimateActionRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* EstimateRepository
  const estimate = yield* repository.get({ tenantId: configuration.tenantId, id: request.estimateId })
  if (estimate.version !== request.version) {
    return yield* Effect.fail(
      new StaleVersion({
        entityId: estimate.number,
        expectedVersion: request.version,
        actualVersion: estimate.version,
      }),
    )
  }
  const definition = yield* definitionOf(configuration, estimate.type)
  if (isSubmission(definition, estimate, request.action)) yield* submitChecks({ configuration, estimate })
  const moved = yield* transitioned({
    definition,
    estimate,
    event: {
      type: request.action,
      actor: request.actor,
      at: yield* BusinessClock.currentInstant,
      ...(request.comment === undefined ? {} : { comment: request.comment }),
      ...(request.assignees === undefined ? {} : { assignees: request.assignees }),
      ...(request.documents === undefined ? {} : { documents: request.documents }),
    },
  })
  const superseded = yield* supersededBy(moved)
  // The revision and the version it supersedes land together or not at all (EST-7, DB-5).
  yield* UnitOfWork.transaction(
    Effect.forEach(
      [{ aggregate: moved, expectedVersion: estimate.version }, ...Option.toArray(superseded)],
      (write) => repository.update(write),
      { discard: true },
    ),
  )
  return moved
})

const supersededBy = Effect.fn("Estimates.supersededBy")(function* (revision: Estimate) {
  if (revision.workflow.state !== approvedState || revision.previousEstimateId === undefined)
    return Option.none<{ readonly aggregate: Estimate; readonly expectedVersion: number }>()
  const previous = yield* (yield* EstimateRepository).get({
    tenantId: revision.tenantId,
    id: revision.previousEstimateId,
  })
  const next: Estimate = { ...previous, supersededById: revision.id, version: previous.version + 1 }
  return Option.some({ aggregate: next, expectedVersion: previous.version })
})
