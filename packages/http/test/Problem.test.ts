import { assert, it } from "@effect/vitest"
import { Payments } from "@karya/core"
import { Problem } from "@karya/http"
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
      findByStatus: () =>
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
    assert.strictEqual(problem.code, Problem.internalErrorCode)
    assert.strictEqual(problem.detail, Problem.internalErrorDetail)
    assert.notInclude(response.text, "SELECT")
    assert.notInclude(response.text, "payment_instruction")
    assert.notInclude(response.text, "Error:")
  }),
)

it.effect("API-3 a store that cannot be reached is a 503 problem (retry later), with the domain code", () =>
  Effect.gen(function* () {
    const { send, token } = yield* withRepository(() => ({
      findByStatus: (tenantId) =>
        Effect.fail(
          new Payments.PaymentInstructionRepository.PaymentInstructionStoreUnavailable({
            tenantId,
            reason: "connection refused",
          }),
        ),
    }))
    const response = yield* send({
      path: "/v1/payment-instructions",
      token: yield* token({ roles: ["VIEWER"] }),
    })
    assert.strictEqual(response.status, 503)
    assert.strictEqual((response.json as { code: string }).code, "PAYMENT_INSTRUCTION_STORE_UNAVAILABLE")
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

it("API-3 domain codes map to statuses: not found 404, stale and duplicates 409, roles 403, rules 422", () => {
  const domain = (code: string, retryable = false) => ({
    _tag: "X",
    code,
    message: `${code} happened`,
    retryable,
  })
  const statusOf = (error: unknown) => (Problem.fromError(error) as { status: number }).status
  assert.strictEqual(statusOf(domain("BILL_NOT_FOUND")), 404)
  assert.strictEqual(statusOf(domain("TENANT_NOT_SERVED")), 404)
  assert.strictEqual(statusOf(domain("STALE_VERSION")), 409)
  assert.strictEqual(statusOf(domain("PI_EXISTS")), 409)
  assert.strictEqual(statusOf(domain("IDEMPOTENCY_KEY_REUSED")), 409)
  assert.strictEqual(statusOf(domain("ROLE_NOT_ALLOWED")), 403)
  assert.strictEqual(statusOf(domain("INSUFFICIENT_FUNDS")), 422)
  assert.strictEqual(statusOf(domain("REGISTRY_UNAVAILABLE", true)), 503)
  assert.strictEqual(statusOf(new Error("boom")), 500)
  assert.strictEqual(
    (Problem.fromError(new Error("secret")) as { detail: string }).detail,
    Problem.internalErrorDetail,
  )
})
