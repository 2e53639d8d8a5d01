/**
 * The MUKTA workflow definitions (spec 02-workflow.md, WF-EST, WF-WO, WF-TE,
 * WF-MB, WF-MR, WF-BILL, WF-PB, WF-CLOSE) as data: the defaults a tenant gets
 * unless its configuration supplies its own (WF-8). Each is checked by
 * `validateDefinition` when this module loads.
 *
 * How the spec's notation is read:
 * - Where a line names roles only on the first action of a state
 *   (`PENDING_FOR_VERIFICATION --VERIFY_AND_FORWARD [ESTIMATE_VERIFIER]-->
 *   …; --SEND_BACK--> …; --REJECT--> …`), the other actions from that state
 *   (SEND_BACK, SEND_BACK_TO_ORIGINATOR, SEND_BACK_TO_CBO, REJECT) are taken by
 *   the same roles: the role that acts in that state. So in WF-EST the
 *   creator may REJECT from PENDING_FOR_CORRECTION (withdraw the estimate),
 *   and in WF-WO the creator may REJECT from PENDING_FOR_CORRECTION and
 *   PENDING_FOR_REASSIGNMENT.
 * - `DRAFTED --SAVE_AS_DRAFT--> DRAFTED` (WF-EST) is taken by the role that
 *   saved the draft from start (ESTIMATE_CREATOR).
 * - "A and B --X [roles]--> C" is one action X from each of A and B.
 * - WF-CLOSE: SEND_BACK from PENDING_FOR_VERIFICATION is taken by
 *   WORK_ORDER_VERIFIER, from PENDING_FOR_APPROVAL by WORK_ORDER_APPROVER;
 *   RE_SUBMIT by the roles that may SUBMIT (ORG_ADMIN, WORK_ORDER_CREATOR);
 *   REJECT by WORK_ORDER_APPROVER.
 * - WF-BILL: the single state APPROVED is terminal; wage and supervision
 *   bills are approved on creation (BILL-4).
 *
 * Decisions where the spec is silent:
 * - Application statuses (the spec lists none) say where the record stands:
 *   DRAFTED → DRAFTED; PENDING_FOR_VERIFICATION → SUBMITTED;
 *   PENDING_FOR_TECHNICAL_SANCTION → VERIFIED; PENDING_FOR_APPROVAL →
 *   TECHNICALLY_SANCTIONED in WF-EST and VERIFIED elsewhere;
 *   PENDING_FOR_CORRECTION and PENDING_FOR_REVERIFICATION → SENT_BACK;
 *   PENDING_FOR_ACCEPTANCE → APPROVED (approved, awaiting the CBO, KPI-8);
 *   PENDING_FOR_REASSIGNMENT → DECLINED; terminal states carry their own
 *   name (APPROVED, ACCEPTED, REJECTED).
 * - Comments: REJECT is flagged comment-required (the engine requires it in
 *   any case); no other action is, as in MUKTASoft.
 * - Documents: no MUKTA state requires documents.
 * - Codes (lower case, hyphens): estimate, work-order, time-extension (also
 *   revised work orders, TE-5), measurement-entry, muster-roll, bill (wage
 *   and supervision bills), purchase-bill, project-closure. Revised estimates
 *   use the estimate definition.
 *
 * @since 0.1.0
 */
import { makeUnsafe, startState, type WorkflowDefinition } from "./WorkflowDefinition.js"

interface StateRow {
  readonly name: string
  readonly applicationStatus: string
  readonly isTerminal: boolean
  readonly slaDays?: number
  readonly isDocumentRequired: boolean
}

const pending = (name: string, applicationStatus: string, slaDays: number): StateRow => ({
  name,
  applicationStatus,
  isTerminal: false,
  slaDays,
  isDocumentRequired: false,
})

const drafted: StateRow = {
  name: "DRAFTED",
  applicationStatus: "DRAFTED",
  isTerminal: false,
  isDocumentRequired: false,
}

const terminal = (name: string): StateRow => ({
  name,
  applicationStatus: name,
  isTerminal: true,
  isDocumentRequired: false,
})

const action = (from: string, name: string, to: string, roles: ReadonlyArray<string>) => ({
  name,
  from,
  to,
  roles,
  isCommentRequired: name === "REJECT",
})

const start = startState
const verification = "PENDING_FOR_VERIFICATION"
const technicalSanction = "PENDING_FOR_TECHNICAL_SANCTION"
const approval = "PENDING_FOR_APPROVAL"
const correction = "PENDING_FOR_CORRECTION"
const acceptance = "PENDING_FOR_ACCEPTANCE"
const reassignment = "PENDING_FOR_REASSIGNMENT"
const reverification = "PENDING_FOR_REVERIFICATION"

const estimate = makeUnsafe({
  code: "estimate",
  entityKind: "estimate",
  businessSlaDays: 5,
  states: [
    drafted,
    pending(verification, "SUBMITTED", 2),
    pending(technicalSanction, "VERIFIED", 1),
    pending(approval, "TECHNICALLY_SANCTIONED", 1),
    pending(correction, "SENT_BACK", 1),
    terminal("APPROVED"),
    terminal("REJECTED"),
  ],
  actions: [
    action(start, "SAVE_AS_DRAFT", "DRAFTED", ["ESTIMATE_CREATOR"]),
    action("DRAFTED", "SAVE_AS_DRAFT", "DRAFTED", ["ESTIMATE_CREATOR"]),
    action(start, "SUBMIT", verification, ["ESTIMATE_CREATOR"]),
    action("DRAFTED", "SUBMIT", verification, ["ESTIMATE_CREATOR"]),
    action(verification, "VERIFY_AND_FORWARD", technicalSanction, ["ESTIMATE_VERIFIER"]),
    action(verification, "SEND_BACK", correction, ["ESTIMATE_VERIFIER"]),
    action(verification, "REJECT", "REJECTED", ["ESTIMATE_VERIFIER"]),
    action(technicalSanction, "TECHNICAL_SANCTION", approval, ["TECHNICAL_SANCTIONER"]),
    action(technicalSanction, "SEND_BACK", verification, ["TECHNICAL_SANCTIONER"]),
    action(technicalSanction, "SEND_BACK_TO_ORIGINATOR", correction, ["TECHNICAL_SANCTIONER"]),
    action(technicalSanction, "REJECT", "REJECTED", ["TECHNICAL_SANCTIONER"]),
    action(approval, "APPROVE", "APPROVED", ["ESTIMATE_APPROVER"]),
    action(approval, "SEND_BACK", technicalSanction, ["ESTIMATE_APPROVER"]),
    action(approval, "SEND_BACK_TO_ORIGINATOR", correction, ["ESTIMATE_APPROVER"]),
    action(approval, "REJECT", "REJECTED", ["ESTIMATE_APPROVER"]),
    action(correction, "RE_SUBMIT", verification, ["ESTIMATE_CREATOR"]),
    action(correction, "REJECT", "REJECTED", ["ESTIMATE_CREATOR"]),
  ],
})

const workOrder = makeUnsafe({
  code: "work-order",
  entityKind: "work-order",
  businessSlaDays: 7,
  states: [
    pending(verification, "SUBMITTED", 2),
    pending(approval, "VERIFIED", 1),
    pending(acceptance, "APPROVED", 7),
    pending(correction, "SENT_BACK", 1),
    pending(reassignment, "DECLINED", 1),
    pending(reverification, "SENT_BACK", 2),
    terminal("ACCEPTED"),
    terminal("REJECTED"),
  ],
  actions: [
    action(start, "CREATE", verification, ["WORK_ORDER_CREATOR"]),
    ...[verification, reverification].flatMap((from) => [
      action(from, "VERIFY_AND_FORWARD", approval, ["WORK_ORDER_VERIFIER"]),
      action(from, "SEND_BACK", correction, ["WORK_ORDER_VERIFIER"]),
      action(from, "REJECT", "REJECTED", ["WORK_ORDER_VERIFIER"]),
    ]),
    action(approval, "APPROVE", acceptance, ["WORK_ORDER_APPROVER"]),
    action(approval, "SEND_BACK", reverification, ["WORK_ORDER_APPROVER"]),
    action(approval, "SEND_BACK_TO_ORIGINATOR", correction, ["WORK_ORDER_APPROVER"]),
    action(approval, "REJECT", "REJECTED", ["WORK_ORDER_APPROVER"]),
    action(acceptance, "ACCEPT", "ACCEPTED", ["ORG_ADMIN"]),
    action(acceptance, "DECLINE", reassignment, ["ORG_ADMIN"]),
    ...[correction, reassignment].flatMap((from) => [
      action(from, "EDIT", verification, ["WORK_ORDER_CREATOR"]),
      action(from, "REJECT", "REJECTED", ["WORK_ORDER_CREATOR"]),
    ]),
  ],
})

const timeExtension = makeUnsafe({
  code: "time-extension",
  entityKind: "work-order-revision",
  businessSlaDays: 7,
  states: [
    pending(verification, "SUBMITTED", 2),
    pending(approval, "VERIFIED", 1),
    pending(correction, "SENT_BACK", 1),
    terminal("APPROVED"),
    terminal("REJECTED"),
  ],
  actions: [
    action(start, "CREATE", verification, ["WORK_ORDER_CREATOR", "ORG_ADMIN"]),
    action(verification, "VERIFY_AND_FORWARD", approval, ["WORK_ORDER_VERIFIER"]),
    action(verification, "SEND_BACK", correction, ["WORK_ORDER_VERIFIER"]),
    action(approval, "APPROVE", "APPROVED", ["WORK_ORDER_APPROVER"]),
    action(approval, "SEND_BACK", verification, ["WORK_ORDER_APPROVER"]),
    action(approval, "SEND_BACK_TO_CBO", correction, ["WORK_ORDER_APPROVER"]),
    action(approval, "REJECT", "REJECTED", ["WORK_ORDER_APPROVER"]),
    action(correction, "EDIT", verification, ["WORK_ORDER_CREATOR", "ORG_ADMIN"]),
    action(correction, "REJECT", "REJECTED", ["WORK_ORDER_CREATOR", "ORG_ADMIN"]),
  ],
})

const measurement = makeUnsafe({
  code: "measurement-entry",
  entityKind: "measurement-entry",
  businessSlaDays: 5,
  states: [
    drafted,
    pending(verification, "SUBMITTED", 2),
    pending(approval, "VERIFIED", 1),
    pending(correction, "SENT_BACK", 1),
    terminal("APPROVED"),
    terminal("REJECTED"),
  ],
  actions: [
    ...[start, "DRAFTED"].flatMap((from) => [
      action(from, "SAVE_AS_DRAFT", "DRAFTED", ["MB_CREATOR"]),
      action(from, "SUBMIT", verification, ["MB_CREATOR"]),
    ]),
    action(verification, "VERIFY_AND_FORWARD", approval, ["MB_VERIFIER"]),
    action(verification, "SEND_BACK", correction, ["MB_VERIFIER"]),
    action(approval, "APPROVE", "APPROVED", ["MB_APPROVER"]),
    action(approval, "SEND_BACK", verification, ["MB_APPROVER"]),
    action(approval, "SEND_BACK_TO_ORIGINATOR", correction, ["MB_APPROVER"]),
    action(approval, "REJECT", "REJECTED", ["MB_APPROVER"]),
    action(correction, "RE_SUBMIT", verification, ["MB_CREATOR"]),
  ],
})

const musterRoll = makeUnsafe({
  code: "muster-roll",
  entityKind: "muster-roll",
  businessSlaDays: 5,
  states: [
    pending(verification, "SUBMITTED", 2),
    pending(approval, "VERIFIED", 1),
    pending(correction, "SENT_BACK", 1),
    terminal("APPROVED"),
  ],
  actions: [
    action(start, "SUBMIT", verification, ["ORG_ADMIN"]),
    action(verification, "VERIFY_AND_FORWARD", approval, ["MUSTER_ROLL_VERIFIER"]),
    action(verification, "SEND_BACK_TO_CBO", correction, ["MUSTER_ROLL_VERIFIER"]),
    action(approval, "APPROVE", "APPROVED", ["MUSTER_ROLL_APPROVER"]),
    action(approval, "SEND_BACK", verification, ["MUSTER_ROLL_APPROVER"]),
    action(approval, "SEND_BACK_TO_CBO", correction, ["MUSTER_ROLL_APPROVER"]),
    action(correction, "RE_SUBMIT", verification, ["ORG_ADMIN"]),
  ],
})

const bill = makeUnsafe({
  code: "bill",
  entityKind: "bill",
  businessSlaDays: 7,
  states: [terminal("APPROVED")],
  actions: [action(start, "SUBMIT", "APPROVED", ["BILL_CREATOR", "SYSTEM"])],
})

const purchaseBill = makeUnsafe({
  code: "purchase-bill",
  entityKind: "purchase-bill",
  businessSlaDays: 7,
  states: [
    pending(verification, "SUBMITTED", 2),
    pending(approval, "VERIFIED", 1),
    pending(correction, "SENT_BACK", 1),
    terminal("APPROVED"),
    terminal("REJECTED"),
  ],
  actions: [
    action(start, "SUBMIT", verification, ["BILL_CREATOR", "ORG_ADMIN"]),
    action(verification, "VERIFY_AND_FORWARD", approval, ["BILL_VERIFIER"]),
    action(verification, "SEND_BACK", correction, ["BILL_VERIFIER"]),
    action(approval, "APPROVE", "APPROVED", ["BILL_APPROVER"]),
    action(approval, "SEND_BACK", verification, ["BILL_APPROVER"]),
    action(approval, "SEND_BACK_TO_ORIGINATOR", correction, ["BILL_APPROVER"]),
    action(approval, "REJECT", "REJECTED", ["BILL_APPROVER"]),
    action(correction, "RE_SUBMIT", verification, ["BILL_CREATOR", "ORG_ADMIN"]),
  ],
})

const projectClosure = makeUnsafe({
  code: "project-closure",
  entityKind: "project-closure",
  businessSlaDays: 7,
  states: [
    pending(verification, "SUBMITTED", 2),
    pending(approval, "VERIFIED", 1),
    pending(correction, "SENT_BACK", 1),
    terminal("APPROVED"),
    terminal("REJECTED"),
  ],
  actions: [
    action(start, "SUBMIT", verification, ["ORG_ADMIN", "WORK_ORDER_CREATOR"]),
    action(verification, "VERIFY_AND_FORWARD", approval, ["WORK_ORDER_VERIFIER"]),
    action(verification, "SEND_BACK", correction, ["WORK_ORDER_VERIFIER"]),
    action(approval, "APPROVE", "APPROVED", ["WORK_ORDER_APPROVER"]),
    action(approval, "SEND_BACK", correction, ["WORK_ORDER_APPROVER"]),
    action(approval, "REJECT", "REJECTED", ["WORK_ORDER_APPROVER"]),
    action(correction, "RE_SUBMIT", verification, ["ORG_ADMIN", "WORK_ORDER_CREATOR"]),
  ],
})

/**
 * Every MUKTA workflow definition, keyed by entity: `estimate` (WF-EST, also
 * revised estimates), `workOrder` (WF-WO), `timeExtension` (WF-TE, also
 * revised work orders), `measurement` (WF-MB), `musterRoll` (WF-MR), `bill`
 * (WF-BILL, wage and supervision bills), `purchaseBill` (WF-PB) and
 * `projectClosure` (WF-CLOSE).
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaWorkflows: {
  readonly estimate: WorkflowDefinition
  readonly workOrder: WorkflowDefinition
  readonly timeExtension: WorkflowDefinition
  readonly measurement: WorkflowDefinition
  readonly musterRoll: WorkflowDefinition
  readonly bill: WorkflowDefinition
  readonly purchaseBill: WorkflowDefinition
  readonly projectClosure: WorkflowDefinition
} = { estimate, workOrder, timeExtension, measurement, musterRoll, bill, purchaseBill, projectClosure }
