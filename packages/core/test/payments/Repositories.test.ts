import { Payments } from "@karya/core"
import {
  FundRegisterRepositorySuite,
  PaymentInstructionChecksSuite,
  PaymentInstructionLeaseSuite,
  PaymentInstructionRepositorySuite,
} from "@karya/core/testing"

PaymentInstructionRepositorySuite(
  "PaymentInstructionRepository.layerMemory",
  Payments.PaymentInstructionRepository.layerMemory,
)
FundRegisterRepositorySuite("FundRegisterRepository.layerMemory", Payments.FundRegisterRepository.layerMemory)
PaymentInstructionLeaseSuite(
  "PaymentInstructionLease.layerMemory",
  Payments.PaymentInstructionLease.layerMemory,
)
PaymentInstructionChecksSuite(
  "PaymentInstructionChecks.layerMemory",
  Payments.PaymentInstructionChecks.layerMemory,
)
