import { assert, describe, it } from "@effect/vitest"
import { aadhaarNumberArbitrary, sampleOrganisationInput, sampleWageSeekerInput } from "@karya/core/testing"
import { Effect } from "effect"
import * as fc from "fast-check"
import { makeHarness } from "./support/Harness.js"

interface WageSeekerJson {
  readonly id: string
  readonly number: string
  readonly identity: { readonly documentType: string; readonly documentNumber: string }
  readonly mobileNumber: string
  readonly bankAccount: { readonly accountNumber: string; readonly ifsc: string }
}

interface ProblemJson {
  readonly status: number
  readonly code: string
  readonly errors: ReadonlyArray<{ readonly field: string; readonly code: string; readonly message: string }>
}

const [aadhaar] = fc.sample(aadhaarNumberArbitrary, { seed: 42, numRuns: 1 })
const aadhaarNumber = aadhaar ?? "234123412346"

const withAadhaar = sampleWageSeekerInput({
  identity: { documentType: "AADHAAR", documentNumber: aadhaarNumber },
})

const registrar = { roles: ["WAGE_SEEKER_REGISTRAR"] }

describe("wage seekers", () => {
  it.effect("API-1 POST /v1/wage-seekers registers a wage seeker (201) and GET reads it back", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const created = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        body: sampleWageSeekerInput(),
      })
      assert.strictEqual(created.status, 201, created.text)
      const view = created.json as WageSeekerJson
      const read = yield* send({
        path: `/v1/wage-seekers/${view.id}`,
        token: yield* token({ roles: ["VIEWER"] }),
      })
      assert.strictEqual(read.status, 200)
      assert.strictEqual((read.json as WageSeekerJson).number, view.number)
    }),
  )

  it.effect("PRIV-1 AAD-4 a viewer sees Aadhaar 'Undisclosed' and masked account, IFSC and mobile", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const created = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        body: withAadhaar,
      })
      assert.strictEqual(created.status, 201, created.text)
      const { id } = created.json as WageSeekerJson
      const masked = (yield* send({
        path: `/v1/wage-seekers/${id}`,
        token: yield* token({ roles: ["VIEWER"] }),
      })).json as WageSeekerJson
      assert.strictEqual(masked.identity.documentNumber, "Undisclosed")
      assert.strictEqual(masked.bankAccount.accountNumber, "********7621")
      assert.strictEqual(masked.bankAccount.ifsc, "ICIC*****47")
      assert.strictEqual(masked.mobileNumber, "******2345")
      assert.notInclude(JSON.stringify(masked), aadhaarNumber)
      assert.notInclude(JSON.stringify(created.json), aadhaarNumber)
    }),
  )

  it.effect("PRIV-1 AAD-4 VIEW_WS_UNMASKED sees the account in full but Aadhaar only as ********1234", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const created = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        body: withAadhaar,
      })
      const { id } = created.json as WageSeekerJson
      const unmasked = (yield* send({
        path: `/v1/wage-seekers/${id}`,
        token: yield* token({ roles: ["VIEWER", "VIEW_WS_UNMASKED"] }),
      })).json as WageSeekerJson
      assert.strictEqual(unmasked.identity.documentNumber, `********${aadhaarNumber.slice(-4)}`)
      assert.strictEqual(unmasked.bankAccount.accountNumber, "123456787621")
      assert.strictEqual(unmasked.bankAccount.ifsc, "ICIC0001247")
      assert.notInclude(JSON.stringify(unmasked), aadhaarNumber)
    }),
  )

  it.effect("API-3 a malformed body is a 400 problem+json listing every field at once", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const { name: _name, gender: _gender, ...rest } = sampleWageSeekerInput()
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        body: { ...rest, dateOfBirth: "15/06/1990" },
      })
      assert.strictEqual(response.status, 400)
      assert.strictEqual(response.headers.get("content-type"), "application/problem+json")
      const problem = response.json as ProblemJson
      assert.strictEqual(problem.code, "REQUEST_INVALID")
      const fields = problem.errors.map((error) => error.field)
      assert.includeMembers(fields, ["name", "gender", "dateOfBirth"])
      assert.notInclude(response.text, "at ")
    }),
  )

  it.effect("API-3 a body that is not JSON is a 400 problem, never a 500", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        rawBody: "{nope",
      })
      assert.strictEqual(response.status, 400)
      assert.strictEqual((response.json as ProblemJson).code, "REQUEST_INVALID")
    }),
  )

  it.effect("API-3 a form the domain refuses is a 422 with every field problem (VALIDATION_FAILED)", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        body: sampleWageSeekerInput({ mobileNumber: "12", skills: [] }),
      })
      assert.strictEqual(response.status, 422, response.text)
      const problem = response.json as ProblemJson
      assert.strictEqual(problem.code, "VALIDATION_FAILED")
      assert.isAtLeast(problem.errors.length, 2)
    }),
  )

  it.effect("API-3 a second registration of the same identity document is a 409 WAGE_SEEKER_EXISTS", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const auth = yield* token(registrar)
      yield* send({ method: "POST", path: "/v1/wage-seekers", token: auth, body: sampleWageSeekerInput() })
      const again = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: auth,
        body: sampleWageSeekerInput(),
      })
      assert.strictEqual(again.status, 409)
      assert.strictEqual((again.json as ProblemJson).code, "WAGE_SEEKER_EXISTS")
    }),
  )

  it.effect(
    "API-4 the same Idempotency-Key and body returns the first wage seeker; another body is a 409",
    () =>
      Effect.gen(function* () {
        const { send, token } = yield* makeHarness
        const auth = yield* token(registrar)
        const headers = { "idempotency-key": "ws-0001" }
        const first = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: auth,
          headers,
          body: sampleWageSeekerInput(),
        })
        const repeat = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: auth,
          headers,
          body: sampleWageSeekerInput(),
        })
        assert.strictEqual(first.status, 201)
        assert.strictEqual(repeat.status, 201)
        assert.deepStrictEqual(repeat.json, first.json)
        const other = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: auth,
          headers,
          body: sampleWageSeekerInput({ name: "Another Name" }),
        })
        assert.strictEqual(other.status, 409)
        assert.strictEqual((other.json as ProblemJson).code, "IDEMPOTENCY_KEY_REUSED")
      }),
  )

  it.effect(
    "API-4 concurrent requests with one Idempotency-Key and body register once: each gets the first response or 409 IDEMPOTENCY_KEY_IN_PROGRESS",
    () =>
      Effect.gen(function* () {
        const { send, token } = yield* makeHarness
        const auth = yield* token(registrar)
        const headers = { "idempotency-key": "ws-race" }
        const post = send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: auth,
          headers,
          body: sampleWageSeekerInput(),
        })
        const replies = yield* Effect.all(
          Array.from({ length: 20 }, () => post),
          { concurrency: "unbounded" },
        )
        const created = replies.filter((reply) => reply.status === 201)
        const waiting = replies.filter((reply) => reply.status === 409)
        assert.isAbove(created.length, 0)
        assert.strictEqual(created.length + waiting.length, replies.length)
        for (const reply of created) assert.deepStrictEqual(reply.json, created[0]?.json)
        for (const reply of waiting)
          assert.strictEqual((reply.json as ProblemJson).code, "IDEMPOTENCY_KEY_IN_PROGRESS")
        const again = yield* post
        assert.strictEqual(again.status, 201)
        assert.deepStrictEqual(again.json, created[0]?.json)
      }),
  )

  it.effect("API-5 the list needs a criterion (400) and finds by exact number", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const created = (yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token(registrar),
        body: sampleWageSeekerInput(),
      })).json as WageSeekerJson
      const viewer = yield* token({ roles: ["VIEWER"] })
      const none = yield* send({ path: "/v1/wage-seekers", token: viewer })
      assert.strictEqual(none.status, 400)
      assert.strictEqual((none.json as ProblemJson).errors[0]?.code, "SEARCH_CRITERION_REQUIRED")
      const found = yield* send({
        path: `/v1/wage-seekers?number=${encodeURIComponent(created.number)}`,
        token: viewer,
      })
      assert.strictEqual(found.status, 200)
      assert.deepStrictEqual(
        (found.json as { items: ReadonlyArray<WageSeekerJson> }).items.map((item) => item.id),
        [created.id],
      )
    }),
  )

  it.effect("API-3 an unknown wage seeker is a 404 WAGE_SEEKER_NOT_FOUND", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({
        path: "/v1/wage-seekers/nobody",
        token: yield* token({ roles: ["VIEWER"] }),
      })
      assert.strictEqual(response.status, 404)
      assert.strictEqual((response.json as ProblemJson).code, "WAGE_SEEKER_NOT_FOUND")
    }),
  )
})

describe("organisations", () => {
  const orgRegistrar = { roles: ["ORGANISATION_REGISTRAR"] }

  it.effect(
    "API-1 PRIV-1 POST /v1/organisations registers a CBO; a viewer sees its account and mobiles masked",
    () =>
      Effect.gen(function* () {
        const { send, token } = yield* makeHarness
        const created = yield* send({
          method: "POST",
          path: "/v1/organisations",
          token: yield* token(orgRegistrar),
          body: sampleOrganisationInput(),
        })
        assert.strictEqual(created.status, 201, created.text)
        const { id, number } = created.json as { id: string; number: string }
        const viewer = yield* token({ roles: ["VIEWER"] })
        const read = (yield* send({ path: `/v1/organisations/${id}`, token: viewer })).json as {
          bankAccount: { accountNumber: string; ifsc: string }
          contactPerson: { mobileNumber: string }
        }
        assert.strictEqual(read.bankAccount.accountNumber, "********5678")
        assert.strictEqual(read.bankAccount.ifsc, "SBIN*****34")
        assert.strictEqual(read.contactPerson.mobileNumber, "******2345")
        const unmasked = (yield* send({
          path: `/v1/organisations/${id}`,
          token: yield* token({ roles: ["VIEW_ORG_UNMASKED"] }),
        })).json as { bankAccount: { accountNumber: string } }
        assert.strictEqual(unmasked.bankAccount.accountNumber, "30412345678")
        const listed = yield* send({
          path: `/v1/organisations?number=${encodeURIComponent(number)}`,
          token: viewer,
        })
        assert.strictEqual((listed.json as { items: ReadonlyArray<unknown> }).items.length, 1)
        const byRegistration = yield* send({
          path: `/v1/organisations?externalRegistrationId=${encodeURIComponent("MS/DKL/2022/0042")}`,
          token: viewer,
        })
        assert.strictEqual((byRegistration.json as { items: ReadonlyArray<unknown> }).items.length, 1)
      }),
  )

  it.effect("API-2 a wage seeker registrar may not register organisations (403)", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/organisations",
        token: yield* token(registrar),
        body: sampleOrganisationInput(),
      })
      assert.strictEqual(response.status, 403)
    }),
  )
})
