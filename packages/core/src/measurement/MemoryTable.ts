/**
 * The in-memory table behind the `layerMemory` of the contracts and
 * measurement repositories: versioned records keyed by tenant and id, kept
 * in one `Ref` and changed atomically, with the optimistic-concurrency rules
 * of DB-4 (an insert expects no record; an update names the version it was
 * decided on and stores the next one; otherwise `STALE_VERSION` and nothing
 * changes). Records keep their insertion order, as a database's creation
 * timestamp would.
 *
 * Not re-exported from the module: a building block of memory layers only.
 *
 * @since 0.1.0
 */
import { Effect, Option, Ref } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"

/**
 * A stored record: its tenant and id, and its version.
 *
 * @since 0.1.0
 * @category models
 */
export interface VersionedRecord {
  readonly tenantId: TenantId
  readonly version: number
}

/**
 * A table's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryTable<A extends VersionedRecord> {
  readonly insert: (record: A) => Effect.Effect<void, StaleVersion>
  /** Stores `record` if the stored one is at `expectedVersion`; `"missing"` when there is none. */
  readonly update: (record: A, expectedVersion: number) => Effect.Effect<"updated" | "missing", StaleVersion>
  readonly find: (tenantId: TenantId, id: string) => Effect.Effect<Option.Option<A>>
  /** Every record of the tenant, in insertion order. */
  readonly ofTenant: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<A>>
}

const keyOf = (tenantId: TenantId, id: string): string => JSON.stringify([tenantId, id])

type Outcome = { readonly _tag: "done" | "missing" } | { readonly _tag: "stale"; readonly actual: number }

/**
 * A new empty table whose records are identified by `idOf`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <A extends VersionedRecord>(idOf: (record: A) => string): Effect.Effect<MemoryTable<A>> =>
  Effect.map(Ref.make<ReadonlyMap<string, A>>(new Map()), (rows) => {
    const stale = (record: A, expected: number, actual: number) =>
      new StaleVersion({ entityId: idOf(record), expectedVersion: expected, actualVersion: actual })
    return {
      insert: (record) => {
        assert(record.version === 1, "a new record starts at version 1")
        const key = keyOf(record.tenantId, idOf(record))
        return Effect.flatMap(
          Ref.modify(rows, (current): readonly [Outcome, ReadonlyMap<string, A>] => {
            const existing = current.get(key)
            if (existing !== undefined) return [{ _tag: "stale", actual: existing.version }, current]
            return [{ _tag: "done" }, new Map(current).set(key, record)]
          }),
          (outcome) =>
            outcome._tag === "stale" ? Effect.fail(stale(record, 0, outcome.actual)) : Effect.void,
        )
      },
      update: (record, expectedVersion) => {
        assert(record.version === expectedVersion + 1, "an update stores the next version")
        const key = keyOf(record.tenantId, idOf(record))
        return Effect.flatMap(
          Ref.modify(rows, (current): readonly [Outcome, ReadonlyMap<string, A>] => {
            const existing = current.get(key)
            if (existing === undefined) return [{ _tag: "missing" }, current]
            if (existing.version !== expectedVersion)
              return [{ _tag: "stale", actual: existing.version }, current]
            return [{ _tag: "done" }, new Map(current).set(key, record)]
          }),
          (outcome) => {
            if (outcome._tag === "stale") return Effect.fail(stale(record, expectedVersion, outcome.actual))
            return Effect.succeed(outcome._tag === "done" ? ("updated" as const) : ("missing" as const))
          },
        )
      },
      find: (tenantId, id) =>
        Effect.map(Ref.get(rows), (current) => Option.fromNullishOr(current.get(keyOf(tenantId, id)))),
      ofTenant: (tenantId) =>
        Effect.map(Ref.get(rows), (current) =>
          [...current.values()].filter((record) => record.tenantId === tenantId),
        ),
    }
  })
