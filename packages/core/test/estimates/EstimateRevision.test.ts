import { assert, describe, it } from "@effect/vitest"
import { fc } from "@fast-check/vitest"
import { Config, Estimates, Money } from "@karya/core"
import {
  EstimateRepositorySuite,
  EstimateTemplateRepositorySuite,
  MeasuredQuantitiesSuite,
  ProjectRepositorySuite,
} from "@karya/core/testing"
import { Effect, Exit, Layer, Option } from "effect"
import {
  act,
  approve,
  approvedEst5,
  carried,
  configuration,
  creator,
  estimatesLayer,
  estimatesState,
  quantity,
  rate,
  rows,
  tenantId,
  text,
  verifier,
} from "./fixtures.js"

const { EstimateDrafting, MeasuredQuantities } = Estimates

ProjectRepositorySuite("ProjectRepository.layerMemory", Estimates.ProjectRepository.layerMemory)
EstimateRepositorySuite("EstimateRepository.layerMemory", Estimates.EstimateRepository.layerMemory)
EstimateTemplateRepositorySuite(
  "EstimateTemplateRepository.layerMemory",
  Estimates.EstimateTemplateRepository.layerMemory,
)
MeasuredQuantitiesSuite("MeasuredQuantities.layerMemory", MeasuredQuantities.layerMemory)

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Option.getOrUndefined(Exit.findErrorOption(exit))

const revise = (
  estimate: Estimates.Estimate.Estimate,
  lines: ReadonlyArray<Estimates.EstimateLine.LineInput>,
  options: {
    readonly type?: "revised" | "deviationStatement"
    readonly action?: "SAVE_AS_DRAFT" | "SUBMIT"
    readonly configuration?: Config.TenantConfiguration.TenantConfiguration
  } = {},
) =>
  EstimateDrafting.reviseEstimate({
    tenantId,
    actor: creator,
    estimateId: estimate.id,
    type: options.type ?? "revised",
    name: estimate.name,
    lines,
    enteredOverheads: [],
    action: options.action ?? "SUBMIT",
  }).pipe(Effect.provide(Config.TenantSettings.layerMemory([options.configuration ?? configuration])))

const measure = (lineId: string, value: string) =>
  Effect.flatMap(MeasuredQuantities.MeasuredQuantitiesMemory, (control) =>
    control.record({ tenantId, estimateLineId: lineId, quantity: quantity(value) }),
  )

describe("EstimateRevision", () => {
  it.effect(
    "EST-7: a revision carries lines at their unit rate, is numbered RE/…, and on approval supersedes the previous version",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* approvedEst5
        const revision = yield* revise(estimate, [
          ...carried(estimate, ["120", "10"]),
          {
            category: "nonSor",
            description: "Railing",
            unit: "MTR",
            rate: rate("100"),
            measurements: rows("5"),
          },
        ])
        assert.strictEqual(revision.number, "RE/2024-25/000001")
        assert.strictEqual(revision.revisionNumber, 1)
        assert.deepStrictEqual(
          revision.lines.map((line) => line.previousLineId),
          [estimate.lines[0]?.id, estimate.lines[1]?.id, undefined],
        )
        assert.strictEqual(text(revision.totals.lineAmount), "140500.00")
        const approved = yield* approve(revision)
        const previous = yield* (yield* Estimates.EstimateRepository.EstimateRepository).get({
          tenantId,
          id: estimate.id,
        })
        assert.strictEqual(previous.supersededById, approved.id)
        const again = failureOf(yield* Effect.exit(revise(previous, carried(previous, ["1", "1"]))))
        assert.strictEqual(again?.code, "ESTIMATE_NOT_REVISABLE")
        const second = yield* revise(approved, carried(approved, ["130", "10", "5"]))
        assert.strictEqual(second.revisionNumber, 2)
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-7: only one revision in the workflow; at most the tenant's limit; refusals change nothing",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* approvedEst5
        yield* revise(estimate, carried(estimate, ["110", "10"]), { action: "SAVE_AS_DRAFT" })
        const before = yield* estimatesState
        const second = failureOf(yield* Effect.exit(revise(estimate, carried(estimate, ["115", "10"]))))
        assert.strictEqual(second?.code, "REVISION_IN_WORKFLOW")
        assert.deepStrictEqual(yield* estimatesState, before)
        const noRevisions = {
          ...configuration,
          revisionLimits: { ...configuration.revisionLimits, estimateRevisionsMax: 0 },
        }
        const limited = failureOf(
          yield* Effect.exit(
            Effect.gen(function* () {
              const { estimate: other } = yield* approvedEst5
              return yield* revise(other, carried(other, ["1", "1"]), { configuration: noRevisions })
            }).pipe(Effect.provide(Layer.fresh(estimatesLayer))),
          ),
        )
        assert.strictEqual(limited?.code, "REVISION_LIMIT_REACHED")
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-7: a chain of chainVersionsMax − 1 versions takes one more revision; past that, ESTIMATE_VERSIONS_EXCEEDED stores nothing",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* approvedEst5
        const reviseAndReject = Effect.gen(function* () {
          const revision = yield* revise(estimate, carried(estimate, ["110", "10"]))
          return yield* act(revision, "REJECT", verifier, "quantities unclear")
        })
        for (let versions = 1; versions < Estimates.EstimateRepository.chainVersionsMax - 1; versions += 1)
          yield* reviseAndReject
        const last = yield* reviseAndReject
        assert.strictEqual(last.workflow.state, "REJECTED")
        const before = yield* estimatesState
        assert.strictEqual(before.length, Estimates.EstimateRepository.chainVersionsMax)
        const refused = failureOf(yield* Effect.exit(revise(estimate, carried(estimate, ["110", "10"]))))
        assert.strictEqual(refused?.code, "ESTIMATE_VERSIONS_EXCEEDED")
        assert.isTrue(
          refused instanceof Estimates.EstimateRevision.EstimateVersionsExceeded &&
            refused.category === "rule" &&
            refused.limit === Estimates.EstimateRepository.chainVersionsMax &&
            refused.estimateNumber === estimate.number,
        )
        assert.deepStrictEqual(yield* estimatesState, before)
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-7: a carried NON-SOR line must keep its unit rate (UNIT_RATE_CHANGED); references must be to the previous version",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* approvedEst5
        const lines = carried(estimate, ["100", "10"]).map((line) =>
          line.category === "nonSor" ? { ...line, rate: rate("2100") } : line,
        )
        const before = yield* estimatesState
        const changed = failureOf(yield* Effect.exit(revise(estimate, lines)))
        assert.strictEqual(changed?.code, "UNIT_RATE_CHANGED")
        assert.match(changed?.message ?? "", /Sign board \(₹2000, entered ₹2100\)/)
        const unknown = failureOf(
          yield* Effect.exit(
            revise(estimate, [
              {
                category: "sor",
                sorId: estimate.lines[0]?.category === "sor" ? estimate.lines[0].sorId : "",
                measurements: rows("1"),
                previousLineId: "00000000-0000-4000-8000-000000000000",
              },
            ]),
          ),
        )
        assert.strictEqual(unknown?._tag, "ValidationFailed")
        assert.deepStrictEqual(yield* estimatesState, before)
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-7: a carried quantity below the measured one is QTY_BELOW_MEASURED; dropping a measured line is MEASURED_LINE_REMOVED",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* approvedEst5
        const [sorLine, nonSorLine] = estimate.lines
        if (sorLine === undefined || nonSorLine === undefined) return
        yield* measure(sorLine.id, "60")
        yield* measure(nonSorLine.id, "2")
        const before = yield* estimatesState
        const below = failureOf(yield* Effect.exit(revise(estimate, carried(estimate, ["50", "10"]))))
        assert.strictEqual(below?.code, "QTY_BELOW_MEASURED")
        const dropped = failureOf(yield* Effect.exit(revise(estimate, carried(estimate, ["60"]).slice(0, 1))))
        assert.strictEqual(dropped?.code, "MEASURED_LINE_REMOVED")
        assert.deepStrictEqual(yield* estimatesState, before)
        const atMeasured = yield* revise(estimate, carried(estimate, ["60", "2"]), {
          action: "SAVE_AS_DRAFT",
        })
        yield* measure(sorLine.id, "70")
        const lateCheck = failureOf(yield* Effect.exit(act(atMeasured, "SUBMIT", creator)))
        assert.strictEqual(lateCheck?.code, "QTY_BELOW_MEASURED")
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-8: a deviation statement changes scope but keeps the total (DEVIATION_TOTAL_CHANGED otherwise)",
    () =>
      Effect.gen(function* () {
        const { estimate } = yield* approvedEst5
        const shifted = [
          ...carried(estimate, ["90", "10"]),
          {
            category: "nonSor" as const,
            description: "Extra excavation",
            unit: "CUM",
            rate: rate("1000"),
            measurements: rows("10"),
          },
        ]
        const deviation = yield* revise(estimate, shifted, { type: "deviationStatement" })
        assert.strictEqual(deviation.type, "deviationStatement")
        assert.strictEqual(text(deviation.totals.total), text(estimate.totals.total))
        const rejected = yield* act(
          deviation,
          "REJECT",
          { userId: "ee", grants: [{ role: "ESTIMATE_VERIFIER", tenantId }] },
          "scope unclear",
        )
        assert.strictEqual(rejected.workflow.state, "REJECTED")
        const changed = failureOf(
          yield* Effect.exit(
            revise(estimate, carried(estimate, ["95", "10"]), { type: "deviationStatement" }),
          ),
        )
        assert.strictEqual(changed?.code, "DEVIATION_TOTAL_CHANGED")
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect("EST-7: a revised estimate can never drop below measured quantities (property)", () =>
    Effect.gen(function* () {
      const cases = fc.sample(
        fc.tuple(
          fc.integer({ min: 0, max: 200 }),
          fc.integer({ min: 1, max: 200 }),
          fc.integer({ min: 0, max: 10 }),
        ),
        { numRuns: 15, seed: 20240601 },
      )
      for (const [measured, revised, nonSorMeasured] of cases) {
        const outcome = yield* Effect.exit(
          Effect.gen(function* () {
            const { estimate } = yield* approvedEst5
            const [sorLine, nonSorLine] = estimate.lines
            if (sorLine === undefined || nonSorLine === undefined)
              return yield* Effect.die("EST-5 has two lines")
            yield* measure(sorLine.id, String(measured))
            yield* measure(nonSorLine.id, String(nonSorMeasured))
            return yield* revise(estimate, carried(estimate, [String(revised), "10"]))
          }).pipe(Effect.provide(Layer.fresh(estimatesLayer))),
        )
        if (revised >= measured) {
          assert.isTrue(Exit.isSuccess(outcome), `revised ${revised} ≥ measured ${measured} is accepted`)
          if (Exit.isSuccess(outcome))
            assert.strictEqual(outcome.value.lines[0]?.quantity.toString(), String(revised))
        } else {
          assert.strictEqual(failureOf(outcome)?.code, "QTY_BELOW_MEASURED")
        }
      }
    }),
  )

  it("EST-7: the measurement guard is exact: every carried line ≥ measured and no measured line dropped (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        (rowsOfLines) => {
          const line = (
            id: string,
            count: number,
            previousLineId?: string,
          ): Estimates.EstimateLine.EstimateLine => ({
            category: "nonSor",
            id: id as Estimates.EstimateLine.NonSorLine["id"],
            description: id,
            unit: "NOS",
            rate: Money.Rate.makeUnsafe("1"),
            measurements: [],
            quantity: Money.Quantity.makeUnsafe(String(count)),
            amount: Money.Amount.makeUnsafe(String(count)),
            ...(previousLineId === undefined
              ? {}
              : { previousLineId: previousLineId as Estimates.EstimateLine.NonSorLine["id"] }),
          })
          const ids = rowsOfLines.map(
            (_, index) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
          )
          const previousLines = ids.map((id) => line(id, 100))
          const revisedLines = rowsOfLines.flatMap(([, revised, kept], index) =>
            kept
              ? [line(`10000000-0000-4000-8000-${String(index).padStart(12, "0")}`, revised, ids[index])]
              : [],
          )
          const measured = new Map(
            rowsOfLines.map(([value], index) => [ids[index] ?? "", Money.Quantity.makeUnsafe(String(value))]),
          )
          const previous = { lines: previousLines } as unknown as Estimates.Estimate.Estimate
          const result = Estimates.EstimateRevision.measuredGuard({
            estimateNumber: "RE",
            previous,
            lines: revisedLines,
            measured,
          })
          const isAllowed = rowsOfLines.every(([value, revised, kept]) =>
            kept ? revised >= value : value === 0,
          )
          return isAllowed === (result._tag === "Success")
        },
      ),
    )
  })
})
