/**
 * The repositories' one classification of SQL failures, against fake
 * driver failures and no database (house rule 3): what a retry may cure
 * becomes the port's retryable unavailable error, anything else is a defect
 * (ERR-1, API-3: 503 for a dependency unavailable, never SQL text as a
 * domain error). Also the document codec's paired checks (house rule 7).
 */
import { assert, describe, it } from "@effect/vitest"
import { Money } from "@karya/core"
import { Cause, Effect, Exit, Option, Schema } from "effect"
import { SqlError } from "effect/sql"
import { classifySqlFailure, documentCodec, failAs } from "../../src/internal/RepositoryRows.js"

const failure = (reason: SqlError.SqlErrorReason) => new SqlError.SqlError({ reason })
const cause = new Error("fake driver failure")

describe("RepositoryRows", () => {
  it("ERR-1: failures a retry may cure are classified unavailable", () => {
    for (const reason of [
      new SqlError.ConnectionError({ cause }),
      new SqlError.DeadlockError({ cause }),
      new SqlError.SerializationError({ cause }),
      new SqlError.LockTimeoutError({ cause }),
      new SqlError.StatementTimeoutError({ cause }),
    ]) {
      assert.strictEqual(classifySqlFailure(failure(reason))._tag, "Unavailable", reason._tag)
    }
  })

  it("ERR-1: a wrong statement, an unexpected unique violation or an unknown failure is a defect", () => {
    for (const reason of [
      new SqlError.SqlSyntaxError({ cause }),
      new SqlError.UniqueViolation({ cause, constraint: "bills_pkey" }),
      new SqlError.ConstraintError({ cause }),
      new SqlError.UnknownError({ cause }),
    ]) {
      assert.strictEqual(classifySqlFailure(failure(reason))._tag, "Defect", reason._tag)
    }
  })

  it.effect("ERR-1: failAs fails with the port's error when unavailable and dies on a defect", () =>
    Effect.gen(function* () {
      const toPort = failAs((reason) => ({ _tag: "StoreUnavailable" as const, reason }))
      const unavailable = yield* Effect.exit(toPort(failure(new SqlError.ConnectionError({ cause }))))
      assert.strictEqual(Option.getOrUndefined(Exit.findErrorOption(unavailable))?._tag, "StoreUnavailable")
      const defect = yield* Effect.exit(toPort(failure(new SqlError.SqlSyntaxError({ cause }))))
      assert.isTrue(Exit.isFailure(defect) && Cause.hasDies(defect.cause))
    }),
  )

  it.effect("MONEY-1: a document keeps amounts as exact decimal strings and reads back equal", () =>
    Effect.gen(function* () {
      const Row = Schema.Struct({ amount: Money.Amount.Amount })
      const codec = documentCodec(Row)
      const value = { amount: Money.Amount.makeUnsafe("1916.25") }
      const text = yield* codec.toText(value)
      assert.strictEqual(text, '{"amount":"1916.25"}')
      assert.deepStrictEqual(yield* codec.fromText(text, "test"), value)
      const corrupt = yield* Effect.exit(codec.fromText('{"amount":1916.25}', "test"))
      assert.isTrue(Exit.isFailure(corrupt) && Cause.hasDies(corrupt.cause))
    }),
  )
})
