/**
 * Work orders, time extensions and project closure (spec
 * 04-contracts-measurement.md WO-1..10, TE-1..5, CLOSE-1).
 *
 * TE-5's `QTY_BELOW_MEASURED` is the estimates module's class (the code EST-7
 * and TE-5 share), listed in its registry.
 *
 * @since 0.1.0
 */

import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { ApprovedEstimateNotFound } from "./ApprovedEstimates.js"
import { CboRoleLocked } from "./CboRole.js"
import { MilestonesNot100 } from "./Milestone.js"
import { OrgNotEligible } from "./OrganisationEligibility.js"
import { AcceptedOrdersPerProjectExceeded, ProjectClosureExists } from "./ProjectClosing.js"
import * as ProjectClosureRepositoryModule from "./ProjectClosureRepository.js"
import * as ProjectClosureRepository from "./ProjectClosureRepository.js"
import { ProjectClosureNotFound } from "./ProjectClosureRepository.js"
import {
  TeClosureExists,
  TeInWorkflow,
  TeLimitReached,
  TeMusterRollPending,
  TeNoMusterRoll,
  WorkOrderNotAccepted,
} from "./TimeExtensionRequests.js"
import { WorkOrderNotCancellable } from "./WorkOrderCancellation.js"
import { CompletionPeriodInvalid, LineInOtherContract, WoNotEditable } from "./WorkOrderIssue.js"
import * as WorkOrderRepositoryModule from "./WorkOrderRepository.js"
import * as WorkOrderRepository from "./WorkOrderRepository.js"
import { WorkOrderNotFound } from "./WorkOrderRepository.js"
import * as WorkOrderRevisionRepositoryModule from "./WorkOrderRevisionRepository.js"
import * as WorkOrderRevisionRepository from "./WorkOrderRevisionRepository.js"
import { WorkOrderRevisionNotFound } from "./WorkOrderRevisionRepository.js"
import { OverdueAcceptancesExceeded, WoAcceptanceOverdue, WorkOrderCancelled } from "./WorkOrderWorkflow.js"

export * as ApprovedEstimates from "./ApprovedEstimates.js"
export * as AttendanceRegisters from "./AttendanceRegisters.js"
export * as CboRole from "./CboRole.js"
export * as LineSelection from "./LineSelection.js"
export * as Milestone from "./Milestone.js"
export * as MilestoneCompletion from "./MilestoneCompletion.js"
export * as MusterRollStatus from "./MusterRollStatus.js"
export * as Negotiation from "./Negotiation.js"
export * as OrganisationEligibility from "./OrganisationEligibility.js"
export * as Organisations from "./Organisations.js"
export * as ProjectClosing from "./ProjectClosing.js"
export * as ProjectClosure from "./ProjectClosure.js"
export * as ProjectClosureRepository from "./ProjectClosureRepository.js"
export * as RevisionDecisions from "./RevisionDecisions.js"
export * as ScopeRevisionRequests from "./ScopeRevisionRequests.js"
export * as TimeExtensionRequests from "./TimeExtensionRequests.js"
export * as WorkOrder from "./WorkOrder.js"
export * as WorkOrderAmount from "./WorkOrderAmount.js"
export * as WorkOrderCancellation from "./WorkOrderCancellation.js"
export * as WorkOrderIssue from "./WorkOrderIssue.js"
export * as WorkOrderRepository from "./WorkOrderRepository.js"
export * as WorkOrderRevision from "./WorkOrderRevision.js"
export * as WorkOrderRevisionRepository from "./WorkOrderRevisionRepository.js"
export * as WorkOrderWorkflow from "./WorkOrderWorkflow.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  OrgNotEligible,
  LineInOtherContract,
  CboRoleLocked,
  CompletionPeriodInvalid,
  WoNotEditable,
  MilestonesNot100,
  TeNoMusterRoll,
  TeMusterRollPending,
  TeClosureExists,
  TeInWorkflow,
  TeLimitReached,
  ApprovedEstimateNotFound,
  WorkOrderNotFound,
  WorkOrderNotAccepted,
  WorkOrderCancelled,
  OverdueAcceptancesExceeded,
  WoAcceptanceOverdue,
  WorkOrderNotCancellable,
  WorkOrderRevisionNotFound,
  ProjectClosureNotFound,
  ProjectClosureExists,
  AcceptedOrdersPerProjectExceeded,
] as const

/**
 * The module's aggregate stores (work orders, revised work orders, project
 * closures): every implementation serves them from this list
 * (`AggregateStore.layerMemoryAll`, `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  AggregateStore.register(
    WorkOrderRepositoryModule.WorkOrderRepository,
    WorkOrderRepositoryModule.descriptor,
  ),
  AggregateStore.register(
    WorkOrderRevisionRepositoryModule.WorkOrderRevisionRepository,
    WorkOrderRevisionRepositoryModule.descriptor,
  ),
  AggregateStore.register(
    ProjectClosureRepositoryModule.ProjectClosureRepository,
    ProjectClosureRepositoryModule.descriptor,
  ),
] as const

/**
 * Every contracts store in memory: work orders, their revisions and
 * project closures. The ports it reads from other modules (approved
 * estimates, organisations, muster rolls, attendance registers) are wired by
 * `Karya.layerMemory`, or each port's `layerMemory`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | WorkOrderRepository.WorkOrderRepository
  | WorkOrderRevisionRepository.WorkOrderRevisionRepository
  | ProjectClosureRepository.ProjectClosureRepository
> = Layer.mergeAll(
  WorkOrderRepository.layerMemory,
  WorkOrderRevisionRepository.layerMemory,
  ProjectClosureRepository.layerMemory,
)
