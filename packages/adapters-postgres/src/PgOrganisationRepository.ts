/**
 * The organisation repository on PostgreSQL and PGlite (ARCH-3, ORG-1..ORG-3,
 * PRIV-2, TEN-1, DB-2..DB-4). An organisation is one row of `organisations`
 * (key columns and the Schema-encoded record, whose account number core has
 * already sealed) plus one row per staff member in `organisation_staff`,
 * which finds a staff user by mobile number across the state (ORG-2). ORG-3
 * is the unique constraint on (tenant, external registration id): a write
 * that breaks it is refused with `ORG_EXISTS` naming the holder.
 *
 * @since 0.1.0
 */
import { Config, Registries, Workflow } from "@karya/core"
import { Effect, Layer, Option, Schema } from "effect"
import { SqlClient, type SqlError } from "effect/sql"
import {
  type DocumentCodec,
  decodeRows,
  documentCodec,
  ensure,
  failAs,
  isEntityId,
} from "./internal/RepositoryRows.js"

type Organisation = Registries.Organisation.Organisation
type TenantId = Organisation["tenantId"]
type RegistryUnavailable = Registries.RegistryUnavailable.RegistryUnavailable
type OrgExists = Registries.Organisation.OrgExists

const Repository = Registries.OrganisationRepository.OrganisationRepository
const RegistryUnavailable = Registries.RegistryUnavailable.RegistryUnavailable
const OrgExists = Registries.Organisation.OrgExists
const StaleVersion = Workflow.WorkflowEngine.StaleVersion

const port = "OrganisationRepository"
const registrationConstraint = "organisations_external_registration_id_key"

const RecordRow = Schema.Struct({ document: Schema.String, version: Schema.Int })
const VersionRow = Schema.Struct({ version: Schema.Int })
const IdRow = Schema.Struct({ id: Schema.String })

const isRegistrationClash = (error: SqlError.SqlError): boolean =>
  error.reason._tag === "UniqueViolation" && error.reason.constraint === registrationConstraint

// ORG-3: a write refused by the registration id's unique constraint names
// the holder, read after the write rolled back. A holder gone in between
// means another write is racing: retrying is safe.
const refusedRegistration = (sql: SqlClient.SqlClient, organisation: Organisation) =>
  Effect.gen(function* () {
    const [holder] = yield* sql`
      SELECT id::text AS id FROM organisations
      WHERE tenant_id = ${organisation.tenantId}
        AND external_registration_id = ${organisation.externalRegistrationId}`.pipe(
      Effect.flatMap(decodeRows(IdRow)),
    )
    if (holder === undefined) {
      return yield* new RegistryUnavailable({
        port,
        reason: "a concurrent write of the same registration id",
      })
    }
    return yield* new OrgExists({
      externalRegistrationId: organisation.externalRegistrationId,
      existingOrganisationId: holder.id,
    })
  })

const readFailures = <A, E, R>(
  effect: Effect.Effect<A, E | SqlError.SqlError, R>,
): Effect.Effect<A, Exclude<E, SqlError.SqlError> | RegistryUnavailable, R> =>
  (effect as Effect.Effect<A, SqlError.SqlError, R>).pipe(
    Effect.catchTag(
      "SqlError",
      failAs((reason) => new RegistryUnavailable({ port, reason })),
    ),
  ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | RegistryUnavailable, R>

const writeFailures =
  (sql: SqlClient.SqlClient, organisation: Organisation) =>
  <A, E, R>(
    effect: Effect.Effect<A, E | SqlError.SqlError, R>,
  ): Effect.Effect<A, Exclude<E, SqlError.SqlError> | RegistryUnavailable | OrgExists, R> =>
    (effect as Effect.Effect<A, SqlError.SqlError, R>).pipe(
      Effect.catchTag("SqlError", (error) =>
        isRegistrationClash(error)
          ? readFailures(refusedRegistration(sql, organisation))
          : failAs((reason) => new RegistryUnavailable({ port, reason }))(error),
      ),
    ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | RegistryUnavailable | OrgExists, R>

const listStaff = (sql: SqlClient.SqlClient, organisation: Organisation) =>
  Effect.gen(function* () {
    yield* sql`
      DELETE FROM organisation_staff
      WHERE tenant_id = ${organisation.tenantId} AND organisation_id = ${organisation.id}::uuid`
    const staff = organisation.staff
    if (staff.length === 0) return
    yield* sql`
      INSERT INTO organisation_staff (tenant_id, organisation_id, user_id, state_tenant_id, mobile_number, position)
      SELECT ${organisation.tenantId}, ${organisation.id}::uuid, item.user_id,
        ${Config.TenantId.stateTenantOf(organisation.tenantId)}, item.mobile_number, item.position
      FROM unnest(${staff.map((member) => member.userId)}::text[],
        ${staff.map((member) => member.mobileNumber)}::text[],
        ${staff.map((_, index) => index)}::integer[]) AS item (user_id, mobile_number, position)`
  })

const makeWrites = (sql: SqlClient.SqlClient, codec: DocumentCodec<Organisation>) => ({
  insert: (organisation: Organisation) =>
    Effect.gen(function* () {
      const document = yield* codec.toText(organisation)
      const write = Effect.gen(function* () {
        yield* sql`
          INSERT INTO organisations (tenant_id, id, number, state_tenant_id, external_registration_id, status,
            version, document)
          VALUES (${organisation.tenantId}, ${organisation.id}::uuid, ${organisation.number},
            ${Config.TenantId.stateTenantOf(organisation.tenantId)}, ${organisation.externalRegistrationId},
            ${organisation.status}, ${organisation.version}, ${document}::jsonb)`
        yield* listStaff(sql, organisation)
      })
      yield* sql.withTransaction(write)
    }).pipe(writeFailures(sql, organisation)),
  update: (request: { readonly organisation: Organisation; readonly expectedVersion: number }) =>
    Effect.gen(function* () {
      const { organisation, expectedVersion } = request
      const document = yield* codec.toText(organisation)
      const write = Effect.gen(function* () {
        const updated = yield* sql`
          UPDATE organisations SET number = ${organisation.number},
            external_registration_id = ${organisation.externalRegistrationId}, status = ${organisation.status},
            version = ${organisation.version}, document = ${document}::jsonb
          WHERE tenant_id = ${organisation.tenantId} AND id = ${organisation.id}::uuid
            AND version = ${expectedVersion}
          RETURNING version AS version`
        if (updated.length === 0) {
          const stored = yield* sql`
            SELECT version AS version FROM organisations
            WHERE tenant_id = ${organisation.tenantId} AND id = ${organisation.id}::uuid`.pipe(
            Effect.flatMap(decodeRows(VersionRow)),
          )
          const actualVersion = stored[0]?.version ?? 0
          return yield* new StaleVersion({ entityId: organisation.id, expectedVersion, actualVersion })
        }
        yield* listStaff(sql, organisation)
      })
      yield* sql.withTransaction(write)
    }).pipe(writeFailures(sql, request.organisation)),
})

const makeReads = (sql: SqlClient.SqlClient, codec: DocumentCodec<Organisation>) => {
  const inTenant = (tenantId: TenantId) => (rows: ReadonlyArray<unknown>) =>
    Effect.flatMap(decodeRows(RecordRow)(rows), (decoded) =>
      Effect.forEach(decoded, (row) =>
        Effect.tap(codec.fromText(row.document, `organisations(${tenantId})`), (organisation) =>
          Effect.andThen(
            ensure(organisation.tenantId === tenantId, "an organisation's document names its tenant"),
            ensure(organisation.version === row.version, "an organisation's document has the row's version"),
          ),
        ),
      ),
    )
  const columns = sql.literal("org.document::text AS document, org.version AS version")
  const first = Effect.map((records: ReadonlyArray<Organisation>) => Option.fromUndefinedOr(records[0]))
  const failures = readFailures
  return {
    findById: (query: { readonly tenantId: TenantId; readonly id: string }) =>
      (isEntityId(query.id)
        ? sql`SELECT ${columns} FROM organisations AS org WHERE org.tenant_id = ${query.tenantId} AND org.id = ${query.id}::uuid`
        : Effect.succeed([])
      ).pipe(Effect.flatMap(inTenant(query.tenantId)), first, failures),
    findByNumber: (query: { readonly tenantId: TenantId; readonly number: string }) =>
      sql`SELECT ${columns} FROM organisations AS org WHERE org.tenant_id = ${query.tenantId} AND org.number = ${query.number}`.pipe(
        Effect.flatMap(inTenant(query.tenantId)),
        first,
        failures,
      ),
    findByExternalRegistrationId: (query: {
      readonly tenantId: TenantId
      readonly externalRegistrationId: string
    }) =>
      sql`
        SELECT ${columns} FROM organisations AS org
        WHERE org.tenant_id = ${query.tenantId} AND org.external_registration_id = ${query.externalRegistrationId}`.pipe(
        Effect.flatMap(inTenant(query.tenantId)),
        first,
        failures,
      ),
    findStaffUserIdByMobileNumber: (query: { readonly tenantId: TenantId; readonly mobileNumber: string }) =>
      sql`
        SELECT user_id AS id FROM organisation_staff
        WHERE state_tenant_id = ${Config.TenantId.stateTenantOf(query.tenantId)}
          AND mobile_number = ${query.mobileNumber}
        ORDER BY tenant_id, organisation_id, position LIMIT 1`.pipe(
        Effect.flatMap(decodeRows(IdRow)),
        Effect.map((rows) => Option.fromUndefinedOr(rows[0]?.id)),
        failures,
      ),
    findByStaffUserId: (query: { readonly tenantId: TenantId; readonly userId: string }) =>
      sql`
        SELECT ${columns} FROM organisations AS org
        WHERE org.tenant_id = ${query.tenantId} AND EXISTS (
          SELECT 1 FROM organisation_staff AS member
          WHERE member.tenant_id = org.tenant_id AND member.organisation_id = org.id
            AND member.user_id = ${query.userId})
        ORDER BY org.number COLLATE "C"`.pipe(Effect.flatMap(inTenant(query.tenantId)), failures),
  }
}

/**
 * The organisation repository on the `SqlClient` in context. Needs migration
 * 0002.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<
  Registries.OrganisationRepository.OrganisationRepository,
  never,
  SqlClient.SqlClient
> = Layer.effect(
  Repository,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const codec = documentCodec(Registries.Organisation.Organisation)
    return Repository.of({ ...makeWrites(sql, codec), ...makeReads(sql, codec) })
  }),
)
