/**
 * Migration 0006 carries migration 0002's organisations into the aggregate
 * store's table, on PGlite and, with `DATABASE_URL`, server Postgres: each
 * is read back whole, found by its staff, and still holds its registration
 * id (ORG-1..ORG-3, DB-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Ids, Persistence, Registries, Time } from "@karya/core"
import { sampleOrganisationRecord } from "@karya/core/testing"
import { Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { documentCodec } from "../../src/internal/RepositoryRows.js"
import { migrations } from "../../src/migrations/index.js"
import * as PgAggregateStore from "../../src/PgAggregateStore.js"
import * as PgMigrations from "../../src/PgMigrations.js"
import { databases } from "../TestDatabases.js"

// Each test starts a database of its own (PGlite takes seconds to start).
const freshDatabaseTimeoutMs = 60_000

const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const neighbour = Config.TenantId.makeUnsafe("od.cuttack")

const member = (userId: string, mobileNumber: string): Registries.Organisation.StaffMember => ({
  userId,
  name: "Staff",
  mobileNumber,
  role: "ADMIN",
  employedFrom: Time.LocalDate.makeUnsafe("2022-05-10"),
  status: "ACTIVE",
})

// The table's columns in order, with their SQL types.
const columnsOf = (table: string) =>
  SqlClient.SqlClient.use(
    (sql) => sql<{ readonly name: string; readonly type: string }>`
      SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  )

// An organisation as migration 0002's repository wrote it.
const insert0002 = (organisation: Registries.Organisation.Organisation) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const document = yield* documentCodec(Registries.Organisation.Organisation).toText(organisation)
    yield* sql`
      INSERT INTO organisations (tenant_id, id, number, state_tenant_id, external_registration_id, status,
        version, document)
      VALUES (${organisation.tenantId}, ${organisation.id}::uuid, ${organisation.number},
        ${Config.TenantId.stateTenantOf(organisation.tenantId)}, ${organisation.externalRegistrationId},
        ${organisation.status}, ${organisation.version}, ${document}::jsonb)`
    yield* Effect.forEach(
      organisation.staff,
      (staff, position) => sql`
        INSERT INTO organisation_staff (tenant_id, organisation_id, user_id, state_tenant_id, mobile_number, position)
        VALUES (${organisation.tenantId}, ${organisation.id}::uuid, ${staff.userId},
          ${Config.TenantId.stateTenantOf(organisation.tenantId)}, ${staff.mobileNumber}, ${position})`,
      { discard: true },
    )
  })

for (const database of databases({ migrate: false, shared: false })) {
  describe(`migration 0006 on ${database.name}`, () => {
    it.effect(
      "DB-1 / ORG-1..ORG-3: 0002's organisations move into the store's table, read back whole, found by their staff, keeping their registration ids",
      () =>
        Effect.gen(function* () {
          yield* PgMigrations.runAll(migrations.filter((each) => each.id < 6))
          const [kuni, lata] = [yield* Ids.EntityId.make, yield* Ids.EntityId.make]
          const withStaff = sampleOrganisationRecord({
            id: yield* Ids.EntityId.make,
            tenantId,
            number: "VO-2024-25-000002",
            externalRegistrationId: "REG-1",
            staff: [member(kuni, "9000000001"), member(lata, "9000000002")],
          })
          const withoutStaff = sampleOrganisationRecord({
            id: yield* Ids.EntityId.make,
            tenantId,
            number: "VO-2024-25-000001",
            externalRegistrationId: "REG-2",
            staff: [],
          })
          yield* insert0002(withStaff)
          yield* insert0002(withoutStaff)
          assert.deepStrictEqual(yield* PgMigrations.runAll(migrations.filter((each) => each.id <= 6)), [
            [6, "organisations_store"],
          ])
          assert.deepStrictEqual(
            (yield* columnsOf("organisations")).map((column) => [column.name, column.type]),
            [
              ["tenant_id", "text"],
              ["id", "text"],
              ["state_tenant_id", "text"],
              ["version", "integer"],
              ["sequence", "bigint"],
              ["document", "jsonb"],
              ...Object.entries(Registries.OrganisationRepository.descriptor.columns).map(
                ([name, column]) => [
                  PgAggregateStore.columnNameOf(name),
                  PgAggregateStore.sqlTypeOf(column.type),
                ],
              ),
            ],
            "the table has the store's columns and the descriptor's, of their SQL types",
          )

          const repository = yield* Registries.OrganisationRepository.OrganisationRepository
          assert.deepStrictEqual(yield* repository.get({ tenantId, id: withStaff.id }), withStaff)
          assert.deepStrictEqual(yield* repository.get({ tenantId, id: withoutStaff.id }), withoutStaff)
          const byMobile = yield* Persistence.AggregateStore.findFirst(repository, {
            tenantId: neighbour,
            reach: "state",
            where: { staffMobileNumbers: "9000000002" },
          })
          assert.strictEqual(Option.getOrUndefined(byMobile)?.id, withStaff.id)
          const ofUser = yield* repository.find({
            tenantId,
            where: { staffUserIds: kuni },
            orderBy: "number",
            limit: 10,
          })
          assert.deepStrictEqual(
            ofUser.items.map((each) => each.id),
            [withStaff.id],
          )
          const all = yield* repository.find({ tenantId, orderBy: "number", limit: 10 })
          assert.deepStrictEqual(
            all.items.map((each) => each.number),
            [withoutStaff.number, withStaff.number],
          )
          const again = sampleOrganisationRecord({
            id: yield* Ids.EntityId.make,
            tenantId,
            number: "VO-2024-25-000003",
            externalRegistrationId: "REG-1",
            staff: [],
          })
          const refused = yield* Effect.flip(repository.insert({ aggregate: again }))
          assert.strictEqual(refused._tag, "OrgExists")
          if (refused._tag === "OrgExists") assert.strictEqual(refused.existingOrganisationId, withStaff.id)
        }).pipe(
          Effect.provide(
            PgAggregateStore.layer(
              Registries.OrganisationRepository.OrganisationRepository,
              Registries.OrganisationRepository.descriptor,
            ).pipe(Layer.provideMerge(database.layer)),
          ),
        ),
      freshDatabaseTimeoutMs,
    )
  })
}
