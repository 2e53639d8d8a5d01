/**
 * The payees port (BILL-1, BILL-3): wage seekers, organisations and
 * departments as bill payees (id, kind, name, deductee type), and the
 * department payee that receives each deduction head (labour cess to the
 * construction workers' welfare board, TDS to the income-tax department…).
 * The registries module implements it.
 *
 * Decision: an entry held in a state tenant serves every ULB under it (a
 * welfare board is a state body), as role grants do (TEN-1).
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import { reaches, TenantId } from "../config/TenantId.js"
import { Payee, type PayeeKind } from "./Bill.js"

/**
 * Payees named on a bill are not registered in the tenant.
 *
 * @since 0.1.0
 * @category errors
 */
export class PayeeNotFound extends Schema.TaggedError<PayeeNotFound>("@karya/core/bills/PayeeNotFound")(
  "PayeeNotFound",
  {
    tenantId: Schema.String,
    kind: Schema.String,
    payeeIds: Schema.NonEmptyArray(Schema.String),
  },
) {
  static readonly code = "PAYEE_NOT_FOUND"
  readonly code = PayeeNotFound.code
  readonly retryable = false
  override get message(): string {
    const noun = this.kind === "individual" ? "wage seeker" : this.kind
    return `No ${noun} ${this.payeeIds.join(", ")} is registered in ${this.tenantId}; register ${this.payeeIds.length === 1 ? "it" : "them"} or correct the bill's payees.`
  }
}

/**
 * No department is set up to receive these deduction heads (BILL-3).
 *
 * @since 0.1.0
 * @category errors
 */
export class DeductionDepartmentMissing extends Schema.TaggedError<DeductionDepartmentMissing>(
  "@karya/core/bills/DeductionDepartmentMissing",
)("DeductionDepartmentMissing", {
  tenantId: Schema.String,
  headCodes: Schema.NonEmptyArray(Schema.String),
}) {
  static readonly code = "DEDUCTION_DEPARTMENT_MISSING"
  readonly code = DeductionDepartmentMissing.code
  readonly retryable = false
  override get message(): string {
    return `No department payee receives the deduction head${this.headCodes.length === 1 ? "" : "s"} ${this.headCodes.join(", ")} in ${this.tenantId}, so the deduction could not be paid over; ask the administrator to register the department's account for ${this.headCodes.length === 1 ? "it" : "each"}.`
  }
}

/**
 * The port's operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface PayeesShape {
  readonly payee: (request: {
    readonly tenantId: TenantId
    readonly kind: PayeeKind
    readonly payeeId: string
  }) => Effect.Effect<Option.Option<Payee>>
  /** The department payee that receives a deduction head (BILL-3). */
  readonly departmentForHead: (request: {
    readonly tenantId: TenantId
    readonly headCode: string
  }) => Effect.Effect<Option.Option<Payee>>
}

/**
 * The payees port.
 *
 * @since 0.1.0
 * @category services
 */
export class Payees extends Context.Service<Payees, PayeesShape>()("@karya/core/bills/Payees") {}

/**
 * The payees of one kind, in the order of `payeeIds`, or `PayeeNotFound`
 * naming every id that is missing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const payeesOf = (request: {
  readonly tenantId: TenantId
  readonly kind: PayeeKind
  readonly payeeIds: ReadonlyArray<string>
}): Effect.Effect<ReadonlyArray<Payee>, PayeeNotFound, Payees> =>
  Effect.gen(function* () {
    const payees = yield* Payees
    const found = yield* Effect.forEach(request.payeeIds, (payeeId) =>
      payees.payee({ tenantId: request.tenantId, kind: request.kind, payeeId }),
    )
    const [missing, ...moreMissing] = request.payeeIds.filter((_, index) =>
      Option.isNone(found[index] ?? Option.none()),
    )
    if (missing !== undefined) {
      return yield* new PayeeNotFound({
        tenantId: request.tenantId,
        kind: request.kind,
        payeeIds: [missing, ...moreMissing],
      })
    }
    return found.flatMap((payee) => (Option.isSome(payee) ? [payee.value] : []))
  })

/**
 * The department payee of each head, keyed by head code, or
 * `DeductionDepartmentMissing` naming every head without one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const departmentsFor = (request: {
  readonly tenantId: TenantId
  readonly headCodes: ReadonlyArray<string>
}): Effect.Effect<ReadonlyMap<string, Payee>, DeductionDepartmentMissing, Payees> =>
  Effect.gen(function* () {
    const payees = yield* Payees
    const headCodes = [...new Set(request.headCodes)]
    const found = yield* Effect.forEach(headCodes, (headCode) =>
      payees.departmentForHead({ tenantId: request.tenantId, headCode }),
    )
    const departments = new Map<string, Payee>()
    const missing: Array<string> = []
    headCodes.forEach((headCode, index) => {
      const department = found[index] ?? Option.none()
      if (Option.isSome(department)) departments.set(headCode, department.value)
      else missing.push(headCode)
    })
    const [first, ...rest] = missing
    if (first !== undefined) {
      return yield* new DeductionDepartmentMissing({
        tenantId: request.tenantId,
        headCodes: [first, ...rest],
      })
    }
    return departments
  })

/**
 * A payee registered in a tenant.
 *
 * @since 0.1.0
 * @category models
 */
export const RegisteredPayee = Schema.Struct({ tenantId: TenantId, payee: Payee })

/**
 * @since 0.1.0
 * @category models
 */
export type RegisteredPayee = typeof RegisteredPayee.Type

/**
 * The department payee that receives a deduction head in a tenant.
 *
 * @since 0.1.0
 * @category models
 */
export const HeadDepartment = Schema.Struct({
  tenantId: TenantId,
  headCode: Schema.NonEmptyString,
  department: Payee,
})

/**
 * @since 0.1.0
 * @category models
 */
export type HeadDepartment = typeof HeadDepartment.Type

/**
 * An in-memory port over fixed lists of payees and head departments.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (registry: {
  readonly payees: ReadonlyArray<RegisteredPayee>
  readonly headDepartments: ReadonlyArray<HeadDepartment>
}): Layer.Layer<Payees> =>
  Layer.succeed(
    Payees,
    Payees.of({
      payee: ({ tenantId, kind, payeeId }) =>
        Effect.succeed(
          Option.fromNullishOr(
            registry.payees.find(
              (entry) =>
                reaches({ holder: entry.tenantId, record: tenantId }) &&
                entry.payee.kind === kind &&
                entry.payee.id === payeeId,
            )?.payee,
          ),
        ),
      departmentForHead: ({ tenantId, headCode }) =>
        Effect.succeed(
          Option.fromNullishOr(
            registry.headDepartments.find(
              (entry) => reaches({ holder: entry.tenantId, record: tenantId }) && entry.headCode === headCode,
            )?.department,
          ),
        ),
    }),
  )
