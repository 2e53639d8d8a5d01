/**
 * The Postgres store of status checks that found nothing new passes core's
 * conformance suite on PGlite and, with `DATABASE_URL`, on server Postgres
 * (PI-P-1).
 */
import { PaymentInstructionChecksSuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgPaymentInstructionChecks from "../src/PgPaymentInstructionChecks.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  PaymentInstructionChecksSuite(
    `PgPaymentInstructionChecks on ${database.name}`,
    PgPaymentInstructionChecks.layer.pipe(Layer.provideMerge(database.layer)),
  )
}
