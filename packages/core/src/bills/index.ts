/**
 * Wage, purchase, supervision and contractor bills (spec 05-attendance-bills.md BILL-1..4, BILL-W-1..3, BILL-P-1..4, BILL-S-1..3, BILL-C-1..2)
 *
 * @since 0.1.0
 */

import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { BillExceedsContract } from "./Bill.js"
import * as BillRepositoryModule from "./BillRepository.js"
import * as BillRepository from "./BillRepository.js"
import {
  BillNotFound,
  BillsPerSourceDocumentExceeded,
  BillsPerWorkOrderExceeded,
  DuplicateBill,
} from "./BillRepository.js"
import { BillWorkflowNotConfigured } from "./BillWorkflow.js"
import { FinalBillMilestonesIncomplete } from "./ContractorBill.js"
import { DailyWageNotFound } from "./DailyWages.js"
import { DeductionDepartmentMissing, PayeeNotFound } from "./Payees.js"
import { MaterialNotUtilized, PurchaseNetNotPositive } from "./PurchaseBill.js"
import { ApprovedBillsPerRunExceeded, SupervisionChargeNotConfigured } from "./SupervisionBill.js"
import { MusterRollZeroAmount } from "./WageBill.js"
import { WorkOrderTermsNotFound } from "./WorkOrderTerms.js"

export * as AdvanceBill from "./AdvanceBill.js"
export * as Bill from "./Bill.js"
export * as BillApproved from "./BillApproved.js"
export * as BillRepository from "./BillRepository.js"
export * as BillSubmission from "./BillSubmission.js"
export * as BillWorkflow from "./BillWorkflow.js"
export * as ContractorBill from "./ContractorBill.js"
export * as DailyWages from "./DailyWages.js"
export * as Deduction from "./Deduction.js"
export * as MeasurementEntries from "./MeasurementEntries.js"
export * as Payees from "./Payees.js"
export * as PurchaseBill from "./PurchaseBill.js"
export * as SupervisionBill from "./SupervisionBill.js"
export * as WageBill from "./WageBill.js"
export * as WageBillSource from "./WageBillSource.js"
export * as WorkOrderTerms from "./WorkOrderTerms.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  BillExceedsContract,
  DuplicateBill,
  BillNotFound,
  MusterRollZeroAmount,
  PurchaseNetNotPositive,
  MaterialNotUtilized,
  SupervisionChargeNotConfigured,
  FinalBillMilestonesIncomplete,
  BillWorkflowNotConfigured,
  DailyWageNotFound,
  PayeeNotFound,
  DeductionDepartmentMissing,
  WorkOrderTermsNotFound,
  BillsPerWorkOrderExceeded,
  BillsPerSourceDocumentExceeded,
  ApprovedBillsPerRunExceeded,
] as const

/**
 * The module's aggregate stores (bills): every implementation serves them
 * from this list (`AggregateStore.layerMemoryAll`, `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  AggregateStore.register(BillRepositoryModule.BillRepository, BillRepositoryModule.descriptor),
] as const

/**
 * Every bills store in memory: the bills. The ports bills read from other
 * modules (daily wages, work-order terms, payees, measurement entries) are
 * wired by `Karya.layerMemory`, or each port's `layerMemory`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<BillRepository.BillRepository> = Layer.mergeAll(
  BillRepository.layerMemory,
)
