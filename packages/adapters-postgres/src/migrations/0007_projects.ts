/**
 * Migration 0007: projects (EST-1) on the one aggregate store mechanism
 * (`PgAggregateStore`, ARCH-3, DB-2..DB-4), in the shape of core's project
 * descriptor: the document plus its columns, an insertion `sequence` that
 * orders pages, and indexes for the lookups by number and by type and
 * status and for the orders by number and by estimated cost. Numbers are
 * issued once by the `project` series (ID-3); the unique index on them is a
 * backstop. The descriptor keeps no history, so there is no
 * `projects_history`; projects were never stored in SQL before, so nothing
 * is carried over.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

/**
 * The migration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`
      CREATE TABLE projects (
        tenant_id text NOT NULL,
        id text NOT NULL,
        state_tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        number text NOT NULL,
        project_type text NOT NULL,
        location text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'closed')),
        estimated_cost numeric NOT NULL,
        CONSTRAINT projects_pkey PRIMARY KEY (tenant_id, id)
      )`
    yield* sql`CREATE UNIQUE INDEX projects_number_key ON projects (tenant_id, number)`
    yield* sql`CREATE INDEX projects_sequence_idx ON projects (tenant_id, sequence)`
    yield* sql`CREATE INDEX projects_state_idx ON projects (state_tenant_id, sequence)`
    yield* sql`CREATE INDEX projects_number_order_idx ON projects (tenant_id, number COLLATE "C", sequence)`
    yield* sql`CREATE INDEX projects_estimated_cost_order_idx ON projects (tenant_id, estimated_cost, sequence)`
    yield* sql`CREATE INDEX projects_type_status_idx ON projects (tenant_id, project_type, status)`
  },
)
