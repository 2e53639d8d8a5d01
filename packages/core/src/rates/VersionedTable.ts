/**
 * The in-memory table behind the `layerMemory` of the rates and estimates
 * repositories (house rule 2): tenant-scoped rows of versioned aggregates in
 * one `Ref`, written all-or-nothing, with every stored version kept so a
 * record's history stays readable (RATE-4, RA-6). It mirrors what the SQL
 * adapters do: a primary key of (tenant, id), an insert at version 1, and an
 * update `WHERE id = $1 AND version = $2 - 1` that fails with `STALE_VERSION`
 * when another writer got there first (WF-4, DB-4).
 *
 * Not exported from the module index: only the memory layers use it.
 *
 * @since 0.1.0
 */
import { Effect, HashMap, Option, Ref } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import { StaleVersion } from "../workflow/WorkflowEngine.js"

/**
 * What every stored aggregate carries: its id, its tenant (TEN-1) and its
 * version (1 when inserted, one more on each update).
 *
 * @since 0.1.0
 * @category models
 */
export interface Versioned {
  readonly id: string
  readonly tenantId: TenantId
  readonly version: number
}

/**
 * One all-or-nothing write: new rows (version 1) and updated rows (each
 * carrying its next version, so the stored version must be one less).
 *
 * @since 0.1.0
 * @category models
 */
export interface Batch<A extends Versioned> {
  readonly inserts: ReadonlyArray<A>
  readonly updates: ReadonlyArray<A>
}

/**
 * The table's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface VersionedTable<A extends Versioned> {
  /** The current rows of a tenant, in insertion order. */
  readonly rows: (tenantId: TenantId) => Effect.Effect<ReadonlyArray<A>>
  readonly find: (tenantId: TenantId, id: string) => Effect.Effect<Option.Option<A>>
  /** Every stored version of a row, oldest first; empty when unknown. */
  readonly versions: (tenantId: TenantId, id: string) => Effect.Effect<ReadonlyArray<A>>
  readonly write: (batch: Batch<A>) => Effect.Effect<void, StaleVersion>
}

type Rows<A> = HashMap.HashMap<string, ReadonlyArray<A>>

interface State<A> {
  readonly rows: Rows<A>
  /** Keys in insertion order, so listings are stable. */
  readonly order: ReadonlyArray<string>
}

const keyOf = (tenantId: TenantId, id: string): string => JSON.stringify([tenantId, id])

const staleUpdate = <A extends Versioned>(rows: Rows<A>, batch: Batch<A>): StaleVersion | undefined => {
  for (const row of batch.updates) {
    const stored = Option.getOrUndefined(HashMap.get(rows, keyOf(row.tenantId, row.id)))?.at(-1)
    const actualVersion = stored?.version ?? 0
    if (actualVersion !== row.version - 1) {
      return new StaleVersion({ entityId: row.id, expectedVersion: row.version - 1, actualVersion })
    }
  }
  return undefined
}

const applied = <A extends Versioned>(rows: Rows<A>, batch: Batch<A>): Rows<A> => {
  let next = rows
  for (const row of batch.inserts) {
    assert(row.version === 1, "an inserted aggregate starts at version 1")
    assert(!HashMap.has(next, keyOf(row.tenantId, row.id)), "an inserted aggregate has a new id")
    next = HashMap.set(next, keyOf(row.tenantId, row.id), [row])
  }
  for (const row of batch.updates) {
    const key = keyOf(row.tenantId, row.id)
    next = HashMap.set(next, key, [...Option.getOrElse(HashMap.get(next, key), () => []), row])
  }
  return next
}

/**
 * A new, empty table.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <A extends Versioned>(): Effect.Effect<VersionedTable<A>> =>
  Effect.map(
    Ref.make<State<A>>({
      rows: HashMap.empty(),
      order: [],
    }),
    (state) => ({
      rows: (tenantId) =>
        Effect.map(Ref.get(state), ({ rows, order }) =>
          order.flatMap((key) => {
            const latest = Option.getOrUndefined(HashMap.get(rows, key))?.at(-1)
            return latest !== undefined && latest.tenantId === tenantId ? [latest] : []
          }),
        ),
      find: (tenantId, id) =>
        Effect.map(Ref.get(state), ({ rows }) =>
          Option.flatMap(HashMap.get(rows, keyOf(tenantId, id)), (versions) =>
            Option.fromNullishOr(versions.at(-1)),
          ),
        ),
      versions: (tenantId, id) =>
        Effect.map(Ref.get(state), ({ rows }) =>
          Option.getOrElse(HashMap.get(rows, keyOf(tenantId, id)), () => []),
        ),
      write: (batch) =>
        Effect.flatten(
          Ref.modify(state, (current: State<A>): readonly [Effect.Effect<void, StaleVersion>, State<A>] => {
            const stale = staleUpdate(current.rows, batch)
            if (stale !== undefined) return [Effect.fail(stale), current] as const
            const order = [...current.order, ...batch.inserts.map((row) => keyOf(row.tenantId, row.id))]
            return [Effect.void, { rows: applied(current.rows, batch), order }] as const
          }),
        ),
    }),
  )
