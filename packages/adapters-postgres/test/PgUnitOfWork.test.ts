/**
 * The Postgres unit of work passes core's conformance suites on PGlite and,
 * with `DATABASE_URL`, on server Postgres (DB-5, ERR-2): values, errors and
 * defects pass through, and an audit record and an outbox message written
 * in one transaction commit together or are rolled back together.
 */
import { UnitOfWorkRollbackSuite, UnitOfWorkSuite } from "@karya/core/testing"
import { Layer } from "effect"
import * as PgAuditLog from "../src/PgAuditLog.js"
import * as PgOutbox from "../src/PgOutbox.js"
import * as PgUnitOfWork from "../src/PgUnitOfWork.js"
import { databases } from "./TestDatabases.js"

for (const database of databases()) {
  UnitOfWorkSuite(`PgUnitOfWork on ${database.name}`, PgUnitOfWork.layer.pipe(Layer.provide(database.layer)))

  UnitOfWorkRollbackSuite(
    `PgUnitOfWork with PgAuditLog and PgOutbox on ${database.name}`,
    Layer.mergeAll(PgUnitOfWork.layer, PgAuditLog.layer, PgOutbox.layer).pipe(Layer.provide(database.layer)),
  )
}
