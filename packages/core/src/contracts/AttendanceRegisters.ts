/**
 * The attendance registers a work order opens and extends (WO-6, TE-4), as
 * the contracts module drives them: an anti-corruption port in front of the
 * attendance module, which owns registers (ATT-1) and numbers them. When a
 * CBO accepts a work order, a register covering the order's start and end
 * dates is opened; when a time extension is approved, the register's end
 * date moves to the revised end date; when the order is cancelled (WO-10)
 * or closed (CLOSE-1), its register is closed (no more attendance).
 *
 * The attendance module provides the production layer and runs it in the
 * use case's transaction (DB-5); `layerMemory` keeps registers in a `Ref`.
 *
 * @since 0.1.0
 */
import { Context, Effect, HashMap, Layer, type Option, Ref, Schema } from "effect"
import { TenantId } from "../config/TenantId.js"
import { LocalDate } from "../time/LocalDate.js"

/**
 * The register a work order asks for: whose order it is, who executes it and
 * the dates it covers (both inclusive).
 *
 * @since 0.1.0
 * @category models
 */
export const RegisterRequest = Schema.Struct({
  tenantId: TenantId,
  workOrderId: Schema.NonEmptyString,
  workOrderNumber: Schema.NonEmptyString,
  projectId: Schema.NonEmptyString,
  organisationId: Schema.NonEmptyString,
  startDate: LocalDate,
  endDate: LocalDate,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RegisterRequest = typeof RegisterRequest.Type

/**
 * A register as the port reports it: as requested, and whether it is still
 * open (until the work order is cancelled or closed).
 *
 * @since 0.1.0
 * @category models
 */
export const KnownRegister = Schema.Struct({
  ...RegisterRequest.fields,
  status: Schema.Literals(["open", "closed"]),
})

/**
 * @since 0.1.0
 * @category models
 */
export type KnownRegister = typeof KnownRegister.Type

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface AttendanceRegistersShape {
  /** Opens the register of an accepted work order (WO-6). */
  readonly open: (request: RegisterRequest) => Effect.Effect<void>
  /** Moves the end date of a work order's register (TE-4). */
  readonly extendTo: (request: {
    readonly tenantId: TenantId
    readonly workOrderId: string
    readonly endDate: LocalDate
  }) => Effect.Effect<void>
  /** Closes the register of a cancelled or closed work order: no more attendance. */
  readonly close: (key: { readonly tenantId: TenantId; readonly workOrderId: string }) => Effect.Effect<void>
  /** The register a work order opened, as last requested; none before acceptance. */
  readonly registerOf: (key: {
    readonly tenantId: TenantId
    readonly workOrderId: string
  }) => Effect.Effect<Option.Option<KnownRegister>>
}

/**
 * The attendance-registers port.
 *
 * @since 0.1.0
 * @category services
 */
export class AttendanceRegisters extends Context.Service<AttendanceRegisters, AttendanceRegistersShape>()(
  "@karya/core/contracts/AttendanceRegisters",
) {}

const keyOf = (key: { readonly tenantId: TenantId; readonly workOrderId: string }): string =>
  JSON.stringify([key.tenantId, key.workOrderId])

/**
 * An in-memory port: registers live in a `Ref` for as long as the layer.
 * Extending a work order that has no register changes nothing.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<AttendanceRegisters> = Layer.effect(
  AttendanceRegisters,
  Effect.map(Ref.make(HashMap.empty<string, KnownRegister>()), (registers) =>
    AttendanceRegisters.of({
      open: (request) =>
        Ref.update(registers, (all) => HashMap.set(all, keyOf(request), { ...request, status: "open" })),
      extendTo: (request) =>
        Ref.update(registers, (all) =>
          HashMap.modify(all, keyOf(request), (register) => ({ ...register, endDate: request.endDate })),
        ),
      close: (key) =>
        Ref.update(registers, (all) =>
          HashMap.modify(all, keyOf(key), (register) => ({ ...register, status: "closed" as const })),
        ),
      registerOf: (key) => Effect.map(Ref.get(registers), HashMap.get(keyOf(key))),
    }),
  ),
)
