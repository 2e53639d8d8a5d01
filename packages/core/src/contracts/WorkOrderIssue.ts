/**
 * Creating and editing work orders (WO-1..5, WO-7..9): the content is
 * decided from the approved estimates, the organisation's standing and the
 * orders already holding estimate lines, then the order enters (or goes back
 * into) the work-order workflow (WF-WO). A refused request changes nothing
 * (ERR-2): every check runs before a number is issued or anything is stored.
 *
 * Checks, in order: the estimates are approved (`APPROVED_ESTIMATE_NOT_FOUND`);
 * every field problem of the request at once (`VALIDATION_FAILED`: the lines
 * chosen, one project, terms and conditions, the officer-in-charge, the
 * optional features, milestone fields, negotiation); the completion period
 * (`COMPLETION_PERIOD_INVALID`, WO-5); the organisation (`ORG_NOT_ELIGIBLE`,
 * WO-1); no chosen line in another active order (`LINE_IN_OTHER_CONTRACT`,
 * WO-2); milestones sum to 100 (`MILESTONES_NOT_100`, WO-8); the CBO role
 * (`CBO_ROLE_LOCKED`, WO-4); the workflow action (WF-2). An edit first
 * checks the version (`STALE_VERSION`) and that the order is with its
 * creator (`WO_NOT_EDITABLE`, WO-7).
 *
 * A declined order waits for its creator to re-assign it to another CBO
 * (WO-6): an edit keeping the CBO that declined is `ORGANISATION_DECLINED`.
 *
 * Decisions where the spec is silent: the officer-in-charge must hold the
 * role `OFFICER_IN_CHARGE` in the tenant (or its state); milestones and
 * negotiation are optional features a tenant turns on (`configuration.features`),
 * and a request using a feature that is off is refused; an edit replaces the
 * whole content and takes the `EDIT` action, so an edited order is verified
 * again; eligibility is decided for the date of the request.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema } from "effect"
import type { ContractFeatures, TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { ValidationFailed } from "../errors/ValidationFailed.js"
import * as EntityId from "../ids/EntityId.js"
import * as HumanNumber from "../ids/HumanNumber.js"
import { assert } from "../internal/assert.js"
import { type ActionFields, checkVersion, definitionOf, eventOf } from "../measurement/ActionRequest.js"
import * as BusinessClock from "../time/BusinessClock.js"
import * as LocalDate from "../time/LocalDate.js"
import { type Actor, holdsAnyRole } from "../workflow/Actor.js"
import { transition } from "../workflow/WorkflowEngine.js"
import * as WorkflowSnapshot from "../workflow/WorkflowSnapshot.js"
import { approvedEstimate } from "./ApprovedEstimates.js"
import { type CboRole, decideRole } from "./CboRole.js"
import { type EstimateChoice, type Selection, selectFromEstimates } from "./LineSelection.js"
import { checkTotal, type Milestone, milestoneProblems } from "./Milestone.js"
import { type Negotiation, negotiationProblems } from "./Negotiation.js"
import { checkEligibility } from "./OrganisationEligibility.js"
import { standingOf } from "./Organisations.js"
import {
  editAction,
  heldLineIds,
  isWithCreator,
  reassignmentState,
  type WorkOrder,
  workflowCode,
} from "./WorkOrder.js"
import { amountOf } from "./WorkOrderAmount.js"
import {
  activeHoldersOfLines,
  getWorkOrder,
  type LineHolder,
  WorkOrderRepository,
} from "./WorkOrderRepository.js"

/**
 * The role the officer-in-charge must hold (WO-5).
 *
 * @since 0.1.0
 * @category models
 */
export const officerInChargeRole = "OFFICER_IN_CHARGE"

/**
 * The action that creates a work order (WF-WO).
 *
 * @since 0.1.0
 * @category models
 */
export const createAction = "CREATE"

/**
 * The most terms and conditions one order lists (WO-5).
 *
 * @since 0.1.0
 * @category models
 */
export const termsAndConditionsMax = 100

/**
 * The longest term or condition, in characters: a clause, not a document
 * (attach long conditions as documents).
 *
 * @since 0.1.0
 * @category models
 */
export const termLengthMax = 2048

/**
 * Problem code: more terms and conditions than `termsAndConditionsMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const termsTooManyCode = "TERMS_TOO_MANY"

/**
 * Problem code: a term longer than `termLengthMax`.
 *
 * @since 0.1.0
 * @category errors
 */
export const termTooLongCode = "TERM_TOO_LONG"

/**
 * Problem code: the officer-in-charge does not hold the officer-in-charge role.
 *
 * @since 0.1.0
 * @category errors
 */
export const officerInChargeInvalidCode = "OFFICER_IN_CHARGE_INVALID"

/**
 * Problem code: the request lists milestones, and the tenant has them off.
 *
 * @since 0.1.0
 * @category errors
 */
export const milestonesDisabledCode = "MILESTONES_DISABLED"

/**
 * Problem code: the request negotiates, and the tenant has negotiation off.
 *
 * @since 0.1.0
 * @category errors
 */
export const negotiationDisabledCode = "NEGOTIATION_DISABLED"

/**
 * Problem code: a declined order is re-assigned to the CBO that declined it
 * (WO-6).
 *
 * @since 0.1.0
 * @category errors
 */
export const organisationDeclinedCode = "ORGANISATION_DECLINED"

/**
 * The content of a work order a clerk enters.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOrderContent {
  readonly estimates: ReadonlyArray<EstimateChoice>
  readonly organisationId: string
  /** The CBO's role; absent for the default (WO-4). */
  readonly cboRole?: CboRole | undefined
  /** The officer-in-charge with their grants, looked up by the caller. */
  readonly officerInCharge: Actor
  readonly completionPeriodDays: number
  readonly termsAndConditions: ReadonlyArray<string>
  readonly milestones?: ReadonlyArray<Milestone> | undefined
  readonly negotiation?: Negotiation | undefined
}

/**
 * The completion period is not a whole number of days of at least 1 (WO-5).
 *
 * @since 0.1.0
 * @category errors
 */
export class CompletionPeriodInvalid extends Schema.TaggedError<CompletionPeriodInvalid>(
  "@karya/core/contracts/CompletionPeriodInvalid",
)("CompletionPeriodInvalid", {
  completionPeriodDays: Schema.Number,
}) {
  static readonly code = "COMPLETION_PERIOD_INVALID"
  static readonly category = "badInput"
  readonly code = CompletionPeriodInvalid.code
  readonly category = CompletionPeriodInvalid.category
  readonly retryable = false
  override get message(): string {
    return `The completion period ${this.completionPeriodDays} is not valid; enter a whole number of days, at least 1.`
  }
}

/**
 * A chosen estimate line is part of another active work order (WO-2).
 *
 * @since 0.1.0
 * @category errors
 */
export class LineInOtherContract extends Schema.TaggedError<LineInOtherContract>(
  "@karya/core/contracts/LineInOtherContract",
)("LineInOtherContract", {
  holders: Schema.NonEmptyArray(
    Schema.Struct({ lineId: Schema.String, workOrderId: Schema.String, workOrderNumber: Schema.String }),
  ),
}) {
  static readonly code = "LINE_IN_OTHER_CONTRACT"
  static readonly category = "rule"
  readonly code = LineInOtherContract.code
  readonly category = LineInOtherContract.category
  readonly retryable = false
  override get message(): string {
    const listed = this.holders
      .map((holder) => `line ${holder.lineId} is in ${holder.workOrderNumber}`)
      .join("; ")
    return `${listed}; an estimate line can be part of only one active work order, so leave it out (or cancel that order first).`
  }
}

/**
 * The order is not with its creator, so its content cannot change (WO-7).
 *
 * @since 0.1.0
 * @category errors
 */
export class WoNotEditable extends Schema.TaggedError<WoNotEditable>("@karya/core/contracts/WoNotEditable")(
  "WoNotEditable",
  {
    /** The number of the work order or revised work order. */
    number: Schema.String,
    state: Schema.String,
  },
) {
  static readonly code = "WO_NOT_EDITABLE"
  static readonly category = "rule"
  readonly code = WoNotEditable.code
  readonly category = WoNotEditable.category
  readonly retryable = false
  override get message(): string {
    return `${this.number} is ${this.state}; it can be edited only while sent back to its creator (for correction or re-assignment).`
  }
}

const termProblems = (terms: ReadonlyArray<string>): ReadonlyArray<FieldProblem> => {
  if (terms.length > termsAndConditionsMax) {
    const message = `list at most ${termsAndConditionsMax} terms and conditions`
    return [
      { field: "termsAndConditions", code: termsTooManyCode, message, limit: String(termsAndConditionsMax) },
    ]
  }
  return terms.flatMap((term, index) =>
    term.length > termLengthMax
      ? [
          {
            field: `termsAndConditions[${index}]`,
            code: termTooLongCode,
            message: `shorten this term to at most ${termLengthMax} characters, or attach it as a document`,
            limit: String(termLengthMax),
          },
        ]
      : [],
  )
}

const featureProblems = (
  content: WorkOrderContent,
  features: ContractFeatures,
): ReadonlyArray<FieldProblem> => [
  ...(features.milestones === "disabled" && (content.milestones?.length ?? 0) > 0
    ? [
        {
          field: "milestones",
          code: milestonesDisabledCode,
          message: "this ULB does not use milestones; remove them",
        },
      ]
    : milestoneProblems(content.milestones ?? [])),
  ...(features.negotiation === "disabled" && content.negotiation !== undefined
    ? [
        {
          field: "negotiation",
          code: negotiationDisabledCode,
          message: "this ULB does not negotiate work orders; remove the negotiation",
        },
      ]
    : []),
]

const contentProblems = (request: {
  readonly content: WorkOrderContent
  readonly selection: Selection
  readonly tenantId: TenantId
  readonly features: ContractFeatures
}): ReadonlyArray<FieldProblem> => {
  const { content, selection } = request
  const lineIds = new Set(heldLineIds(selection))
  const officerProblems = holdsAnyRole(content.officerInCharge, {
    roles: [officerInChargeRole],
    tenantId: request.tenantId,
  })
    ? []
    : [
        {
          field: "officerInCharge",
          code: officerInChargeInvalidCode,
          message: `${content.officerInCharge.userId} does not hold the ${officerInChargeRole} role in ${request.tenantId}; choose an employee who does`,
        },
      ]
  return [
    ...selection.problems,
    ...termProblems(content.termsAndConditions),
    ...officerProblems,
    ...featureProblems(content, request.features),
    ...(content.negotiation === undefined ? [] : negotiationProblems(content.negotiation, lineIds)),
  ]
}

const checkCompletionPeriod = (days: number): Result.Result<void, CompletionPeriodInvalid> =>
  Number.isInteger(days) && days >= 1
    ? Result.void
    : Result.fail(new CompletionPeriodInvalid({ completionPeriodDays: days }))

const checkHolders = (holders: ReadonlyArray<LineHolder>): Result.Result<void, LineInOtherContract> => {
  const [first, ...rest] = holders
  return first === undefined
    ? Result.void
    : Result.fail(new LineInOtherContract({ holders: [first, ...rest] }))
}

/**
 * The decided content of a work order: what creating or editing stores.
 *
 * @since 0.1.0
 * @category models
 */
export type DecidedContent = Pick<
  WorkOrder,
  | "projectId"
  | "organisationId"
  | "cboRole"
  | "officerInChargeId"
  | "completionPeriodDays"
  | "termsAndConditions"
  | "lines"
  | "overheads"
  | "amount"
  | "milestones"
> & { readonly negotiation?: Negotiation }

/**
 * Decides a work order's content (WO-1..5, WO-8, WO-9) for `date`, every
 * check in the module's order; `workOrderId` is the order being edited,
 * whose own lines do not count as held by another order.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decideContent = Effect.fn("Contracts.decideWorkOrderContent")(function* (
  content: WorkOrderContent,
  context: {
    readonly tenantId: TenantId
    readonly date: LocalDate.LocalDate
    readonly configuration: TenantConfiguration
    readonly workOrderId?: string | undefined
  },
) {
  const { tenantId, configuration } = context
  const estimates = yield* Effect.forEach(content.estimates, (choice) =>
    Effect.map(approvedEstimate({ tenantId, estimateId: choice.estimateId }), (estimate) => ({
      estimate,
      choice,
    })),
  )
  const selection = selectFromEstimates(estimates)
  const [first, ...rest] = contentProblems({ content, selection, tenantId, features: configuration.features })
  if (first !== undefined)
    return yield* new ValidationFailed({ subject: "work order", problems: [first, ...rest] })
  yield* Effect.fromResult(checkCompletionPeriod(content.completionPeriodDays))
  const standing = yield* standingOf({ tenantId, organisationId: content.organisationId })
  const organisation = { tenantId, organisationId: content.organisationId, date: context.date }
  yield* Effect.fromResult(checkEligibility(standing, organisation))
  const holders = yield* activeHoldersOfLines({ tenantId, lineIds: heldLineIds(selection) })
  yield* Effect.fromResult(
    checkHolders(holders.filter((holder) => holder.workOrderId !== context.workOrderId)),
  )
  const milestones = content.milestones ?? []
  yield* Effect.fromResult(checkTotal(milestones))
  const projectId = estimates[0]?.estimate.projectId
  assert(projectId !== undefined, "an order with a chosen line was made from at least one estimate")
  const amount = amountOf({ ...selection, negotiation: content.negotiation })
  const threshold = configuration.workOrder.cboRoleThreshold
  const cboRole = yield* Effect.fromResult(decideRole({ amount, threshold, requested: content.cboRole }))
  const decided: DecidedContent = {
    projectId,
    organisationId: content.organisationId,
    cboRole,
    officerInChargeId: content.officerInCharge.userId,
    completionPeriodDays: content.completionPeriodDays,
    termsAndConditions: content.termsAndConditions,
    lines: selection.lines,
    overheads: selection.overheads,
    amount,
    milestones,
    ...(content.negotiation === undefined ? {} : { negotiation: content.negotiation }),
  }
  return decided
})

const clockOf = (configuration: TenantConfiguration) =>
  Effect.map(BusinessClock.currentInstant, (at) => ({
    at,
    date: LocalDate.fromInstant(at, configuration.timeZone),
  }))

/**
 * A request to create a work order (WO-1).
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateWorkOrderRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly content: WorkOrderContent
}

/**
 * Creates a work order from approved estimates (WO-1..5, WO-8, WO-9),
 * numbered from the tenant's `workOrder` series, and sends it for
 * verification (`CREATE`, WF-WO).
 *
 * @since 0.1.0
 * @category constructors
 */
export const createWorkOrder = Effect.fn("Contracts.createWorkOrder")(function* (
  request: CreateWorkOrderRequest,
) {
  const configuration = yield* configurationOf(request.tenantId)
  const { at, date } = yield* clockOf(configuration)
  const decided = yield* decideContent(request.content, { tenantId: request.tenantId, date, configuration })
  const definition = definitionOf(configuration, workflowCode)
  const workOrderId = yield* EntityId.make
  const identity = { entityId: workOrderId, tenantId: request.tenantId, definitionCode: definition.code }
  const initial = WorkflowSnapshot.initial(identity)
  const event = eventOf(request, { type: createAction, version: initial.version, at })
  const moved = yield* Effect.fromResult(transition(definition, initial, event))
  const number = yield* HumanNumber.issueNumber({
    tenantId: request.tenantId,
    cityCode: configuration.cityCode,
    series: "workOrder",
    idFormat: configuration.idFormats.workOrder,
    timeZone: configuration.timeZone,
  })
  const workOrder: WorkOrder = {
    workOrderId,
    tenantId: request.tenantId,
    number,
    ...decided,
    workflow: moved,
    version: 1,
  }
  yield* WorkOrderRepository.use((repository) => repository.insert({ aggregate: workOrder }))
  return workOrder
})

/**
 * A request to edit a work order while it is with its creator (WO-7),
 * replacing its whole content.
 *
 * @since 0.1.0
 * @category models
 */
export interface EditWorkOrderRequest extends ActionFields {
  readonly tenantId: TenantId
  readonly workOrderId: string
  readonly version: number
  readonly content: WorkOrderContent
}

/**
 * Edits a work order sent back for correction or re-assignment (WO-6, WO-7)
 * and sends it for verification again (`EDIT`). Re-assigning a declined
 * order to another CBO is an edit of its organisation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const editWorkOrder = Effect.fn("Contracts.editWorkOrder")(function* (request: EditWorkOrderRequest) {
  const configuration = yield* configurationOf(request.tenantId)
  const workOrder = yield* getWorkOrder(request)
  const current = {
    entityId: workOrder.number,
    requestedVersion: request.version,
    currentVersion: workOrder.version,
  }
  yield* Effect.fromResult(checkVersion(current))
  const definition = definitionOf(configuration, workflowCode)
  if (!isWithCreator(workOrder, definition)) {
    return yield* new WoNotEditable({ number: workOrder.number, state: workOrder.workflow.state })
  }
  if (
    workOrder.workflow.state === reassignmentState &&
    request.content.organisationId === workOrder.organisationId
  ) {
    const message = `organisation ${workOrder.organisationId} declined this work order; re-assign it to another CBO`
    const problem = { field: "organisationId", code: organisationDeclinedCode, message }
    return yield* new ValidationFailed({ subject: "work order", problems: [problem] })
  }
  const { at, date } = yield* clockOf(configuration)
  const context = { tenantId: workOrder.tenantId, date, configuration, workOrderId: workOrder.workOrderId }
  const decided = yield* decideContent(request.content, context)
  const event = eventOf(request, { type: editAction, version: workOrder.workflow.version, at })
  const moved = yield* Effect.fromResult(transition(definition, workOrder.workflow, event))
  const { negotiation: _dropped, ...withoutNegotiation } = workOrder
  const next: WorkOrder = {
    ...withoutNegotiation,
    ...decided,
    workflow: moved,
    version: workOrder.version + 1,
  }
  yield* WorkOrderRepository.use((repository) =>
    repository.update({ aggregate: next, expectedVersion: workOrder.version }),
  )
  return next
})
