/**
 * The Postgres fund register passes core's conformance suite on PGlite and,
 * with `DATABASE_URL`, on server Postgres (ARCH-3, PI-F-1, PI-F-2).
 */
import { FundRegisterRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgFundRegisterRepository from "../src/PgFundRegisterRepository.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  FundRegisterRepositorySuite(
    `PgFundRegisterRepository on ${database.name}`,
    PgFundRegisterRepository.layer.pipe(Layer.provideMerge(database.layer)),
  )
}
