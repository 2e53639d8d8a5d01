/**
 * `@karya/adapters-jit`: the JIT-FS treasury client (`JitClient`), its wire
 * format (`JitWire`) and cryptography (`JitCrypto`). See README.md for what
 * comes next.
 *
 * @since 0.1.0
 */
import { version as coreVersion } from "@karya/core"

export * as AadhaarClient from "./AadhaarClient.js"
export * as AadhaarSimulator from "./AadhaarSimulator.js"
export * as JitClient from "./JitClient.js"
export * as JitCrypto from "./JitCrypto.js"
export * as JitWire from "./JitWire.js"

/**
 * The `@karya/core` version this adapter package is built against.
 *
 * @since 0.1.0
 * @category models
 */
export const builtForCoreVersion: string = coreVersion

export * as JitSimulator from "./JitSimulator.js"
export * as JitSimulatorHandlers from "./JitSimulatorHandlers.js"
export * as JitSimulatorScenario from "./JitSimulatorScenario.js"
export * as JitSimulatorServer from "./JitSimulatorServer.js"
