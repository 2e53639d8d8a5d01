/**
 * Migration 0006: organisations move onto the one aggregate store mechanism
 * (`PgAggregateStore`, ARCH-3, DB-2..DB-4, ORG-1..ORG-3).
 *
 * - `organisations` in the store's shape: the document plus the columns of
 *   core's organisation descriptor, among them the staff's mobile numbers
 *   and user ids as `text[]` with GIN indexes (ORG-2's lookups by a staff
 *   member), and an insertion `sequence` that orders pages;
 * - the rows of migration 0002's `organisations` and `organisation_staff`
 *   are carried over (the staff lists in staff order), each registration id
 *   claimed in `aggregate_claims` (ORG-3), then those tables dropped.
 *
 * The descriptor keeps no history, so there is no `organisations_history`.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { SqlClient, type SqlError } from "effect/sql"

// Migration 0002's table steps aside, its constraint names freed for the new one.
const setAside = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`ALTER TABLE organisations RENAME TO organisations_0002`
    yield* sql`ALTER TABLE organisations_0002 RENAME CONSTRAINT organisations_pkey TO organisations_0002_pkey`
    yield* sql`ALTER TABLE organisations_0002 RENAME CONSTRAINT organisations_number_key TO organisations_0002_number_key`
    yield* sql`
      ALTER TABLE organisations_0002 RENAME CONSTRAINT organisations_external_registration_id_key
        TO organisations_0002_external_registration_id_key`
  })

const create = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      CREATE TABLE organisations (
        tenant_id text NOT NULL,
        id text NOT NULL,
        state_tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        sequence bigint GENERATED ALWAYS AS IDENTITY,
        document jsonb NOT NULL,
        number text NOT NULL,
        external_registration_id text NOT NULL,
        staff_mobile_numbers text[] NOT NULL,
        staff_user_ids text[] NOT NULL,
        CONSTRAINT organisations_pkey PRIMARY KEY (tenant_id, id)
      )`
    yield* sql`CREATE UNIQUE INDEX organisations_number_key ON organisations (tenant_id, number)`
    yield* sql`CREATE INDEX organisations_sequence_idx ON organisations (tenant_id, sequence)`
    yield* sql`CREATE INDEX organisations_state_idx ON organisations (state_tenant_id, sequence)`
    yield* sql`CREATE INDEX organisations_number_order_idx ON organisations (tenant_id, number COLLATE "C", sequence)`
    yield* sql`CREATE INDEX organisations_external_registration_idx ON organisations (tenant_id, external_registration_id)`
    yield* sql`CREATE INDEX organisations_staff_mobile_numbers_idx ON organisations USING gin (staff_mobile_numbers)`
    yield* sql`CREATE INDEX organisations_staff_user_ids_idx ON organisations USING gin (staff_user_ids)`
  })

const carryOver = (sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    yield* sql`
      INSERT INTO organisations (tenant_id, id, state_tenant_id, version, document, number,
        external_registration_id, staff_mobile_numbers, staff_user_ids)
      SELECT org.tenant_id, org.id::text, org.state_tenant_id, org.version, org.document, org.number,
        org.external_registration_id,
        ARRAY(SELECT staff.mobile_number FROM organisation_staff AS staff
          WHERE staff.tenant_id = org.tenant_id AND staff.organisation_id = org.id ORDER BY staff.position),
        ARRAY(SELECT staff.user_id FROM organisation_staff AS staff
          WHERE staff.tenant_id = org.tenant_id AND staff.organisation_id = org.id ORDER BY staff.position)
      FROM organisations_0002 AS org ORDER BY org.tenant_id, org.number`
    yield* sql`
      INSERT INTO aggregate_claims (tenant_id, store, rule, key, holder_tenant_id, holder_id)
      SELECT tenant_id, 'Organisation', 'externalRegistration', external_registration_id, tenant_id, id::text
      FROM organisations_0002`
    yield* sql`DROP TABLE organisation_staff`
    yield* sql`DROP TABLE organisations_0002`
  })

/**
 * The migration.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migration: Effect.Effect<void, SqlError.SqlError, SqlClient.SqlClient> = Effect.gen(
  function* () {
    const sql = yield* SqlClient.SqlClient
    yield* setAside(sql)
    yield* create(sql)
    yield* carryOver(sql)
  },
)
