/**
 * The organisation repository on PostgreSQL and PGlite (ARCH-3, ORG-1..ORG-3,
 * PRIV-2, TEN-1, DB-2..DB-4): core's organisation descriptor on the
 * `organisations` table of migration 0006. The record's account number is
 * sealed by core before it reaches the store; the staff's mobile numbers and
 * user ids are `text[]` columns (ORG-2).
 *
 * @since 0.1.0
 */
import { Registries } from "@karya/core"
import type { Layer } from "effect"
import type { SqlClient } from "effect/sql"
import * as PgAggregateStore from "./PgAggregateStore.js"

/**
 * The organisation repository on the `SqlClient` in context. Needs migration
 * 0006.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Registries.OrganisationRepository.OrganisationRepository,
  never,
  SqlClient.SqlClient
> = PgAggregateStore.layer(
  Registries.OrganisationRepository.OrganisationRepository,
  Registries.OrganisationRepository.descriptor,
  { table: "organisations" },
)
