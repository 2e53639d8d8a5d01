/**
 * ERR-2, REL-3 end to end (issue 11's findings): on the stores a state
 * deploys (PGlite; server PostgreSQL when `DATABASE_URL` is set), a NUL or a
 * lone surrogate in a name, an id or a path parameter, a huge number or a
 * deeply nested value is a 4xx problem, never the 500 PostgreSQL's refusal
 * of such text used to become.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { sampleOrganisationInput, sampleWageSeekerInput } from "@karya/core/testing"
import { Effect, Exit, Scope } from "effect"
import { availableDatabases, type Deployment, deployment, type Persona } from "./Deployment.js"

interface ProblemJson {
  readonly status: number
  readonly code: string
  readonly errors: ReadonlyArray<{ readonly field: string; readonly code: string }>
}

const nested = (depth: number): unknown => {
  let value: unknown = "x"
  for (let level = 0; level < depth; level++) value = [value]
  return value
}

const bill = (billId: string) => ({
  billId,
  billNumber: "WB/2024-25/000500",
  billType: "wage",
  workOrderNumber: "WO/2024-25/000500",
  billDate: "2024-06-10",
  totalAmount: "100",
  details: [
    {
      lineId: "line-1",
      payee: {
        payeeId: "WS-500",
        kind: "individual",
        name: "Sabita Nayak",
        bankAccount: { accountNumber: "123456787621", ifsc: "ICIC0001247", accountType: "Saving" },
        mobile: "9437012345",
        address: "Ward 1",
      },
      amount: "100",
      purpose: "MR/2024-25/000500",
    },
  ],
})

interface Case {
  readonly name: string
  readonly persona: Persona
  readonly method: string
  readonly path: string
  readonly body?: unknown
  /** The fields a 400 `TEXT_UNSAFE` names; absent: any 4xx. */
  readonly unsafeFields?: ReadonlyArray<string>
}

const cases: ReadonlyArray<Case> = [
  {
    name: "a NUL in a wage seeker's name",
    persona: "registrar",
    method: "POST",
    path: "/v1/wage-seekers",
    body: { ...sampleWageSeekerInput(), name: "Sabita\u0000Nayak" },
    unsafeFields: ["name"],
  },
  {
    name: "a lone surrogate in an organisation's name",
    persona: "organisationRegistrar",
    method: "POST",
    path: "/v1/organisations",
    body: { ...sampleOrganisationInput(), name: "Maa Tarini \ud800" },
    unsafeFields: ["name"],
  },
  {
    name: "a NUL in a billId",
    persona: "accountant",
    method: "POST",
    path: "/v1/bills",
    body: bill("bill\u0000500"),
    unsafeFields: ["billId"],
  },
  {
    name: "a NUL in a path parameter",
    persona: "viewer",
    method: "GET",
    path: "/v1/bills/bill%00500",
    unsafeFields: ["path.id"],
  },
  {
    name: "a NUL in a query parameter",
    persona: "viewer",
    method: "GET",
    path: "/v1/organisations?number=ORG%00",
    unsafeFields: ["query.number"],
  },
  {
    name: "a huge number of members",
    persona: "organisationRegistrar",
    method: "POST",
    path: "/v1/organisations",
    body: { ...sampleOrganisationInput(), totalMembers: 1e308 },
  },
  {
    name: "a name nested 2,000 deep",
    persona: "registrar",
    method: "POST",
    path: "/v1/wage-seekers",
    body: { ...sampleWageSeekerInput(), name: nested(2000) },
  },
]

describe.each(availableDatabases())("bad input end to end on %s", (database) => {
  const scope = Scope.makeUnsafe()
  let running: Deployment | undefined
  beforeAll(async () => {
    running = await Effect.runPromise(Scope.provide(scope)(deployment(database)))
  }, 120_000)
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))

  it.live.each(cases)("e2e ERR-2 REL-3 $name is a 4xx problem, never a 500", (testCase) =>
    Effect.gen(function* () {
      const karya = running
      assert.isDefined(karya, "the deployment did not start")
      if (karya === undefined) return
      const reply = yield* karya.request(testCase.persona, testCase.method, testCase.path, testCase.body)
      const summary = `${testCase.name}: ${reply.status} ${JSON.stringify(reply.json).slice(0, 300)}`
      assert.isBelow(reply.status, 500, summary)
      if (testCase.unsafeFields === undefined) return
      assert.strictEqual(reply.status, 400, summary)
      const problem = reply.json as ProblemJson
      assert.deepStrictEqual(
        problem.errors.map((error) => error.field),
        testCase.unsafeFields,
        summary,
      )
      for (const error of problem.errors) assert.strictEqual(error.code, "TEXT_UNSAFE", summary)
    }),
  )
})
