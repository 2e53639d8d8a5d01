/**
 * The labour skills a wage seeker may have (IND-1, SOR-4): a skill is the
 * code of a labour SOR item (`SOR_000197`), whose effective rate is the daily
 * wage (BILL-W-2). Registries only need to know which codes are labour SORs
 * of the tenant; the rates module implements this port from its schedule of
 * rates, and tests script it with `layerMemory`.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import type { RegistryUnavailable } from "./RegistryUnavailable.js"

/**
 * A skill: the code of a labour SOR item.
 *
 * @since 0.1.0
 * @category models
 */
export const SkillCode = Schema.String.check(
  Schema.makeFilter((text: string) =>
    /^[A-Za-z0-9_./-]{1,64}$/.test(text) ? undefined : `"${text}" is not a labour SOR code`,
  ),
)

/**
 * @since 0.1.0
 * @category models
 */
export type SkillCode = typeof SkillCode.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface LabourSkillsShape {
  /** The codes among `codes` that are not active labour SOR items of the tenant. */
  readonly unknownCodes: (query: {
    readonly tenantId: TenantId
    readonly codes: ReadonlyArray<string>
  }) => Effect.Effect<ReadonlyArray<string>, RegistryUnavailable>
}

/**
 * The labour-skills port.
 *
 * @since 0.1.0
 * @category services
 */
export class LabourSkills extends Context.Service<LabourSkills, LabourSkillsShape>()(
  "@karya/core/registries/LabourSkills",
) {}

/**
 * A fixed list of labour SOR codes, the same for every tenant. For tests and
 * demos.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (codes: ReadonlyArray<string>): Layer.Layer<LabourSkills> =>
  Layer.succeed(
    LabourSkills,
    LabourSkills.of({
      unknownCodes: (query) => Effect.succeed(query.codes.filter((code) => !codes.includes(code))),
    }),
  )
