/**
 * The Postgres organisation repository passes core's conformance suite on
 * PGlite and, with `DATABASE_URL`, on server Postgres (ARCH-3, ORG-1..ORG-3,
 * DB-4).
 */

import { Registries } from "@karya/core"
import { OrganisationRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgAggregateStore from "../src/PgAggregateStore.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  OrganisationRepositorySuite(
    `PgOrganisationRepository on ${database.name}`,
    PgAggregateStore.layer(
      Registries.OrganisationRepository.OrganisationRepository,
      Registries.OrganisationRepository.descriptor,
    ).pipe(Layer.provideMerge(database.layer)),
  )
}
