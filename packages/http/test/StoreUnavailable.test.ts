/**
 * API-3 / REL-3: when a store cannot be reached, every endpoint that needs it
 * answers 503 problem+json with code STORE_UNAVAILABLE and a message that
 * names the store but no driver, SQL or stack text; nothing is a 500.
 */
import { assert, describe, it } from "@effect/vitest"
import { Persistence, Registries } from "@karya/core"
import { sampleOrganisationInput, sampleWageSeekerInput } from "@karya/core/testing"
import { Context, Effect } from "effect"
import { makeHarnessWith } from "./support/Harness.js"

const down = (store: string) => {
  const unavailable = Effect.fail(
    new Persistence.StoreUnavailable.StoreUnavailable({ store, retryable: true }),
  )
  return {
    get: () => unavailable,
    find: () => unavailable,
    insert: () => unavailable,
    update: () => unavailable,
    history: () => unavailable,
  }
}

const registriesDown = makeHarnessWith((context) =>
  Context.add(
    Context.add(context, Registries.WageSeekerRepository.WageSeekerRepository, down("WageSeeker")),
    Registries.OrganisationRepository.OrganisationRepository,
    down("Organisation"),
  ),
)

const roles = ["WAGE_SEEKER_REGISTRAR", "ORGANISATION_REGISTRAR"]

describe("a store that cannot be reached", () => {
  it.effect("API-3: registry reads, lists and writes answer 503 STORE_UNAVAILABLE with no driver text", () =>
    Effect.gen(function* () {
      const { send, token } = yield* registriesDown
      const bearer = yield* token({ roles })
      const requests = [
        { path: "/v1/wage-seekers/0f8fad5b-d9cb-469f-a165-70867728950e" },
        { path: "/v1/wage-seekers?number=IND-2024-25-000001" },
        { method: "POST", path: "/v1/wage-seekers", body: sampleWageSeekerInput() },
        { path: "/v1/organisations/0f8fad5b-d9cb-469f-a165-70867728950e" },
        { method: "POST", path: "/v1/organisations", body: sampleOrganisationInput() },
      ]
      for (const request of requests) {
        const answer = yield* send({
          ...request,
          token: bearer,
          headers: { "idempotency-key": `key-${request.path.length}-${request.method ?? "GET"}` },
        })
        const where = `${request.method ?? "GET"} ${request.path}`
        assert.strictEqual(answer.status, 503, `${where}: ${answer.text}`)
        assert.include(answer.headers.get("content-type") ?? "", "application/problem+json", where)
        const body = JSON.parse(answer.text) as { readonly code: string; readonly detail: string }
        assert.strictEqual(body.code, "STORE_UNAVAILABLE", where)
        assert.match(body.detail, /store cannot be reached just now; try again shortly/, where)
        for (const driverText of ["Pg", "SQL", "ECONN", "Connection", "stack", "at "])
          assert.notInclude(answer.text, driverText, where)
      }
    }),
  )
})
