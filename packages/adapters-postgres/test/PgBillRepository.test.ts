/**
 * The bill store on Postgres passes core's conformance suite on PGlite and,
 * with `DATABASE_URL`, server Postgres (ARCH-3, BILL-2, TEN-1, DB-4, REL-5).
 */
import { Bills } from "@karya/core"
import { BillRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  BillRepositorySuite(
    `PgBillRepository on ${database.name}`,
    PgAggregateStore.layer(Bills.BillRepository.BillRepository, Bills.BillRepository.descriptor).pipe(
      Layer.provideMerge(database.layer),
    ),
  )
}
