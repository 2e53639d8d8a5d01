/**
 * The payees port over the registries (`Payees.layerFromRegistries`): wage
 * seekers and organisations as bill payees under their registered names,
 * organisations deducted by their PAN's holder status, and the department of
 * each deduction head from tenant data (BILL-1, BILL-3, BILL-P-2, IND-1,
 * ORG-1).
 */
import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Bills, Config, Persistence, Registries, type Workflow } from "@karya/core"
import {
  registriesTestLayer,
  sampleBoundaryRequests,
  sampleOrganisationInput,
  sampleWageSeekerInput,
} from "@karya/core/testing"
import { DateTime, Effect, Exit, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import { configuration, department, seed, tenantId } from "./BillsFixtures.js"

const { Payees } = Bills
const { WageSeekerRepository } = Registries

const registrar: Workflow.Actor.Actor = {
  userId: "registrar",
  grants: [
    { role: "WAGE_SEEKER_REGISTRAR", tenantId },
    { role: "ORGANISATION_REGISTRAR", tenantId },
  ],
}

const registriesAndPayees = Payees.layerFromRegistries(seed.headDepartments).pipe(
  Layer.provideMerge(Layer.merge(registriesTestLayer(), Config.TenantSettings.layerMemory([configuration]))),
)

// Sabita (a wage seeker), Maa Tarini (a CBO, a firm's PAN) and Kalinga Traders (a
// proprietorship trading on its owner's PAN).
const registered = Effect.gen(function* () {
  yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T06:30:00.000Z")))
  yield* Effect.forEach(sampleBoundaryRequests(tenantId), Registries.BoundaryUseCases.addBoundary)
  const { wageSeeker } = yield* Registries.WageSeekerUseCases.registerWageSeeker({
    tenantId,
    actor: registrar,
    wageSeeker: sampleWageSeekerInput(),
  })
  const organisation = (input: Registries.Organisation.OrganisationInput) =>
    Registries.OrganisationUseCases.registerOrganisation({
      tenantId,
      actor: registrar,
      organisation: input,
    })
  const cbo = yield* organisation(sampleOrganisationInput())
  const vendor = yield* organisation(
    sampleOrganisationInput({
      name: "Kalinga Traders",
      type: "VENDOR",
      subType: "SUPPLIER",
      externalRegistrationId: "GST/DKL/2021/0311",
      taxIdentifiers: { pan: "AFKPN1234C" },
    }),
  )
  return { wageSeeker, cbo, vendor }
})

const payeeOf = (kind: Bills.Bill.PayeeKind, payeeId: string, tenant: Config.TenantId.TenantId = tenantId) =>
  Payees.Payees.use((payees) => payees.payee({ tenantId: tenant, kind, payeeId }))

const panArbitrary = fc
  .tuple(
    fc.stringMatching(/^[A-Z]{3}$/),
    fc.constantFrom(..."ABCFGHJLPT"),
    fc.stringMatching(/^[A-Z][0-9]{4}[A-Z]$/),
  )
  .map(([first, holderStatus, rest]) => ({ pan: `${first}${holderStatus}${rest}`, holderStatus }))

describe("Payees.layerFromRegistries", () => {
  it.effect(
    "BILL-1 / IND-1 / ORG-1: wage seekers are individual payees and organisations organisation payees, under their registered names",
    () =>
      Effect.gen(function* () {
        const { wageSeeker, cbo, vendor } = yield* registered
        assert.deepStrictEqual(Option.getOrUndefined(yield* payeeOf("individual", wageSeeker.id)), {
          id: wageSeeker.id,
          kind: "individual",
          name: "Sabita Nayak",
          deducteeType: "individual",
        })
        assert.deepStrictEqual(Option.getOrUndefined(yield* payeeOf("organisation", cbo.id)), {
          id: cbo.id,
          kind: "organisation",
          name: "Maa Tarini Mission Shakti Group",
          deducteeType: "otherThanIndividual",
        })
        assert.strictEqual(
          Option.getOrUndefined(yield* payeeOf("organisation", vendor.id))?.deducteeType,
          "individual",
          "BILL-P-2: a proprietorship is deducted as its owner",
        )
        assert.isTrue(
          Option.isNone(yield* payeeOf("organisation", wageSeeker.id)),
          "a wage seeker is no organisation",
        )
        assert.isTrue(
          Option.isNone(yield* payeeOf("individual", cbo.id)),
          "an organisation is no wage seeker",
        )
        assert.isTrue(Option.isNone(yield* payeeOf("individual", "nobody")))
        const cuttack = Config.TenantId.makeUnsafe("od.cuttack")
        assert.isTrue(Option.isNone(yield* payeeOf("individual", wageSeeker.id, cuttack)), "TEN-1")
        const missing = yield* Effect.flip(
          Payees.payeesOf({ tenantId, kind: "individual", payeeIds: [wageSeeker.id, "nobody", "ghost"] }),
        )
        assert.strictEqual(missing.code, "PAYEE_NOT_FOUND")
        assert.deepStrictEqual(missing.payeeIds, ["nobody", "ghost"])
      }).pipe(Effect.provide(registriesAndPayees)),
  )

  it.effect(
    "BILL-3: each deduction head is paid to its seeded department, a state's entry serving its ULBs; a head without one is DEDUCTION_DEPARTMENT_MISSING",
    () =>
      Effect.gen(function* () {
        const departments = yield* Payees.departmentsFor({ tenantId, headCodes: ["LC", "GSTTDS", "LC"] })
        assert.deepStrictEqual(
          [...departments.entries()],
          [
            ["LC", department("LC")],
            ["GSTTDS", department("GSTTDS")],
          ],
        )
        const puri = Config.TenantId.makeUnsafe("od.puri")
        const board = yield* Payees.departmentsFor({ tenantId: puri, headCodes: ["LC"] })
        assert.deepStrictEqual(board.get("LC"), department("LC"), "the welfare board is held by the state")
        const refused = yield* Effect.flip(
          Payees.departmentsFor({ tenantId: puri, headCodes: ["LC", "ITTDS", "SEC"] }),
        )
        assert.strictEqual(refused.code, "DEDUCTION_DEPARTMENT_MISSING")
        assert.deepStrictEqual(refused.headCodes, ["ITTDS", "SEC"])
        assert.deepStrictEqual(
          Option.getOrUndefined(yield* payeeOf("department", "dept-lc", puri)),
          department("LC"),
        )
        assert.isTrue(Option.isNone(yield* payeeOf("department", "dept-ittds", puri)))
      }).pipe(Effect.provide(registriesAndPayees)),
  )

  test.prop([panArbitrary])(
    "BILL-P-2: an organisation is deducted as an individual exactly when its PAN's holder is a person or an undivided family",
    ({ pan, holderStatus }) => {
      const expected = holderStatus === "P" || holderStatus === "H" ? "individual" : "otherThanIndividual"
      assert.strictEqual(Payees.deducteeTypeOf({ taxIdentifiers: { pan } }), expected)
      assert.strictEqual(Payees.deducteeTypeOf({ taxIdentifiers: {} }), "otherThanIndividual")
    },
  )

  it.effect(
    "ERR-2: a registry that cannot be reached fails the lookup as a defect, never as a missing payee",
    () =>
      Effect.gen(function* () {
        const unreachable = Effect.fail(
          new Persistence.StoreUnavailable.StoreUnavailable({ store: "WageSeeker", retryable: true }),
        )
        const down = Layer.succeed(
          WageSeekerRepository.WageSeekerRepository,
          WageSeekerRepository.WageSeekerRepository.of({
            get: () => unreachable,
            find: () => unreachable,
            insert: () => unreachable,
            update: () => unreachable,
            history: () => unreachable,
          }),
        )
        const layer = Payees.layerFromRegistries([]).pipe(
          Layer.provide(Layer.mergeAll(down, Registries.OrganisationRepository.layerMemory)),
        )
        const exit = yield* Effect.exit(payeeOf("individual", "ws-1").pipe(Effect.provide(layer)))
        assert.isTrue(Exit.hasDies(exit))
      }),
  )
})
