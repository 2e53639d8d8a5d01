/**
 * The payees port (BILL-1, BILL-3): wage seekers, organisations and
 * departments as bill payees (id, kind, name, deductee type), and the
 * department payee that receives each deduction head (labour cess to the
 * construction workers' welfare board, TDS to the income-tax department…).
 * `layerFromRegistries` implements it over the registries' wage seekers and
 * organisations; `layerMemory` over fixed lists.
 *
 * Decisions:
 * - an entry held in a state tenant serves every ULB under it (a welfare
 *   board is a state body), as role grants do (TEN-1);
 * - the registries have no department register yet, so the department
 *   payee of each deduction head is tenant data passed to either layer.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Option, Schema } from "effect"
import { reaches, TenantId } from "../config/TenantId.js"
import type { StoreUnavailable } from "../persistence/StoreUnavailable.js"
import type { Organisation } from "../registries/Organisation.js"
import { OrganisationRepository } from "../registries/OrganisationRepository.js"
import { WageSeekerRepository } from "../registries/WageSeekerRepository.js"
import { type DeducteeType, Payee, type PayeeKind } from "./Bill.js"

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
  static readonly category = "notFound"
  readonly code = PayeeNotFound.code
  readonly category = PayeeNotFound.category
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
  static readonly category = "rule"
  readonly code = DeductionDepartmentMissing.code
  readonly category = DeductionDepartmentMissing.category
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

const departmentOfHead = (
  headDepartments: ReadonlyArray<HeadDepartment>,
  request: { readonly tenantId: TenantId; readonly headCode: string },
): Option.Option<Payee> =>
  Option.fromNullishOr(
    headDepartments.find(
      (entry) =>
        reaches({ holder: entry.tenantId, record: request.tenantId }) && entry.headCode === request.headCode,
    )?.department,
  )

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
      departmentForHead: (request) => Effect.succeed(departmentOfHead(registry.headDepartments, request)),
    }),
  )

/**
 * How income tax is deducted from an organisation's bills (BILL-P-2): as an
 * individual when its PAN is a person's or a Hindu undivided family's (the
 * PAN's fourth character is `P` or `H`, the holders section 194C deducts at
 * the lower rate; a sole proprietorship trades on its owner's PAN), else, and
 * when it has no PAN, as other than an individual.
 *
 * @since 0.1.0
 * @category conversions
 */
export const deducteeTypeOf = (organisation: Pick<Organisation, "taxIdentifiers">): DeducteeType => {
  const holderStatus = organisation.taxIdentifiers.pan?.charAt(3)
  return holderStatus === "P" || holderStatus === "H" ? "individual" : "otherThanIndividual"
}

const payeeFromRegistries = (
  request: { readonly tenantId: TenantId; readonly kind: PayeeKind; readonly payeeId: string },
  headDepartments: ReadonlyArray<HeadDepartment>,
): Effect.Effect<Option.Option<Payee>, StoreUnavailable, WageSeekerRepository | OrganisationRepository> => {
  const query = { tenantId: request.tenantId, id: request.payeeId }
  switch (request.kind) {
    case "individual":
      return WageSeekerRepository.use((repository) =>
        repository.get(query).pipe(
          Effect.map(
            (wageSeeker): Option.Option<Payee> =>
              Option.some({
                id: wageSeeker.id,
                kind: "individual",
                name: wageSeeker.name,
                deducteeType: "individual",
              }),
          ),
          Effect.catchTag("WageSeekerNotFound", () => Effect.succeed(Option.none<Payee>())),
        ),
      )
    case "organisation":
      return OrganisationRepository.use((repository) =>
        repository.get(query).pipe(
          Effect.map(
            (organisation): Option.Option<Payee> =>
              Option.some({
                id: organisation.id,
                kind: "organisation",
                name: organisation.name,
                deducteeType: deducteeTypeOf(organisation),
              }),
          ),
          Effect.catchTag("OrganisationNotFound", () => Effect.succeed(Option.none<Payee>())),
        ),
      )
    case "department":
      return Effect.succeed(
        Option.fromNullishOr(
          headDepartments.find(
            (entry) =>
              reaches({ holder: entry.tenantId, record: request.tenantId }) &&
              entry.department.id === request.payeeId,
          )?.department,
        ),
      )
  }
}

/**
 * The port over the registries (IND-1, ORG-1, BILL-3): a wage seeker is an
 * individual payee and an organisation an organisation payee, each under
 * its registered name and found in the tenant's registry; an organisation's
 * deductee type comes from its PAN (`deducteeTypeOf`). Department payees
 * are those of `headDepartments`, the department of each deduction head.
 *
 * The port has no failure channel, so a registry that cannot be reached
 * (`STORE_UNAVAILABLE`) is a defect here: the bill request fails whole,
 * and since bills write last, nothing is stored.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFromRegistries = (
  headDepartments: ReadonlyArray<HeadDepartment>,
): Layer.Layer<Payees, never, WageSeekerRepository | OrganisationRepository> =>
  Layer.effect(
    Payees,
    Effect.map(Effect.context<WageSeekerRepository | OrganisationRepository>(), (registries) =>
      Payees.of({
        payee: (request) =>
          payeeFromRegistries(request, headDepartments).pipe(Effect.orDie, Effect.provideContext(registries)),
        departmentForHead: (request) => Effect.succeed(departmentOfHead(headDepartments, request)),
      }),
    ),
  )
