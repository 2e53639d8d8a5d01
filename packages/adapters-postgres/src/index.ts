/**
 * `@karya/adapters-postgres`: Karya's ports on PostgreSQL, server or embedded
 * (PGlite). This release holds no adapter yet; see README.md for what comes.
 *
 * @since 0.1.0
 */
import { version as coreVersion } from "@karya/core"

/**
 * The `@karya/core` version this adapter package is built against.
 *
 * @since 0.1.0
 * @category models
 */
export const builtForCoreVersion: string = coreVersion

/**
 * The audit log on Postgres/PGlite (`layer`; needs `SqlClient`, DB-6).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgAggregateStore from "./PgAggregateStore.js"

/**
 * @since 0.1.0
 */
export * as PgAuditLog from "./PgAuditLog.js"

/**
 * The bill repository on Postgres/PGlite (`layer`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */

/**
 * Karya's database as `SqlClient`/`PgClient`: embedded PGlite
 * (`layerPglite`) or server Postgres (`layerServer`), migrated on start;
 * `migrate` for `karya migrate`.
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgDatabase from "./PgDatabase.js"

/**
 * The idempotency keys on Postgres/PGlite (`layer`; needs `SqlClient`, API-4).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgIdempotencyKeys from "./PgIdempotencyKeys.js"

/**
 * The sequence port behind human-readable numbers (`layer`; needs
 * `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgIdSequence from "./PgIdSequence.js"

/**
 * The forward-only migration runner (`run`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgJobSchedule from "./PgJobSchedule.js"
export * as PgMigrations from "./PgMigrations.js"

/**
 * The transactional outbox on Postgres/PGlite (`layer`; needs `SqlClient`, DB-7).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgOutbox from "./PgOutbox.js"

/**
 * The in-flight rule's lease store (`layer`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgPaymentInstructionLease from "./PgPaymentInstructionLease.js"

/**
 * @since 0.1.0
 */
export * as PgStores from "./PgStores.js"

/**
 * The unit of work on Postgres/PGlite (`layer`; needs `SqlClient`, DB-5).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgUnitOfWork from "./PgUnitOfWork.js"
