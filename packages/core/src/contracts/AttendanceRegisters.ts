/**
 * The attendance registers a work order opens and extends (WO-6, TE-4), as
 * the contracts module drives them: an anti-corruption port in front of the
 * attendance module, which owns registers (ATT-1) and numbers them. When a
 * CBO accepts a work order, a register covering the order's start and end
 * dates is opened; when a time extension is approved, the register's end
 * date moves to the revised end date; when the order is cancelled (WO-10)
 * or closed (CLOSE-1), its register is closed (no more attendance).
 *
 * `layerFromAttendance` implements the port with the attendance module's
 * use cases and registers (run it in the use case's transaction, DB-5);
 * `layerMemory` keeps registers in a `Ref`.
 *
 * @since 0.1.0
 */
import { Context, Effect, HashMap, Layer, Option, Ref, Schema } from "effect"
import type { AttendanceRegister } from "../attendance/AttendanceRegister.js"
import { AttendanceRegisterRepository } from "../attendance/AttendanceRegisterRepository.js"
import {
  closeAttendanceRegister,
  createAttendanceRegister,
  extendAttendanceRegister,
  registerOfWorkOrder,
} from "../attendance/AttendanceRegisterUseCases.js"
import { TenantId } from "../config/TenantId.js"
import { TenantSettings } from "../config/TenantSettings.js"
import { IdSequence } from "../ids/IdSequence.js"
import type { Organisation } from "../registries/Organisation.js"
import { OrganisationRepository } from "../registries/OrganisationRepository.js"
import { isAfter, isBefore, LocalDate } from "../time/LocalDate.js"
import type { WorkOrder } from "./WorkOrder.js"
import { WorkOrderRepository } from "./WorkOrderRepository.js"

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

/**
 * The register staff of a CBO for a register window (ATT-1): its active
 * staff (admins and managers, ORG-2) employed at some time in the window,
 * each serving from the later of the register's start and their employment,
 * until their employment ends.
 *
 * @since 0.1.0
 * @category conversions
 */
export const registerStaffOf = (
  organisation: Pick<Organisation, "staff">,
  window: { readonly startDate: LocalDate; readonly endDate: LocalDate },
): ReadonlyArray<{ readonly userId: string; readonly from: LocalDate; readonly to?: LocalDate }> =>
  organisation.staff
    .filter(
      (member) =>
        member.status === "ACTIVE" &&
        !isAfter(member.employedFrom, window.endDate) &&
        (member.employedTo === undefined || !isBefore(member.employedTo, window.startDate)),
    )
    .map((member) => ({
      userId: member.userId,
      from: isAfter(member.employedFrom, window.startDate) ? member.employedFrom : window.startDate,
      ...(member.employedTo === undefined ? {} : { to: member.employedTo }),
    }))

/**
 * The services `layerFromAttendance` reads and writes.
 *
 * @since 0.1.0
 * @category models
 */
export type AttendanceServices =
  | AttendanceRegisterRepository
  | IdSequence
  | OrganisationRepository
  | WorkOrderRepository
  | TenantSettings

const openRegister = Effect.fn("Contracts.openAttendanceRegister")(function* (request: RegisterRequest) {
  const organisation = yield* OrganisationRepository.use((repository) =>
    repository.get({ tenantId: request.tenantId, id: request.organisationId }),
  ).pipe(
    Effect.catchTag("OrganisationNotFound", () =>
      Effect.die(
        `organisation ${request.organisationId} of work order ${request.workOrderNumber} is not registered in ${request.tenantId}`,
      ),
    ),
  )
  yield* createAttendanceRegister({
    tenantId: request.tenantId,
    workOrderId: request.workOrderId,
    organisationId: request.organisationId,
    startDate: request.startDate,
    endDate: request.endDate,
    staff: registerStaffOf(organisation, request),
  })
})

const knownRegister = Effect.fn("Contracts.knownRegister")(function* (register: AttendanceRegister) {
  const workOrder = yield* WorkOrderRepository.use((repository) =>
    repository.get({ tenantId: register.tenantId, id: register.workOrderId }),
  ).pipe(
    Effect.map(Option.some),
    Effect.catchTag("WorkOrderNotFound", () => Effect.succeed(Option.none<WorkOrder>())),
  )
  return Option.map(
    workOrder,
    (order): KnownRegister => ({
      tenantId: register.tenantId,
      workOrderId: register.workOrderId,
      workOrderNumber: order.number,
      projectId: order.projectId,
      organisationId: register.organisationId,
      startDate: register.startDate,
      endDate: register.endDate,
      status: register.status === "ACTIVE" ? "open" : "closed",
    }),
  )
})

/**
 * The port over the attendance module (WO-6, TE-4, ATT-1): `open` creates
 * the order's register with `createAttendanceRegister`, its staff the CBO's
 * (`registerStaffOf`, from the registries' organisation); `extendTo` moves
 * its end with `extendAttendanceRegister`; `close` makes it inactive with
 * `closeAttendanceRegister`; `registerOf` reads it back.
 *
 * Decisions where the spec is silent:
 * - the attendance register stores neither the work order's number nor its
 *   project: `registerOf` reads them from the work order (contracts' own
 *   store), so nothing is copied; a register without a work order is none;
 * - as in `layerMemory`, extending or closing an order without a register
 *   changes nothing, and so does extending to the register's own end date or
 *   closing a closed register (a retry);
 * - the port has no error channel: a tenant `TenantSettings` does not know,
 *   an organisation not in the registries, a refusal of the attendance
 *   module (a second register, an earlier end date) or a store failure is a
 *   defect, which rolls back the caller's transaction (DB-5).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromAttendance: Layer.Layer<AttendanceRegisters, never, AttendanceServices> = Layer.effect(
  AttendanceRegisters,
  Effect.map(Effect.context<AttendanceServices>(), (context) => {
    // Only the stores: the caller's clock and randomness stay the caller's.
    const attendance = Context.pick(
      AttendanceRegisterRepository,
      IdSequence,
      OrganisationRepository,
      WorkOrderRepository,
      TenantSettings,
    )(context)
    const run = <A, E>(effect: Effect.Effect<A, E, AttendanceServices>): Effect.Effect<A> =>
      effect.pipe(Effect.orDie, Effect.provideContext(attendance))
    return AttendanceRegisters.of({
      open: (request) => run(openRegister(request)),
      extendTo: (request) =>
        run(
          Effect.gen(function* () {
            const register = yield* registerOfWorkOrder(request)
            if (Option.isNone(register) || register.value.endDate === request.endDate) return
            yield* extendAttendanceRegister({
              tenantId: request.tenantId,
              workOrderId: request.workOrderId,
              endDate: request.endDate,
            })
          }),
        ),
      close: (key) =>
        run(
          Effect.gen(function* () {
            const register = yield* registerOfWorkOrder(key)
            if (Option.isNone(register) || register.value.status === "INACTIVE") return
            yield* closeAttendanceRegister({ tenantId: key.tenantId, registerId: register.value.id })
          }),
        ),
      registerOf: (key) =>
        run(
          Effect.flatMap(registerOfWorkOrder(key), (register) =>
            Option.isNone(register)
              ? Effect.succeed(Option.none<KnownRegister>())
              : knownRegister(register.value),
          ),
        ),
    })
  }),
)
