/**
 * The Postgres wage seeker repository passes core's conformance suite on
 * PGlite and, with `DATABASE_URL`, on server Postgres (ARCH-3, IND-1..IND-3,
 * PRIV-2, DB-4).
 */
import { WageSeekerRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgWageSeekerRepository from "../src/PgWageSeekerRepository.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  WageSeekerRepositorySuite(
    `PgWageSeekerRepository on ${database.name}`,
    PgWageSeekerRepository.layer.pipe(Layer.provideMerge(database.layer)),
  )
}
