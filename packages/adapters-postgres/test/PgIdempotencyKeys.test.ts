/**
 * The Postgres idempotency keys pass core's conformance suite on PGlite
 * and, with `DATABASE_URL`, on server Postgres (API-4); a response
 * remembered in a transaction that rolls back is forgotten with it (DB-5).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Persistence } from "@karya/core"
import { IdempotencyKeysSuite } from "@karya/core/testing"
import { Data, Effect, Layer, Option } from "effect"
import * as PgIdempotencyKeys from "../src/PgIdempotencyKeys.js"
import * as PgUnitOfWork from "../src/PgUnitOfWork.js"
import { databases } from "./TestDatabases.js"

class RolledBack extends Data.TaggedError("RolledBack") {}

const freshTenant = Effect.map(Ids.EntityId.make, (id) =>
  Config.TenantId.makeUnsafe(`od.t_${id.replaceAll("-", "")}`),
)

for (const database of databases()) {
  const layer = PgIdempotencyKeys.layer.pipe(Layer.provideMerge(database.layer))

  IdempotencyKeysSuite(`PgIdempotencyKeys on ${database.name}`, layer)

  describe(`PgIdempotencyKeys on ${database.name}`, () => {
    it.effect("API-4 DB-5: a response remembered in a rolled-back transaction is not remembered", () =>
      Effect.gen(function* () {
        const keys = yield* Persistence.IdempotencyKeys.IdempotencyKeys
        const tenantId = yield* freshTenant
        const request = {
          tenantId,
          key: "key-1",
          requestHash: Persistence.IdempotencyKeys.requestHashOf({ body: { name: "Road" } }),
          status: 201,
          body: { id: "estimate-1" },
        }
        const error = yield* Effect.flip(
          Persistence.UnitOfWork.transaction(
            Effect.andThen(keys.remember(request), Effect.fail(new RolledBack())),
          ),
        )
        assert.strictEqual(error._tag, "RolledBack")
        assert.deepStrictEqual(yield* keys.lookup(request), Option.none())
        yield* Persistence.UnitOfWork.transaction(keys.remember(request))
        assert.strictEqual(Option.getOrUndefined(yield* keys.lookup(request))?.status, 201)
      }).pipe(Effect.provide(Layer.merge(layer, PgUnitOfWork.layer.pipe(Layer.provide(database.layer))))),
    )
  })
}
