/**
 * `@karya/adapters-jit`: the JIT-FS treasury and Aadhaar clients and the
 * JIT simulator. This release holds no adapter yet; see README.md for what comes.
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

export * as AadhaarClient from "./AadhaarClient.js"
export * as AadhaarSimulator from "./AadhaarSimulator.js"
