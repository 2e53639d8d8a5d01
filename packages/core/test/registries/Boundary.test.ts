import { assert, describe, it } from "@effect/vitest"
import { Config, Errors, Persistence, Registries } from "@karya/core"
import { BoundaryRepositorySuite, sampleBoundaryRequests } from "@karya/core/testing"
import { Effect, Option } from "effect"

const { Boundary, BoundaryRepository, BoundaryUseCases } = Registries

const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")

BoundaryRepositorySuite("BoundaryRepository.layerMemory", BoundaryRepository.layerMemory)

const seed = Effect.forEach(sampleBoundaryRequests(dhenkanal), BoundaryUseCases.addBoundary)

const problemCodesOf = (error: { readonly _tag: string }) =>
  error instanceof Errors.ValidationFailed
    ? error.problems.map((problem) => `${problem.field}:${problem.code}`)
    : [error._tag]

describe("Boundary", () => {
  it.effect(
    "BND-1: a hierarchy state → district → ULB → ward → locality, each node with code, name and LGD code",
    () =>
      Effect.gen(function* () {
        const added = yield* seed
        assert.deepStrictEqual(
          added.map((node) => node.level),
          ["state", "district", "ulb", "ward", "ward", "locality", "locality"],
        )
        assert.strictEqual(added[0]?.tenantId, "od")
        assert.strictEqual(added[2]?.lgdCode, "800220")
        const path = yield* BoundaryUseCases.boundaryPath({ tenantId: dhenkanal, code: "LOC_02_A" })
        assert.deepStrictEqual(
          path.map((node) => node.code),
          ["od", "OD_DISTRICT_01", "od.dhenkanal", "WARD_02", "LOC_02_A"],
        )
        assert.strictEqual(Boundary.ancestorAt(path, "district")?.code, "OD_DISTRICT_01")
        assert.strictEqual(Boundary.ancestorAt(path, "ulb")?.code, "od.dhenkanal")
        const byCode = new Map(added.map((node) => [node.code, node] as const))
        const locality = byCode.get("LOC_01_A")
        assert.isDefined(locality)
        if (locality !== undefined) {
          const pure = Boundary.pathOf(locality, (code) => byCode.get(code))
          assert.deepStrictEqual(
            pure?.map((node) => node.level),
            [...Boundary.levels],
          )
          assert.isUndefined(Boundary.pathOf(locality, () => undefined))
        }
        const repository = yield* BoundaryRepository.BoundaryRepository
        const wards = yield* repository.find({
          tenantId: Config.TenantId.makeUnsafe("od"),
          where: { parentCode: dhenkanal },
          orderBy: "code",
          limit: 100,
        })
        assert.deepStrictEqual(
          wards.items.map((ward) => ward.code),
          ["WARD_01", "WARD_02"],
        )
        const unknown = yield* Effect.flip(
          BoundaryUseCases.boundaryPath({ tenantId: dhenkanal, code: "NOWHERE" }),
        )
        assert.strictEqual(unknown.code, "BOUNDARY_NOT_FOUND")
        assert.include(unknown.message, "NOWHERE")
      }).pipe(Effect.provide(BoundaryRepository.layerMemory)),
  )

  it.effect("BND-1: every problem of a node is reported at once, and a refused node is not stored", () =>
    Effect.gen(function* () {
      yield* seed
      const refused = yield* Effect.flip(
        BoundaryUseCases.addBoundary({
          tenantId: dhenkanal,
          code: "bad code!",
          name: " ",
          level: "locality",
          parentCode: "od.dhenkanal",
          lgdCode: "12AB",
        }),
      )
      assert.deepStrictEqual(problemCodesOf(refused), [
        "code:BOUNDARY_CODE_INVALID",
        "name:NAME_INVALID",
        "parentCode:BOUNDARY_PARENT_INVALID",
        "lgdCode:LGD_CODE_INVALID",
      ])
      const repository = yield* BoundaryRepository.BoundaryRepository
      const stored = yield* Persistence.AggregateStore.findFirst(repository, {
        tenantId: Config.TenantId.makeUnsafe("od"),
        where: { code: "bad code!" },
      })
      assert.isTrue(Option.isNone(stored))
    }).pipe(Effect.provide(BoundaryRepository.layerMemory)),
  )

  it.effect(
    "BND-1: a state's code is its tenant, a ULB's code is a tenant of the state, and only the state has no parent",
    () =>
      Effect.gen(function* () {
        yield* seed
        const wrongState = yield* Effect.flip(
          BoundaryUseCases.addBoundary({
            tenantId: dhenkanal,
            code: "odisha",
            name: "Odisha",
            level: "state",
            parentCode: "x",
          }),
        )
        assert.deepStrictEqual(problemCodesOf(wrongState), [
          "code:BOUNDARY_CODE_NOT_TENANT",
          "parentCode:BOUNDARY_PARENT_INVALID",
        ])
        const wrongUlb = yield* Effect.flip(
          BoundaryUseCases.addBoundary({
            tenantId: dhenkanal,
            code: "ka.bengaluru",
            name: "B",
            level: "ulb",
            parentCode: "OD_DISTRICT_01",
          }),
        )
        assert.deepStrictEqual(problemCodesOf(wrongUlb), ["code:BOUNDARY_CODE_NOT_TENANT"])
        const orphan = yield* Effect.flip(
          BoundaryUseCases.addBoundary({ tenantId: dhenkanal, code: "WARD_09", name: "W", level: "ward" }),
        )
        assert.deepStrictEqual(problemCodesOf(orphan), ["parentCode:BOUNDARY_PARENT_INVALID"])
        const again = yield* Effect.flip(
          BoundaryUseCases.addBoundary({
            tenantId: dhenkanal,
            code: "WARD_01",
            name: "W",
            level: "ward",
            parentCode: dhenkanal,
          }),
        )
        assert.strictEqual(again.code, "BOUNDARY_EXISTS")
        assert.include(again.message, "WARD_01")
        assert.strictEqual(Boundary.parentLevelOf("state"), undefined)
        assert.strictEqual(Boundary.parentLevelOf("locality"), "ward")
      }).pipe(Effect.provide(BoundaryRepository.layerMemory)),
  )
})
