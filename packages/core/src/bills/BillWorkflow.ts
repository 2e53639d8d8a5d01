/**
 * Bills in their workflows (BILL-4, WF-BILL, WF-PB): which workflow each type
 * of bill follows, the system actor that approves generated bills, and
 * taking a workflow action on a stored bill (verify, approve, send back,
 * reject, re-submit). An action that approves the bill returns its
 * `BillApproved` event (PI-1).
 *
 * Decisions where the spec is silent:
 * - contractor running, final and advance bills (base Works) follow WF-PB
 *   like purchase bills: a person raises them and a verifier and an approver
 *   pass them; MUKTA configures no workflow of their own.
 * - a bill's workflow entity id is the bill's id (ID-4): the workflow check
 *   runs before the bill number is issued, so a refused request leaves the
 *   number series untouched (ERR-2).
 *
 * @since 0.1.0
 */
import { type DateTime, Effect, Result, Schema } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import { workflowOf } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf, type TenantNotServed, type TenantSettings } from "../config/TenantSettings.js"
import type { FieldProblem } from "../errors/FieldProblem.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type { Actor } from "../workflow/Actor.js"
import type { DocumentReference } from "../workflow/TimelineEntry.js"
import type { WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import * as WorkflowEngine from "../workflow/WorkflowEngine.js"
import * as Bill from "./Bill.js"
import * as BillApproved from "./BillApproved.js"
import { type BillNotFound, BillRepository, type DuplicateBill } from "./BillRepository.js"

/**
 * The workflow code of wage and supervision bills (WF-BILL).
 *
 * @since 0.1.0
 * @category models
 */
export const billWorkflowCode = "bill"

/**
 * The workflow code of purchase bills (WF-PB), also followed by contractor
 * and advance bills.
 *
 * @since 0.1.0
 * @category models
 */
export const purchaseBillWorkflowCode = "purchase-bill"

/**
 * The role of the system user that approves generated bills (WF-BILL).
 *
 * @since 0.1.0
 * @category models
 */
export const systemRole = "SYSTEM"

/**
 * The workflow code a type of bill follows (BILL-4).
 *
 * @since 0.1.0
 * @category conversions
 */
export const workflowCodeOf = (type: Bill.BillType): string =>
  type === "wage" || type === "supervision" ? billWorkflowCode : purchaseBillWorkflowCode

/**
 * The tenant's configuration has no workflow for a kind of bill (WF-8).
 *
 * @since 0.1.0
 * @category errors
 */
export class BillWorkflowNotConfigured extends Schema.TaggedError<BillWorkflowNotConfigured>(
  "@karya/core/bills/BillWorkflowNotConfigured",
)("BillWorkflowNotConfigured", { tenantId: Schema.String, workflowCode: Schema.String }) {
  static readonly code = "BILL_WORKFLOW_NOT_CONFIGURED"
  static readonly category = "rule"
  readonly code = BillWorkflowNotConfigured.code
  readonly category = BillWorkflowNotConfigured.category
  readonly retryable = false
  override get message(): string {
    return `The configuration of ${this.tenantId} has no "${this.workflowCode}" workflow, so the bill cannot be submitted; ask the administrator to add it to the tenant's workflows.`
  }
}

/**
 * The tenant's workflow definition with this code.
 *
 * @since 0.1.0
 * @category conversions
 */
export const definitionOf = (
  configuration: TenantConfiguration,
  workflowCode: string,
): Result.Result<WorkflowDefinition, BillWorkflowNotConfigured> => {
  const definition = workflowOf(configuration, workflowCode)
  return definition === undefined
    ? Result.fail(new BillWorkflowNotConfigured({ tenantId: configuration.tenantId, workflowCode }))
    : Result.succeed(definition)
}

/**
 * The system user of a tenant, holding the SYSTEM role there: it submits
 * the bills generated on muster-roll approval and by the supervision
 * schedule (WF-BILL).
 *
 * @since 0.1.0
 * @category constructors
 */
export const systemActor = (tenantId: TenantId): Actor => ({
  userId: "system",
  grants: [{ role: systemRole, tenantId }],
})

/**
 * What a use case returns for a bill it created or moved: the bill as
 * stored, the events to hand on (`BillApproved` when it is now approved) and
 * warnings the clerk should read (BILL-P-4).
 *
 * @since 0.1.0
 * @category models
 */
export interface BillOutcome {
  readonly bill: Bill.Bill
  readonly events: ReadonlyArray<BillApproved.BillApproved>
  readonly warnings: ReadonlyArray<FieldProblem>
}

/**
 * The events of a bill that an action has just moved: `BillApproved` when it
 * now stands approved.
 *
 * @since 0.1.0
 * @category constructors
 */
export const eventsOf = (bill: Bill.Bill, at: DateTime.Utc): ReadonlyArray<BillApproved.BillApproved> =>
  Bill.isApproved(bill) ? [BillApproved.fromBill(bill, at)] : []

/**
 * An action a person takes on a bill: the action name, who, the bill's
 * version they decided on (WF-4, DB-4: `bill.version`, as every other
 * workflow entity), and the comment, assignees and documents.
 *
 * @since 0.1.0
 * @category models
 */
export interface BillActionRequest {
  readonly tenantId: TenantId
  readonly billId: string
  readonly action: string
  readonly actor: Actor
  /** The bill's version the actor decided on (`bill.version`); another one is `STALE_VERSION`. */
  readonly version: number
  readonly comment?: string
  readonly assignees?: ReadonlyArray<Actor>
  readonly documents?: ReadonlyArray<DocumentReference>
}

/**
 * The ways an action on a bill can be refused.
 *
 * @since 0.1.0
 * @category errors
 */
export type BillActionError =
  | TenantNotServed
  | BillNotFound
  | BillWorkflowNotConfigured
  | WorkflowEngine.TransitionError
  | DuplicateBill
  | StoreUnavailable

const eventOf = (
  request: BillActionRequest,
  options: { readonly workflowVersion: number; readonly at: DateTime.Utc },
): WorkflowEngine.WorkflowEvent => ({
  type: request.action,
  actor: request.actor,
  version: options.workflowVersion,
  at: options.at,
  ...(request.comment === undefined ? {} : { comment: request.comment }),
  ...(request.assignees === undefined ? {} : { assignees: request.assignees }),
  ...(request.documents === undefined ? {} : { documents: request.documents }),
})

/**
 * Takes a workflow action on a stored bill (WF-PB: VERIFY_AND_FORWARD,
 * APPROVE, SEND_BACK, SEND_BACK_TO_ORIGINATOR, REJECT, RE_SUBMIT). A refused
 * action changes nothing; an approving one returns `BillApproved` (BILL-4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const takeAction = Effect.fn("Bills.BillWorkflow.takeAction")(function* (
  request: BillActionRequest,
): Effect.fn.Return<BillOutcome, BillActionError, BillRepository | TenantSettings> {
  const configuration = yield* configurationOf(request.tenantId)
  const repository = yield* BillRepository
  const bill = yield* repository.get({ tenantId: request.tenantId, id: request.billId })
  if (bill.version !== request.version) {
    return yield* new WorkflowEngine.StaleVersion({
      entityId: bill.number,
      expectedVersion: request.version,
      actualVersion: bill.version,
    })
  }
  const definition = yield* Effect.fromResult(definitionOf(configuration, bill.workflow.definitionCode))
  const at = yield* BusinessClock.currentInstant
  const event = eventOf(request, { workflowVersion: bill.workflow.version, at })
  const moved = yield* Effect.fromResult(WorkflowEngine.transition(definition, bill.workflow, event))
  const next: Bill.Bill = { ...bill, workflow: moved, version: bill.version + 1 }
  yield* repository.update({ aggregate: next, expectedVersion: bill.version })
  return { bill: next, events: eventsOf(next, at), warnings: [] }
})
