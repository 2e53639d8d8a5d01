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
