import { assert, describe, it } from "@effect/vitest"
import { Config, Registries, type Workflow } from "@karya/core"
import { registriesTestLayer, sampleBoundaryRequests, sampleWageSeekerInput } from "@karya/core/testing"
import { DateTime, Effect, Layer } from "effect"
import { TestClock } from "effect/testing"

const { BoundaryUseCases, PublicTransparency, WageSeekerUseCases } = Registries

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
const tenantId = dhenkanal
const registrar: Workflow.Actor.Actor = {
  userId: "r",
  grants: [{ role: "WAGE_SEEKER_REGISTRAR", tenantId: dhenkanal }],
}

describe("PublicTransparency", () => {
  it.effect(
    "PRIV-4: the public view counts wage seekers by ULB, gender and category, with no personal data at all",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T06:00:00Z")))
        yield* Effect.forEach(sampleBoundaryRequests(dhenkanal), BoundaryUseCases.addBoundary)
        const people = [
          sampleWageSeekerInput(),
          sampleWageSeekerInput({
            identity: { documentType: "EPIC", documentNumber: "XYZ7654321" },
            name: "Ramesh Nayak",
            gender: "MALE",
            mobileNumber: "9861077777",
            socialCategory: "SC",
          }),
          sampleWageSeekerInput({
            identity: { documentType: "EPIC", documentNumber: "PQR1112223" },
            name: "Rani Kinnar",
            gender: "TRANSGENDER",
          }),
        ]
        const { socialCategory: _omitted, ...unstated } = sampleWageSeekerInput({
          identity: { documentType: "EPIC", documentNumber: "LMN9998887" },
        })
        const registered = yield* Effect.forEach([...people, unstated], (wageSeeker) =>
          WageSeekerUseCases.registerWageSeeker({
            tenantId,
            actor: registrar,
            wageSeeker,
          }),
        )
        const records = registered.map((each) => each.wageSeeker)
        const counts = PublicTransparency.countWageSeekers(records)
        assert.deepStrictEqual(counts, [
          {
            tenantId: "od.dhenkanal",
            wageSeekers: 4,
            byGender: { FEMALE: 2, MALE: 1, TRANSGENDER: 1 },
            bySocialCategory: { SC: 1, ST: 0, OBC: 2, OTHER: 0, NOT_STATED: 1 },
          },
        ])
        const published = JSON.stringify(counts)
        for (const record of records) {
          for (const personal of [
            record.id,
            record.number,
            record.name,
            record.mobileNumber,
            record.dateOfBirth,
            record.address.street,
          ]) {
            assert.notInclude(published, personal)
          }
        }
        assert.notInclude(published, "ABC1234567")
        assert.notInclude(published, "7621")
        const angul = { tenantId: Config.TenantId.makeUnsafe("od.angul"), gender: "MALE" as const }
        const other = PublicTransparency.countWageSeekers([...records, angul])
        assert.deepStrictEqual(
          other.map((each) => [each.tenantId, each.wageSeekers]),
          [
            ["od.angul", 1],
            ["od.dhenkanal", 4],
          ],
        )
      }).pipe(
        Effect.provide(
          Layer.merge(registriesTestLayer(), Config.TenantSettings.layerMemory([configuration])),
        ),
      ),
  )
})
