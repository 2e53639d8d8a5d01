import { assert, it } from "@effect/vitest"
import * as Core from "@karya/core"
import { Bills, Config, Errors, Payments, Persistence, Registries, Workflow } from "@karya/core"
import { Problem, ProblemCodes } from "@karya/http"
import { Context, Effect } from "effect"
import { makeHarness, makeHarnessWith } from "./support/Harness.js"

const Repository = Payments.PaymentInstructionRepository.PaymentInstructionRepository

const withRepository = (
  change: (
    repository: Payments.PaymentInstructionRepository.PaymentInstructionRepositoryShape,
  ) => Partial<Payments.PaymentInstructionRepository.PaymentInstructionRepositoryShape>,
) =>
  makeHarnessWith((context) => {
    const repository = Context.get(context, Repository)
    return Context.add(context, Repository, { ...repository, ...change(repository) })
  })

it.effect("API-3 an unexpected defect is a 500 problem with a generic detail: no stack trace, no SQL", () =>
  Effect.gen(function* () {
    const { send, token } = yield* withRepository(() => ({
      find: () =>
        Effect.die(
          new Error('relation "payment_instruction" does not exist: SELECT * FROM payment_instruction'),
        ),
    }))
    const response = yield* send({
      path: "/v1/payment-instructions",
      token: yield* token({ roles: ["VIEWER"] }),
    })
    assert.strictEqual(response.status, 500)
    assert.strictEqual(response.headers.get("content-type"), "application/problem+json")
    const problem = response.json as { code: string; detail: string; title: string }
    assert.strictEqual(problem.code, ProblemCodes.internalError.code)
    assert.strictEqual(problem.detail, ProblemCodes.internalError.detail)
    assert.notInclude(response.text, "SELECT")
    assert.notInclude(response.text, "payment_instruction")
    assert.notInclude(response.text, "Error:")
  }),
)

it.effect("API-3 a store that cannot be reached is a 503 problem (retry later), with the domain code", () =>
  Effect.gen(function* () {
    const { send, token } = yield* withRepository(() => ({
      find: () =>
        Effect.fail(
          new Persistence.StoreUnavailable.StoreUnavailable({ store: "PaymentInstruction", retryable: true }),
        ),
    }))
    const response = yield* send({
      path: "/v1/payment-instructions",
      token: yield* token({ roles: ["VIEWER"] }),
    })
    assert.strictEqual(response.status, 503)
    assert.strictEqual((response.json as { code: string }).code, "STORE_UNAVAILABLE")
  }),
)

it.effect("API-3 an unknown route and an unsupported content type are problems too (404, 415)", () =>
  Effect.gen(function* () {
    const { send, token } = yield* makeHarness
    const unknown = yield* send({ path: "/v1/nothing-here" })
    assert.strictEqual(unknown.status, 404)
    assert.strictEqual((unknown.json as { code: string }).code, "ROUTE_NOT_FOUND")
    const text = yield* send({
      method: "POST",
      path: "/v1/bills",
      token: yield* token({ roles: ["BILL_APPROVER"] }),
      rawBody: "billId=1",
      headers: { "content-type": "text/plain" },
    })
    assert.strictEqual(text.status, 415)
    assert.strictEqual(text.headers.get("content-type"), "application/problem+json")
  }),
)

/** A stand-in for an instance of a domain error class: its code and category, as a real one carries them. */
const domain = (errorClass: Errors.DomainError.DomainErrorClass, retryable = false) => ({
  _tag: errorClass.name,
  code: errorClass.code,
  category: errorClass.category,
  message: `${errorClass.code} happened`,
  retryable,
})

const statusOf = (error: unknown) => (Problem.fromError(error) as { status: number }).status

it("API-3 domain codes map to statuses: not found 404, stale and duplicates 409, roles 403, rules 422", () => {
  assert.strictEqual(statusOf(domain(Bills.BillRepository.BillNotFound)), 404)
  assert.strictEqual(statusOf(domain(Config.TenantSettings.TenantNotServed)), 404)
  assert.strictEqual(statusOf(domain(Workflow.WorkflowEngine.StaleVersion, true)), 409)
  assert.strictEqual(statusOf(domain(Payments.PaymentInstructionIssue.PiExists)), 409)
  assert.strictEqual(statusOf(domain(Persistence.IdempotencyKeys.IdempotencyKeyReused)), 409)
  assert.strictEqual(statusOf(domain(Workflow.WorkflowEngine.RoleNotAllowed)), 403)
  assert.strictEqual(statusOf(domain(Payments.PushValidation.InsufficientFunds, true)), 422)
  assert.strictEqual(statusOf(domain(Registries.RegistryUnavailable.RegistryUnavailable, true)), 503)
  assert.strictEqual(statusOf(new Error("boom")), 500)
  assert.strictEqual(
    (Problem.fromError(new Error("secret")) as { detail: string }).detail,
    ProblemCodes.internalError.detail,
  )
})

/** Every error class registered by a module of `@karya/core` (each namespace's `errorClasses`). */
const coreErrorClasses: ReadonlyArray<Errors.DomainError.DomainErrorClass> = Object.values(Core).flatMap(
  (moduleNamespace) =>
    typeof moduleNamespace === "object" && "errorClasses" in moduleNamespace
      ? (moduleNamespace.errorClasses as ReadonlyArray<Errors.DomainError.DomainErrorClass>)
      : [],
)

const allErrorClasses = [...coreErrorClasses, ...ProblemCodes.errorClasses]

it("API-3 every registered error class of core and of the HTTP layer maps to a status through its category", () => {
  assert.isAbove(coreErrorClasses.length, 100)
  const unmapped = allErrorClasses
    .filter((errorClass) => !Object.hasOwn(Problem.statusOfCategory, errorClass.category))
    .map((errorClass) => `${errorClass.code} (${String(errorClass.category)})`)
  assert.deepStrictEqual(unmapped, [])
  for (const errorClass of allErrorClasses) {
    const status = statusOf(domain(errorClass))
    assert.strictEqual(status, Problem.statusOfCategory[errorClass.category], errorClass.code)
    assert.notStrictEqual(status, 500, errorClass.code)
  }
})

it("API-3 a value with a code but no known category is not a domain error: it is a 500", () => {
  const unknown = { ...domain(Workflow.WorkflowEngine.StaleVersion), category: "teapot" }
  assert.strictEqual(statusOf(unknown), 500)
  const { category: _, ...without } = domain(Workflow.WorkflowEngine.StaleVersion)
  assert.strictEqual(statusOf(without), 500)
})

it("API-3 the category table: stale 409, unknown record 404, unavailable 503, role 403, bad values and rules 422", () => {
  const statusOfClass = (errorClass: Errors.DomainError.DomainErrorClass) =>
    Problem.statusOfCategory[errorClass.category]
  assert.strictEqual(statusOfClass(Workflow.WorkflowEngine.StaleVersion), 409)
  assert.strictEqual(statusOfClass(Bills.BillRepository.BillNotFound), 404)
  assert.strictEqual(statusOfClass(Registries.WageSeeker.WageSeekerNotFound), 404)
  assert.strictEqual(
    statusOfClass(Payments.PaymentInstructionRepository.PaymentInstructionStoreUnavailable),
    503,
  )
  assert.strictEqual(statusOfClass(Registries.AadhaarGateway.AadhaarCheckFailed), 503)
  assert.strictEqual(statusOfClass(Workflow.WorkflowEngine.RoleNotAllowed), 403)
  assert.strictEqual(statusOfClass(Errors.ValidationFailed), 422)
  assert.strictEqual(statusOfClass(Payments.PushValidation.InsufficientFunds), 422)
  assert.deepStrictEqual(
    Errors.ErrorCategory.categories.map((category) => Problem.statusOfCategory[category]),
    [422, 401, 403, 404, 409, 422, 503],
  )
})

it("API-3 the HTTP layer's own codes are catalogued once, each with its status, and none takes a core code by accident", () => {
  const problemCodes = ProblemCodes.problemCodes.map((entry) => entry.code)
  const fieldCodes = ProblemCodes.fieldCodes.map((entry) => entry.code)
  const codes = [
    ...problemCodes,
    ...fieldCodes,
    ...ProblemCodes.errorClasses.map((errorClass) => errorClass.code),
  ]
  assert.strictEqual(new Set(codes).size, codes.length)
  for (const code of codes) assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/)
  const coreCodes = new Map(coreErrorClasses.map((errorClass) => [errorClass.code, errorClass]))
  const borrowed = codes.filter((code) => coreCodes.has(code))
  assert.deepStrictEqual(borrowed, [ProblemCodes.roleNotAllowed.code, ProblemCodes.cursorInvalid.code])
  const role = coreCodes.get(ProblemCodes.roleNotAllowed.code)
  assert.strictEqual(role === undefined ? undefined : Problem.statusOfCategory[role.category], 403)
  assert.strictEqual(ProblemCodes.roleNotAllowed.status, 403)
  for (const entry of ProblemCodes.problemCodes) assert.isString(ProblemCodes.titles[entry.status])
  assert.strictEqual(Problem.of(ProblemCodes.tokenMissing).status, 401)
  assert.strictEqual(Problem.of(ProblemCodes.tokenMissing).detail, ProblemCodes.tokenMissing.detail)
  assert.strictEqual(Problem.of(ProblemCodes.tenantNotAllowed, { detail: "elsewhere" }).detail, "elsewhere")
})
