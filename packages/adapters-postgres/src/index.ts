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
 * The bill repository on Postgres/PGlite (`layer`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgBillRepository from "./PgBillRepository.js"

/**
 * The fund register repository on Postgres/PGlite (`layer`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgFundRegisterRepository from "./PgFundRegisterRepository.js"

/**
 * The organisation repository on Postgres/PGlite (`layer`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgOrganisationRepository from "./PgOrganisationRepository.js"

/**
 * The payment instruction repository on Postgres/PGlite (`layer`; needs
 * `SqlClient` and `SensitiveFieldCipher`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgPaymentInstructionRepository from "./PgPaymentInstructionRepository.js"

/**
 * The wage seeker repository on Postgres/PGlite (`layer`; needs `SqlClient`).
 *
 * @since 0.1.0
 * @category layers
 */
export * as PgWageSeekerRepository from "./PgWageSeekerRepository.js"
