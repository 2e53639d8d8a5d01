/**
 * Drafting estimates (EST-1..8, EST-10): creating an original estimate for a
 * project (saved as a draft or submitted at once), editing it while it is
 * with its creator (EST-6), and raising a revised estimate or deviation
 * statement from an approved one (EST-7, EST-8). Every refusal happens before
 * anything is written, and before a number is issued (ERR-2, ID-3): the
 * checks run on the estimate numbered provisionally `NEW`, the number shown
 * in a refusal of an estimate not yet saved.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { failOnProblems, issueNumberOf } from "../rates/ScheduleOfRates.js"
import * as BusinessClock from "../time/BusinessClock.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import type { WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { creatorRolesOf, type Estimate, isWithCreator, nameLengthMax } from "./Estimate.js"
import type { LineInput } from "./EstimateLine.js"
import type { EnteredOverhead } from "./EstimateOverhead.js"
import { price } from "./EstimatePricing.js"
import { chainVersionsMax, EstimateRepository } from "./EstimateRepository.js"
import { carriedProblems, checkMeasured, eligibility, unitRateChanges } from "./EstimateRevision.js"
import {
  definitionOf,
  EstimateNotEditable,
  isSubmission,
  submitChecks,
  transitioned,
} from "./EstimateWorkflow.js"
import { ProjectRepository } from "./ProjectRepository.js"

/**
 * The number a not-yet-saved estimate shows in refusals.
 *
 * @since 0.1.0
 * @category models
 */
export const provisionalNumber = HumanNumber.makeUnsafe("NEW")

/**
 * Problem codes of drafting.
 *
 * @since 0.1.0
 * @category errors
 */
export const draftingProblemCodes = {
  nameEmpty: "ESTIMATE_NAME_EMPTY",
  nameTooLong: "ESTIMATE_NAME_TOO_LONG",
  projectClosed: "PROJECT_CLOSED",
} as const

/**
 * The first action of a new estimate (WF-EST): saved as a draft, or submitted.
 *
 * @since 0.1.0
 * @category models
 */
export type FirstAction = "SAVE_AS_DRAFT" | "SUBMIT"

/**
 * What the clerk sends with an estimate's content.
 *
 * @since 0.1.0
 * @category models
 */
export interface EstimateContent {
  readonly name: string
  readonly lines: ReadonlyArray<LineInput>
  readonly enteredOverheads: ReadonlyArray<EnteredOverhead>
}

const nameProblems = (name: string): ReadonlyArray<FieldProblem> =>
  name.trim() === ""
    ? [
        {
          field: "name",
          code: draftingProblemCodes.nameEmpty,
          message: "name the estimate (the work it is for)",
        },
      ]
    : name.length > nameLengthMax
      ? [
          {
            field: "name",
            code: draftingProblemCodes.nameTooLong,
            message: `shorten the name to at most ${nameLengthMax} characters`,
            limit: String(nameLengthMax),
          },
        ]
      : []

const saveNew = Effect.fn("Estimates.saveNew")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly definition: WorkflowDefinition
  readonly draft: Estimate
  readonly actor: Actor
  readonly action: FirstAction
  readonly comment?: string
}) {
  const { configuration, definition, draft } = request
  if (isSubmission(definition, draft, request.action)) yield* submitChecks({ configuration, estimate: draft })
  const at = yield* BusinessClock.currentInstant
  const event = {
    type: request.action,
    actor: request.actor,
    at,
    ...(request.comment === undefined ? {} : { comment: request.comment }),
  }
  yield* transitioned({ definition, estimate: draft, event })
  const number = yield* issueNumberOf(
    configuration,
    draft.type === "original" ? "estimate" : "revisedEstimate",
  )
  const numbered: Estimate = {
    ...draft,
    number,
    workflow: WorkflowSnapshot.initial({
      entityId: number,
      tenantId: configuration.tenantId,
      definitionCode: definition.code,
    }),
  }
  const saved: Estimate = { ...(yield* transitioned({ definition, estimate: numbered, event })), version: 1 }
  yield* (yield* EstimateRepository).insert({ aggregate: saved })
  return saved
})

/**
 * Creates an original estimate for a project (EST-1..6): its date is today in
 * the tenant's zone, SOR lines take their SOR's rate on it; saved as a draft
 * or submitted (with the submission checks).
 *
 * @since 0.1.0
 * @category constructors
 */
export const draftEstimate = Effect.fn("Estimates.draftEstimate")(function* (
  request: EstimateContent & {
    readonly tenantId: TenantId
    readonly actor: Actor
    readonly projectId: string
    readonly action: FirstAction
    readonly comment?: string
    /** The template the lines were started from (EST-10). */
    readonly templateCode?: string
  },
) {
  const configuration = yield* configurationOf(request.tenantId)
  const project = yield* (yield* ProjectRepository).get({
    tenantId: configuration.tenantId,
    id: request.projectId,
  })
  const otherProblems: ReadonlyArray<FieldProblem> = [
    ...nameProblems(request.name),
    ...(project.status === "active"
      ? []
      : [
          {
            field: "projectId",
            code: draftingProblemCodes.projectClosed,
            message: `${project.number} is closed; estimates cannot be added to it`,
          },
        ]),
  ]
  const definition = yield* definitionOf(configuration, "original")
  const estimateDate = yield* BusinessClock.today(configuration.timeZone)
  const priced = yield* price({
    configuration,
    lines: request.lines,
    enteredOverheads: request.enteredOverheads,
    estimateDate,
    otherProblems,
  })
  const id = yield* EntityId.make
  const draft: Estimate = {
    id,
    tenantId: configuration.tenantId,
    number: provisionalNumber,
    projectId: project.id,
    type: "original",
    name: request.name.trim(),
    estimateDate,
    ...priced,
    enteredOverheads: request.enteredOverheads,
    createdBy: request.actor.userId,
    originalEstimateId: id,
    revisionNumber: 0,
    ...(request.templateCode === undefined ? {} : { templateCode: request.templateCode }),
    workflow: WorkflowSnapshot.initial({
      entityId: provisionalNumber,
      tenantId: configuration.tenantId,
      definitionCode: definition.code,
    }),
    version: 0,
  }
  return yield* saveNew({
    configuration,
    definition,
    draft,
    actor: request.actor,
    action: request.action,
    ...(request.comment === undefined ? {} : { comment: request.comment }),
  })
})

const revisionContentChecks = Effect.fn("Estimates.revisionContentChecks")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly previous: Estimate
  readonly lines: ReadonlyArray<LineInput>
}) {
  yield* failOnProblems("estimate", carriedProblems(request.previous, request.lines))
  const changed = unitRateChanges(request.previous, request.lines)
  if (changed !== undefined) return yield* Effect.fail(changed)
})

/**
 * Edits an estimate while it is with its creator (EST-6): the content is
 * priced again (overheads recomputed, EST-3) on the estimate's own date; a
 * revision is held to the revision guards (EST-7). Approved and rejected
 * estimates are read-only (`ESTIMATE_NOT_EDITABLE`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const editEstimate = Effect.fn("Estimates.editEstimate")(function* (
  request: EstimateContent & {
    readonly tenantId: TenantId
    readonly actor: Actor
    readonly estimateId: string
    readonly version: number
  },
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
  const isCreator = holdsAnyRole(request.actor, {
    roles: creatorRolesOf(definition),
    tenantId: estimate.tenantId,
  })
  if (!isWithCreator(definition, estimate) || !isCreator) {
    return yield* Effect.fail(
      new EstimateNotEditable({
        estimateNumber: estimate.number,
        state: estimate.workflow.state,
        userId: request.actor.userId,
      }),
    )
  }
  const previous =
    estimate.previousEstimateId === undefined
      ? undefined
      : yield* repository.get({ tenantId: configuration.tenantId, id: estimate.previousEstimateId })
  if (previous !== undefined) yield* revisionContentChecks({ configuration, previous, lines: request.lines })
  const content = {
    configuration,
    lines: request.lines,
    enteredOverheads: request.enteredOverheads,
    estimateDate: estimate.estimateDate,
    otherProblems: nameProblems(request.name),
  }
  const priced = yield* price(previous === undefined ? content : { ...content, previous })
  if (previous !== undefined)
    yield* checkMeasured({
      tenantId: configuration.tenantId,
      estimateNumber: estimate.number,
      previous,
      lines: priced.lines,
    })
  const edited: Estimate = {
    ...estimate,
    ...priced,
    name: request.name.trim(),
    enteredOverheads: request.enteredOverheads,
    version: estimate.version + 1,
  }
  yield* repository.update({ aggregate: edited, expectedVersion: estimate.version })
  return edited
})

/**
 * Raises a revised estimate or a deviation statement from the approved,
 * current version (EST-7, EST-8): carried lines name their previous line and
 * keep its unit rate; new SOR lines take today's rates; the measurement
 * guards apply; numbered from the `revisedEstimate` series (`RE/…`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const reviseEstimate = Effect.fn("Estimates.reviseEstimate")(function* (
  request: EstimateContent & {
    readonly tenantId: TenantId
    readonly actor: Actor
    readonly estimateId: string
    readonly type: "revised" | "deviationStatement"
    readonly action: FirstAction
    readonly comment?: string
  },
) {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* EstimateRepository
  const previous = yield* repository.get({ tenantId: configuration.tenantId, id: request.estimateId })
  const chain = yield* AggregateStore.findAll(
    repository,
    {
      tenantId: configuration.tenantId,
      where: { originalEstimateId: previous.originalEstimateId },
      orderBy: "revisionNumber",
    },
    { itemsMax: chainVersionsMax },
  )
  const definition = yield* definitionOf(configuration, request.type)
  yield* Effect.fromResult(
    eligibility({
      previous,
      chain,
      definition,
      revisionsMax: configuration.revisionLimits.estimateRevisionsMax,
    }),
  )
  yield* revisionContentChecks({ configuration, previous, lines: request.lines })
  const estimateDate = yield* BusinessClock.today(configuration.timeZone)
  const priced = yield* price({
    configuration,
    lines: request.lines,
    enteredOverheads: request.enteredOverheads,
    estimateDate,
    previous,
    otherProblems: nameProblems(request.name),
  })
  yield* checkMeasured({
    tenantId: configuration.tenantId,
    estimateNumber: provisionalNumber,
    previous,
    lines: priced.lines,
  })
  const draft: Estimate = {
    id: yield* EntityId.make,
    tenantId: configuration.tenantId,
    number: provisionalNumber,
    projectId: previous.projectId,
    type: request.type,
    name: request.name.trim(),
    estimateDate,
    ...priced,
    enteredOverheads: request.enteredOverheads,
    createdBy: request.actor.userId,
    originalEstimateId: previous.originalEstimateId,
    previousEstimateId: previous.id,
    revisionNumber: previous.revisionNumber + 1,
    workflow: WorkflowSnapshot.initial({
      entityId: provisionalNumber,
      tenantId: configuration.tenantId,
      definitionCode: definition.code,
    }),
    version: 0,
  }
  return yield* saveNew({
    configuration,
    definition,
    draft,
    actor: request.actor,
    action: request.action,
    ...(request.comment === undefined ? {} : { comment: request.comment }),
  })
})
