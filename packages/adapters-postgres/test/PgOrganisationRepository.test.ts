/**
 * The Postgres organisation repository passes core's conformance suite on
 * PGlite and, with `DATABASE_URL`, on server Postgres (ARCH-3, ORG-1..ORG-3,
 * DB-4).
 */
import { OrganisationRepositorySuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgOrganisationRepository from "../src/PgOrganisationRepository.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  OrganisationRepositorySuite(
    `PgOrganisationRepository on ${database.name}`,
    PgOrganisationRepository.layer.pipe(Layer.provideMerge(database.layer)),
  )
}
