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
  typeof Registries.WageSeekerRepository.registration,
  typeof Registries.OrganisationRepository.registration,
  typeof Estimates.ProjectRepository.registration,
  ...typeof Bills.stores,
  ...typeof Payments.stores,
] = [
  // A module's store is named, never picked by its position in the module's `stores`.
  Registries.WageSeekerRepository.registration,
  Registries.OrganisationRepository.registration,
  Estimates.ProjectRepository.registration,
  ...Bills.stores,
  ...Payments.stores,
]

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
