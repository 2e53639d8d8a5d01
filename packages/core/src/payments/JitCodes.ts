/**
 * The rules of the treasury codes a tenant pays with (PI-4, PI-V-1): the DDO,
 * grantee and scheme codes and SSU id every payment instruction header
 * carries, the department code of correction bills (COR) and the application
 * name the payment and failure details services (PD, FD) are asked with. The
 * codes are a section of the tenant's configuration
 * (`Config.TenantConfiguration.JitCodes`, `configuration.jitCodes`). A code
 * not yet known is the empty string; pushing is then refused with
 * `PI_CONFIG_MISSING` (PI-V-1) instead of sending JIT a header it would
 * reject.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { JitCodes } from "../config/TenantConfiguration.js"

/**
 * The JIT codes a MUKTA ULB is set up with, given its own DDO, grantee and SSU
 * codes (the scheme code 13145 and the application name MUKTA are Odisha's).
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaJitCodes = (codes: {
  readonly ddoCode: string
  readonly granteeCode: string
  readonly ssuId: string
}): JitCodes => ({
  ...codes,
  schemeCode: "13145",
  departmentCode: "MUKTA",
  externalApplicationName: "MUKTA",
})

/**
 * Decodes JIT codes written as data, throwing when malformed. For constants
 * and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeJitCodesUnsafe = (input: unknown): JitCodes => Schema.decodeUnknownSync(JitCodes)(input)

/**
 * The names of the codes PI-V-1 requires for a push, by PI kind: an original
 * PI's header needs the DDO, grantee, scheme and SSU codes; a revised PI (COR)
 * needs the department code.
 *
 * @since 0.1.0
 * @category models
 */
export const requiredCodes = {
  original: ["ddoCode", "granteeCode", "schemeCode", "ssuId"],
  revised: ["departmentCode"],
} as const satisfies Record<"original" | "revised", ReadonlyArray<keyof JitCodes>>

/**
 * The codes of `requiredCodes[kind]` that are empty.
 *
 * @since 0.1.0
 * @category conversions
 */
export const missingCodes = (
  codes: JitCodes,
  kind: keyof typeof requiredCodes,
): ReadonlyArray<keyof JitCodes> => requiredCodes[kind].filter((name) => codes[name].trim() === "")
