/**
 * The aggregate stores this package persists: the registrations of core's
 * `Stores.all` whose tables a migration has created, served on Postgres and
 * PGlite by `PgAggregateStore` (ARCH-3). A store joins this list in the same
 * change as its migration; a test checks each listed table against its
 * descriptor and runs the conformance suite on it.
 *
 * @since 0.1.0
 */
import { Bills, Estimates, Payments, type Persistence, Registries } from "@karya/core"
import type { Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as PgAggregateStore from "./PgAggregateStore.js"

/**
 * The persisted stores.
 *
 * @since 0.1.0
 * @category layers
 */
export const persisted: readonly [
  (typeof Registries.stores)[0],
  (typeof Registries.stores)[1],
  (typeof Estimates.stores)[0],
  ...typeof Bills.stores,
  ...typeof Payments.stores,
] = [Registries.stores[0], Registries.stores[1], Estimates.stores[0], ...Bills.stores, ...Payments.stores]

/**
 * Every persisted store, in one layer on the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Persistence.AggregateStore.ServicesOf<typeof persisted>,
  never,
  SqlClient.SqlClient
> = PgAggregateStore.layerAll(persisted)
