/**
 * Payment instructions, funds and heads of account, the JIT status machine,
 * revised PIs, polling and notifications (spec 06-payments.md).
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { FundRecordExists, FundRecordNotFound } from "./FundRegister.js"
import { FundRegisterUnavailable } from "./FundRegisterBook.js"
import * as Notifier from "./Notifier.js"
import { NotifierUnavailable } from "./Notifier.js"
import { BillNotApproved, PayeeAccountMissing } from "./PayableBill.js"
import * as PaymentInstructionChecks from "./PaymentInstructionChecks.js"
import { PiHistoryInvalid } from "./PaymentInstructionHistory.js"
import {
  NothingToRepay,
  PaymentInstructionsOfBillExceeded,
  PiExists,
  PiNotCorrectable,
} from "./PaymentInstructionIssue.js"
import * as PaymentInstructionLease from "./PaymentInstructionLease.js"
import { PaymentInstructionBusy, PaymentInstructionLeaseUnavailable } from "./PaymentInstructionLease.js"
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
import * as RegisterTransactionRepository from "./RegisterTransactionRepository.js"
import * as SanctionBalanceRepository from "./SanctionBalanceRepository.js"
import * as SanctionRepository from "./SanctionRepository.js"
import { PiInvalidTransition } from "./StatusMachine.js"
import * as VirtualAllotmentCursorRepository from "./VirtualAllotmentCursorRepository.js"

export * as Beneficiary from "./Beneficiary.js"
export * as BillPaymentStatus from "./BillPaymentStatus.js"
export * as FundRegister from "./FundRegister.js"
export * as FundRegisterBook from "./FundRegisterBook.js"
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
export * as PiExists from "./PiExists.js"
export * as PollPlanner from "./PollPlanner.js"
export * as PushValidation from "./PushValidation.js"
export * as RegisterTransactionRepository from "./RegisterTransactionRepository.js"
export * as RevisedPaymentInstruction from "./RevisedPaymentInstruction.js"
export * as SanctionBalanceRepository from "./SanctionBalanceRepository.js"
export * as SanctionRepository from "./SanctionRepository.js"
export * as StatusMachine from "./StatusMachine.js"
export * as VirtualAllotmentCursorRepository from "./VirtualAllotmentCursorRepository.js"

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
  FundRecordNotFound,
  FundRecordExists,
  PaymentInstructionBusy,
  PaymentInstructionLeaseUnavailable,
  NotifierUnavailable,
  BillNotApproved,
  PayeeAccountMissing,
  PaymentInstructionsOfBillExceeded,
  PaymentInstructionChecks.PaymentInstructionCheckNotFound,
  PaymentInstructionChecks.PaymentInstructionCheckExists,
] as const

/**
 * The module's aggregate stores (payment instructions; the fund register's
 * sanctions, transactions, sanction balances and VA cursors; the status
 * checks that found nothing new): every
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
  AggregateStore.register(SanctionRepository.SanctionRepository, SanctionRepository.descriptor),
  AggregateStore.register(
    RegisterTransactionRepository.RegisterTransactionRepository,
    RegisterTransactionRepository.descriptor,
  ),
  AggregateStore.register(
    SanctionBalanceRepository.SanctionBalanceRepository,
    SanctionBalanceRepository.descriptor,
  ),
  AggregateStore.register(
    VirtualAllotmentCursorRepository.VirtualAllotmentCursorRepository,
    VirtualAllotmentCursorRepository.descriptor,
  ),
  PaymentInstructionChecks.registration,
] as const

/**
 * Every payments store in memory: payment instructions with their
 * history, the fund register's stores, the status checks that found
 * nothing new, the PI leases and the notifier (with
 * `Notifier.SentMessages`). The JIT gateway is an adapter's
 * (`@karya/adapters-jit`), and the payee accounts the registries'
 * (`Karya.layerMemory` wires them).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | AggregateStore.ServicesOf<typeof stores>
  | PaymentInstructionLease.PaymentInstructionLease
  | Notifier.Notifier
  | Notifier.SentMessages
> = Layer.mergeAll(
  AggregateStore.layerMemoryAll(stores),
  PaymentInstructionLease.layerMemory,
  Notifier.layerMemory,
)
