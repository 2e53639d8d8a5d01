/**
 * Payment instructions, funds and heads of account, the JIT status machine,
 * revised PIs, polling and notifications (spec 06-payments.md).
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import * as FundRegisterRepository from "./FundRegisterRepository.js"
import { FundRegisterUnavailable } from "./FundRegisterRepository.js"
import * as Notifier from "./Notifier.js"
import { NotifierUnavailable } from "./Notifier.js"
import { BillNotApproved, PayeeAccountMissing } from "./PayableBill.js"
import * as PaymentInstructionChecks from "./PaymentInstructionChecks.js"
import { PiHistoryInvalid } from "./PaymentInstructionHistory.js"
import { NothingToRepay, PiExists, PiNotCorrectable } from "./PaymentInstructionIssue.js"
import * as PaymentInstructionLease from "./PaymentInstructionLease.js"
import { PaymentInstructionBusy, PaymentInstructionLeaseUnavailable } from "./PaymentInstructionLease.js"
import * as PaymentInstructionRepository from "./PaymentInstructionRepository.js"
import * as PaymentInstructionRepositoryModule from "./PaymentInstructionRepository.js"
import {
  PaymentInstructionNotFound,
  PaymentInstructionStoreUnavailable,
} from "./PaymentInstructionRepository.js"
import {
  BeneficiaryInvalid,
  BeneficiaryNotInOriginal,
  InsufficientFunds,
  PaymentInstructionRefused,
  PiConfigMissing,
  PiCountMismatch,
  PiDuplicateAccount,
  PiGrossBelowNet,
  PiNetMismatch,
  PiNoBeneficiary,
  PiNumberDuplicate,
  PiTooManyBeneficiaries,
  PiZeroAmount,
} from "./PushValidation.js"
import { PiInvalidTransition } from "./StatusMachine.js"

export * as Beneficiary from "./Beneficiary.js"
export * as BillPaymentStatus from "./BillPaymentStatus.js"
export * as FundRegister from "./FundRegister.js"
export * as FundRegisterRepository from "./FundRegisterRepository.js"
export * as HistoryEntry from "./HistoryEntry.js"
export * as JitCodes from "./JitCodes.js"
export * as JitErrorCatalogue from "./JitErrorCatalogue.js"
export * as JitGateway from "./JitGateway.js"
export * as JitOutcome from "./JitOutcome.js"
export * as JitRequests from "./JitRequests.js"
export * as JitRun from "./JitRun.js"
export * as JitService from "./JitService.js"
export * as Notification from "./Notification.js"
export * as Notifier from "./Notifier.js"
export * as PayableBill from "./PayableBill.js"
export * as PayeeAccounts from "./PayeeAccounts.js"
export * as PaymentInstruction from "./PaymentInstruction.js"
export * as PaymentInstructionChecks from "./PaymentInstructionChecks.js"
export * as PaymentInstructionHistory from "./PaymentInstructionHistory.js"
export * as PaymentInstructionIssue from "./PaymentInstructionIssue.js"
export * as PaymentInstructionLease from "./PaymentInstructionLease.js"
export * as PaymentInstructionRepository from "./PaymentInstructionRepository.js"
export * as PollPlanner from "./PollPlanner.js"
export * as PushValidation from "./PushValidation.js"
export * as RevisedPaymentInstruction from "./RevisedPaymentInstruction.js"
export * as StatusMachine from "./StatusMachine.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  PiExists,
  PiConfigMissing,
  InsufficientFunds,
  PiNumberDuplicate,
  PiCountMismatch,
  PiNetMismatch,
  PiGrossBelowNet,
  PiZeroAmount,
  PiNoBeneficiary,
  PiTooManyBeneficiaries,
  BeneficiaryInvalid,
  PiDuplicateAccount,
  BeneficiaryNotInOriginal,
  PaymentInstructionRefused,
  PiInvalidTransition,
  PiHistoryInvalid,
  NothingToRepay,
  PiNotCorrectable,
  PaymentInstructionNotFound,
  PaymentInstructionStoreUnavailable,
  FundRegisterUnavailable,
  PaymentInstructionBusy,
  PaymentInstructionLeaseUnavailable,
  NotifierUnavailable,
  BillNotApproved,
  PayeeAccountMissing,
] as const

/**
 * Every payments store in memory: payment instructions with their
 * history, the fund register, the PI leases, the status checks found
 * nothing new and the notifier (with
 * `Notifier.SentMessages`). The JIT gateway is an adapter's
 * (`@karya/adapters-jit`), and the payee accounts the registries'
 * (`Karya.layerMemory` wires them).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | PaymentInstructionRepository.PaymentInstructionRepository
  | FundRegisterRepository.FundRegisterRepository
  | PaymentInstructionLease.PaymentInstructionLease
  | PaymentInstructionChecks.PaymentInstructionChecks
  | Notifier.Notifier
  | Notifier.SentMessages
> = Layer.mergeAll(
  PaymentInstructionRepository.layerMemory,
  FundRegisterRepository.layerMemory,
  PaymentInstructionLease.layerMemory,
  PaymentInstructionChecks.layerMemory,
  Notifier.layerMemory,
)

/**
 * The module's aggregate stores (payment instructions): every
 * implementation serves them from this list (`AggregateStore.layerMemoryAll`,
 * `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  AggregateStore.register(
    PaymentInstructionRepositoryModule.PaymentInstructionRepository,
    PaymentInstructionRepositoryModule.descriptor,
  ),
] as const
