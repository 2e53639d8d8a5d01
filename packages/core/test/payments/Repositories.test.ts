import { Payments, Persistence } from "@karya/core"
import {
  FundRegisterSuite,
  PaymentInstructionChecksSuite,
  PaymentInstructionLeaseSuite,
  PaymentInstructionRepositorySuite,
  RegisterTransactionRepositorySuite,
  SanctionBalanceRepositorySuite,
  SanctionRepositorySuite,
  VirtualAllotmentCursorRepositorySuite,
} from "@karya/core/testing"
import { Layer } from "effect"

PaymentInstructionRepositorySuite(
  "PaymentInstructionRepository.layerMemory",
  Payments.PaymentInstructionRepository.layerMemory,
)
SanctionRepositorySuite("SanctionRepository.layerMemory", Payments.SanctionRepository.layerMemory)
RegisterTransactionRepositorySuite(
  "RegisterTransactionRepository.layerMemory",
  Payments.RegisterTransactionRepository.layerMemory,
)
SanctionBalanceRepositorySuite(
  "SanctionBalanceRepository.layerMemory",
  Payments.SanctionBalanceRepository.layerMemory,
)
VirtualAllotmentCursorRepositorySuite(
  "VirtualAllotmentCursorRepository.layerMemory",
  Payments.VirtualAllotmentCursorRepository.layerMemory,
)
FundRegisterSuite(
  "FundRegisterBook over the memory stores",
  Layer.mergeAll(
    Payments.RegisterTransactionRepository.layerMemory,
    Payments.SanctionBalanceRepository.layerMemory,
    Persistence.UnitOfWork.layerMemory,
  ),
)
PaymentInstructionLeaseSuite(
  "PaymentInstructionLease.layerMemory",
  Payments.PaymentInstructionLease.layerMemory,
)
PaymentInstructionChecksSuite(
  "PaymentInstructionChecks.layerMemory",
  Payments.PaymentInstructionChecks.layerMemory,
)
