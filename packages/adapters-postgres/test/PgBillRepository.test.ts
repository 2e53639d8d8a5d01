/**
 * The Postgres bill repository passes core's conformance suite on PGlite
 * and, with `DATABASE_URL`, on server Postgres (ARCH-3, BILL-2, DB-4).
 */
import { BillRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgBillRepository from "../src/PgBillRepository.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  BillRepositorySuite(
    `PgBillRepository on ${database.name}`,
    PgBillRepository.layer.pipe(Layer.provideMerge(database.layer)),
  )
}
