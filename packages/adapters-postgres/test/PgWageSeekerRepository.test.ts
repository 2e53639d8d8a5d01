/**
 * The Postgres wage seeker repository passes core's conformance suite on
 * PGlite and, with `DATABASE_URL`, on server Postgres (ARCH-3, IND-1..IND-3,
 * PRIV-2, DB-4).
 */

import { Registries } from "@karya/core"
import { WageSeekerRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  WageSeekerRepositorySuite(
    `PgWageSeekerRepository on ${database.name}`,
    PgAggregateStore.layer(
      Registries.WageSeekerRepository.WageSeekerRepository,
      Registries.WageSeekerRepository.descriptor,
    ).pipe(Layer.provideMerge(database.layer)),
  )
}
