/**
 * The wage seeker repository on PostgreSQL and PGlite (ARCH-3, IND-1..IND-3,
 * PRIV-2, TEN-1, DB-2..DB-4): core's wage seeker descriptor on the
 * `wage_seekers` table of migration 0005. The record's Aadhaar and account
 * numbers are sealed by core before they reach the store; only their
 * keyed-hash search keys are columns.
 *
 * @since 0.1.0
 */
import { Registries } from "@karya/core"
import type { Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as PgAggregateStore from "./PgAggregateStore.js"

/**
 * The wage seeker repository on the `SqlClient` in context. Needs migration
 * 0005.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Registries.WageSeekerRepository.WageSeekerRepository,
  never,
  SqlClient.SqlClient
> = PgAggregateStore.layer(
  Registries.WageSeekerRepository.WageSeekerRepository,
  Registries.WageSeekerRepository.descriptor,
  { table: "wage_seekers" },
)
