/**
 * The unit of work on PostgreSQL and PGlite (DB-5): `transaction` is the
 * SQL client's transaction, so every port of this package used inside it
 * writes on the transaction's connection, and all of it commits or none of
 * it does. Nested calls become savepoints. A failure of the database itself
 * (connection lost, deadlock, serialisation failure) becomes
 * `UnitOfWorkUnavailable`; the effect's own errors pass through unchanged.
 *
 * @since 0.1.0
 */
import { Persistence } from "@karya/core"
import { Effect, Layer } from "effect"
import { SqlClient, SqlError } from "effect/sql"
import { failAs } from "./internal/RepositoryRows.js"

const Service = Persistence.UnitOfWork.UnitOfWork
const UnitOfWorkUnavailable = Persistence.UnitOfWork.UnitOfWorkUnavailable

const unavailable = failAs((reason) => new UnitOfWorkUnavailable({ reason }))

/**
 * The Postgres unit of work (needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Persistence.UnitOfWork.UnitOfWork, never, SqlClient.SqlClient> = Layer.effect(
  Service,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return Service.of({
      transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        sql
          .withTransaction(effect)
          .pipe(
            Effect.catch(
              (error): Effect.Effect<never, E | Persistence.UnitOfWork.UnitOfWorkUnavailable> =>
                SqlError.isSqlError(error) ? unavailable(error) : Effect.fail(error as E),
            ),
          ),
    })
  }),
)
