/**
 * Karya's migrations, in the order they are applied (DB-1). Append a new
 * migration at the end with the next id; never edit or reorder an applied
 * one.
 *
 * @since 0.1.0
 */
import type { Effect } from "effect"
import type { SqlClient, SqlError } from "effect/sql"
import { migration as foundation } from "./0001_foundation.js"
import { migration as payments } from "./0002_payments.js"
import { migration as auditOutbox } from "./0003_audit_outbox.js"
import { migration as piHistoryRepaymentRaised } from "./0004_pi_history_repayment_raised.js"
import { migration as aggregateStore } from "./0005_aggregate_store.js"
import { migration as organisationsStore } from "./0006_organisations_store.js"
import { migration as projects } from "./0007_projects.js"
import { migration as billsStore } from "./0008_bills_store.js"
import { migration as paymentInstructionsStore } from "./0009_payment_instructions_store.js"
import { migration as fundRegisterStore } from "./0010_fund_register_store.js"
import { migration as idempotencyClaims } from "./0011_idempotency_claims.js"
import { migration as oneOriginalPiPerBill } from "./0012_one_original_pi_per_bill.js"
import { migration as paymentInstructionChecks } from "./0013_payment_instruction_checks.js"

/**
 * One numbered, forward-only migration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Migration {
  readonly id: number
  readonly name: string
  readonly migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient>
}

/**
 * Every migration, ordered by id.
 *
 * @since 0.1.0
 * @category constants
 */
export const migrations: ReadonlyArray<Migration> = [
  { id: 1, name: "foundation", migration: foundation },
  { id: 2, name: "payments", migration: payments },
  { id: 3, name: "audit_outbox", migration: auditOutbox },
  { id: 4, name: "pi_history_repayment_raised", migration: piHistoryRepaymentRaised },
  { id: 5, name: "aggregate_store", migration: aggregateStore },
  { id: 6, name: "organisations_store", migration: organisationsStore },
  { id: 7, name: "projects", migration: projects },
  { id: 8, name: "bills_store", migration: billsStore },
  { id: 9, name: "payment_instructions_store", migration: paymentInstructionsStore },
  { id: 10, name: "fund_register_store", migration: fundRegisterStore },
  { id: 11, name: "idempotency_claims", migration: idempotencyClaims },
  { id: 12, name: "one_original_pi_per_bill", migration: oneOriginalPiPerBill },
  { id: 13, name: "payment_instruction_checks", migration: paymentInstructionChecks },
]
