import { assert, describe, it } from "@effect/vitest"
import { Estimates, Rates } from "@karya/core"
import { Effect, Exit, Option } from "effect"
import {
  act,
  amount,
  approve,
  creator,
  date,
  est5Draft,
  estimatesLayer,
  estimatesState,
  factor,
  materialSor,
  onDate,
  project,
  quantity,
  rate,
  rows,
  tenantId,
  text,
  verifier,
} from "./fixtures.js"

const { EstimateDrafting, TemplateLibrary, AnalysisStatement } = Estimates

const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Option.getOrUndefined(Exit.findErrorOption(exit))

describe("EstimateDrafting", () => {
  it.effect(
    "EST-1: an SOR line takes its SOR's rate on the estimate date and records the date; numbers are ES/{fy}/…",
    () =>
      Effect.gen(function* () {
        const { estimate, sor } = yield* est5Draft()
        const line = estimate.lines[0]
        assert.strictEqual(line?.category, "sor")
        if (line?.category !== "sor") return
        assert.strictEqual(line.sorCode, sor.code)
        assert.strictEqual(line.rateDate, "2024-06-01")
        assert.strictEqual(text(line.amount), "100000.00")
        assert.strictEqual(estimate.number, "ES/2024-25/000001")
        assert.strictEqual(estimate.estimateDate, "2024-06-01")
        assert.strictEqual(estimate.workflow.state, "DRAFTED")
        assert.strictEqual(estimate.type, "original")
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-1: an SOR without a rate on the estimate date is NO_RATE_FOR_DATE and nothing is saved",
    () =>
      Effect.gen(function* () {
        yield* onDate("2023-06-01T05:00:00Z")
        const sor = yield* materialSor("Metal 40 mm", "900")
        const parent = yield* project
        const exit = yield* Effect.exit(
          EstimateDrafting.draftEstimate({
            tenantId,
            actor: creator,
            projectId: parent.id,
            name: "Road",
            lines: [{ category: "sor", sorId: sor.id, measurements: rows("1") }],
            enteredOverheads: [],
            action: "SAVE_AS_DRAFT",
          }),
        )
        assert.strictEqual(failureOf(exit)?.code, "NO_RATE_FOR_DATE")
        assert.deepStrictEqual(yield* estimatesState, [])
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-2: plus and minus rows give the line quantity and amount; every line problem is reported at once",
    () =>
      Effect.gen(function* () {
        yield* onDate("2024-06-01T05:00:00Z")
        const parent = yield* project
        const measured = yield* EstimateDrafting.draftEstimate({
          tenantId,
          actor: creator,
          projectId: parent.id,
          name: "Wall",
          lines: [
            {
              category: "nonSor",
              description: "Brick wall",
              unit: "CUM",
              rate: rate("345.60"),
              measurements: [
                {
                  name: "wall",
                  sign: "plus",
                  number: factor("2"),
                  length: factor("12.5"),
                  breadth: factor("0.45"),
                  depth: factor("0.3"),
                },
                {
                  name: "door",
                  sign: "minus",
                  length: factor("1"),
                  breadth: factor("0.45"),
                  depth: factor("2"),
                },
              ],
            },
          ],
          enteredOverheads: [],
          action: "SAVE_AS_DRAFT",
        })
        assert.strictEqual(measured.lines[0]?.quantity.toString(), "2.475")
        assert.strictEqual(measured.lines[0] && text(measured.lines[0].amount), "855.36")
        const exit = yield* Effect.exit(
          EstimateDrafting.draftEstimate({
            tenantId,
            actor: creator,
            projectId: parent.id,
            name: "",
            lines: [
              {
                category: "nonSor",
                description: "",
                unit: "",
                rate: rate("1.005"),
                measurements: [{ name: "x".repeat(33), sign: "minus", number: factor("1") }],
              },
              { category: "sor", sorId: "00000000-0000-4000-8000-000000000000", measurements: [] },
            ],
            enteredOverheads: [],
            action: "SAVE_AS_DRAFT",
          }),
        )
        const failure = failureOf(exit)
        assert.strictEqual(failure?._tag, "ValidationFailed")
        if (failure?._tag !== "ValidationFailed") return
        assert.sameMembers(
          failure.problems.map((problem) => `${problem.field}:${problem.code}`),
          [
            "name:ESTIMATE_NAME_EMPTY",
            "lines[0].measurements[0].name:MEASUREMENT_NAME_TOO_LONG",
            "lines[0].description:LINE_DESCRIPTION_EMPTY",
            "lines[0].unit:LINE_UNIT_EMPTY",
            "lines[0].rate:NON_SOR_RATE_PLACES_EXCEEDED",
            "lines[0].quantity:LINE_QUANTITY_NEGATIVE",
            "lines[1].sorId:SOR_UNKNOWN",
          ],
        )
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-2: submitting with a zero-quantity line is LINE_QUANTITY_ZERO, without lines ESTIMATE_EMPTY; nothing changes",
    () =>
      Effect.gen(function* () {
        const { estimate, sor } = yield* est5Draft()
        const zero = yield* EstimateDrafting.editEstimate({
          tenantId,
          actor: creator,
          estimateId: estimate.id,
          version: estimate.version,
          name: estimate.name,
          lines: [{ category: "sor", sorId: sor.id, measurements: [] }],
          enteredOverheads: [],
        })
        const before = yield* estimatesState
        const refused = failureOf(yield* Effect.exit(act(zero, "SUBMIT", creator)))
        assert.strictEqual(refused?.code, "LINE_QUANTITY_ZERO")
        assert.deepStrictEqual(yield* estimatesState, before)
        const empty = yield* EstimateDrafting.editEstimate({
          tenantId,
          actor: creator,
          estimateId: zero.id,
          version: zero.version,
          name: zero.name,
          lines: [],
          enteredOverheads: [],
        })
        assert.strictEqual(
          failureOf(yield* Effect.exit(act(empty, "SUBMIT", creator)))?.code,
          "ESTIMATE_EMPTY",
        )
        const parent = yield* project
        const direct = yield* Effect.exit(
          EstimateDrafting.draftEstimate({
            tenantId,
            actor: creator,
            projectId: parent.id,
            name: "Empty",
            lines: [],
            enteredOverheads: [],
            action: "SUBMIT",
          }),
        )
        assert.strictEqual(failureOf(direct)?.code, "ESTIMATE_EMPTY")
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect("EST-3: editing recomputes the overheads from the new base, with the user's REW", () =>
    Effect.gen(function* () {
      const { estimate, sor } = yield* est5Draft()
      const edited = yield* EstimateDrafting.editEstimate({
        tenantId,
        actor: creator,
        estimateId: estimate.id,
        version: estimate.version,
        name: estimate.name,
        lines: [{ category: "sor", sorId: sor.id, measurements: rows("200") }],
        enteredOverheads: [{ code: "REW", amount: amount("500") }],
      })
      assert.deepStrictEqual(
        edited.overheads.map((line) => [line.code, text(line.amount)]),
        [
          ["SC", "15000.00"],
          ["GST", "36000.00"],
          ["TST", "5000.00"],
          ["REW", "500.00"],
        ],
      )
      assert.strictEqual(text(edited.totals.total), "256500.00")
      assert.strictEqual(text(edited.totals.workOrderValue), "256000.00")
      assert.strictEqual(edited.version, estimate.version + 1)
    }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-6: an estimate moves through WF-EST and is read-only once approved or rejected; refusals change nothing",
    () =>
      Effect.gen(function* () {
        const { estimate, sor } = yield* est5Draft()
        const submitted = yield* act(estimate, "SUBMIT", creator)
        assert.strictEqual(submitted.workflow.state, "PENDING_FOR_VERIFICATION")
        const content = {
          tenantId,
          name: "x",
          lines: [{ category: "sor" as const, sorId: sor.id, measurements: rows("1") }],
          enteredOverheads: [],
        }
        const underReview = failureOf(
          yield* Effect.exit(
            EstimateDrafting.editEstimate({
              ...content,
              actor: creator,
              estimateId: submitted.id,
              version: submitted.version,
            }),
          ),
        )
        assert.strictEqual(underReview?.code, "ESTIMATE_NOT_EDITABLE")
        const sentBack = yield* act(submitted, "SEND_BACK", verifier)
        assert.strictEqual(sentBack.workflow.state, "PENDING_FOR_CORRECTION")
        const byVerifier = failureOf(
          yield* Effect.exit(
            EstimateDrafting.editEstimate({
              ...content,
              actor: verifier,
              estimateId: sentBack.id,
              version: sentBack.version,
            }),
          ),
        )
        assert.strictEqual(byVerifier?.code, "ESTIMATE_NOT_EDITABLE")
        const corrected = yield* EstimateDrafting.editEstimate({
          ...content,
          actor: creator,
          estimateId: sentBack.id,
          version: sentBack.version,
        })
        const resubmitted = yield* act(corrected, "RE_SUBMIT", creator)
        const approved = yield* approve(resubmitted)
        assert.strictEqual(approved.workflow.state, "APPROVED")
        assert.deepStrictEqual(
          approved.workflow.timeline.map((entry) => entry.action),
          [
            "SAVE_AS_DRAFT",
            "SUBMIT",
            "SEND_BACK",
            "RE_SUBMIT",
            "VERIFY_AND_FORWARD",
            "TECHNICAL_SANCTION",
            "APPROVE",
          ],
        )
        const before = yield* estimatesState
        const readOnly = failureOf(
          yield* Effect.exit(
            EstimateDrafting.editEstimate({
              ...content,
              actor: creator,
              estimateId: approved.id,
              version: approved.version,
            }),
          ),
        )
        assert.strictEqual(readOnly?.code, "ESTIMATE_NOT_EDITABLE")
        const stale = failureOf(yield* Effect.exit(act({ ...approved, version: 1 }, "APPROVE", creator)))
        assert.strictEqual(stale?.code, "STALE_VERSION")
        const finalState = failureOf(yield* Effect.exit(act(approved, "REJECT", creator, "no")))
        assert.strictEqual(finalState?.code, "ACTION_NOT_ALLOWED")
        assert.deepStrictEqual(yield* estimatesState, before)
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect("EST-6: a rejected estimate is read-only; a role outside WF-EST is ROLE_NOT_ALLOWED", () =>
    Effect.gen(function* () {
      const { estimate } = yield* est5Draft("SUBMIT")
      const wrongRole = failureOf(yield* Effect.exit(act(estimate, "VERIFY_AND_FORWARD", creator)))
      assert.strictEqual(wrongRole?.code, "ROLE_NOT_ALLOWED")
      const rejected = yield* act(estimate, "REJECT", verifier, "duplicate of an earlier work")
      assert.strictEqual(rejected.workflow.state, "REJECTED")
      const exit = yield* Effect.exit(
        EstimateDrafting.editEstimate({
          tenantId,
          actor: creator,
          estimateId: rejected.id,
          version: rejected.version,
          name: "x",
          lines: [],
          enteredOverheads: [],
        }),
      )
      assert.strictEqual(failureOf(exit)?.code, "ESTIMATE_NOT_EDITABLE")
    }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-9: analysis statements list each SOR line's components, consolidate them, and total them",
    () =>
      Effect.gen(function* () {
        yield* onDate("2024-06-01T05:00:00Z")
        const male = yield* Rates.ScheduleOfRates.createSor({
          tenantId,
          input: {
            sorType: "L",
            unit: "NOS",
            description: "Male mulia",
            rateDefinedForQuantity: quantity("1"),
          },
        })
        yield* Rates.ScheduleOfRates.addRate({
          tenantId,
          sorId: male.id,
          heads: [{ head: "LA", amount: amount("352") }],
          effectiveFrom: date("2024-01-01"),
        })
        const sand = yield* materialSor("Sand", "831.15")
        const works = yield* Rates.ScheduleOfRates.createSor({
          tenantId,
          input: {
            sorType: "W",
            subType: "EW",
            variant: "BS",
            unit: "CUM",
            description: "Filling with sand",
            rateDefinedForQuantity: quantity("1"),
          },
        })
        yield* Rates.RateAnalysisMaintenance.createRateAnalysis({
          tenantId,
          sorId: works.id,
          input: {
            analysisQuantity: quantity("10"),
            basicLines: [
              { sorId: male.id, quantity: quantity("1.6") },
              { sorId: sand.id, quantity: quantity("12") },
            ],
            additionalCharges: [{ head: "ADC", calculation: "fixed", amount: amount("30") }],
          },
          effectiveFrom: date("2024-01-01"),
        })
        const parent = yield* project
        const estimate = yield* EstimateDrafting.draftEstimate({
          tenantId,
          actor: creator,
          projectId: parent.id,
          name: "Filling",
          lines: [
            { category: "sor", sorId: works.id, measurements: rows("5") },
            { category: "sor", sorId: male.id, measurements: rows("2") },
          ],
          enteredOverheads: [],
          action: "SUBMIT",
        })
        const statements = yield* AnalysisStatement.analysisStatementsOf({
          tenantId,
          estimateId: estimate.id,
        })
        assert.deepStrictEqual(
          statements.labour.consolidated.map((item) => [
            item.code,
            item.quantity.toString(),
            text(item.amount),
          ]),
          [[male.code, "2.8", "985.60"]],
        )
        assert.deepStrictEqual(
          statements.material.lines[0]?.items.map((item) => [
            item.code,
            item.quantity.toString(),
            text(item.amount),
          ]),
          [
            [sand.code, "6", "4986.90"],
            ["ADC", "0", "15.00"],
          ],
        )
        assert.strictEqual(text(statements.material.total), "5001.90")
        assert.strictEqual(text(statements.total), "5987.50")
        assert.isTrue(!statements.total.greaterThan(estimate.totals.total))
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-9: submitting an estimate whose total is below labour + material + machinery is ESTIMATE_BELOW_ANALYSIS",
    () =>
      Effect.gen(function* () {
        const { estimate, sor } = yield* est5Draft()
        yield* Rates.ScheduleOfRates.addRate({
          tenantId,
          sorId: sor.id,
          heads: [{ head: "MA", amount: amount("5000") }],
          effectiveFrom: date("2024-06-02"),
        })
        yield* onDate("2024-06-03T05:00:00Z")
        const tampered: Estimates.Estimate.Estimate = {
          ...estimate,
          lines: estimate.lines.map((line) =>
            line.category === "sor" ? { ...line, rateDate: date("2024-06-02") } : line,
          ),
        }
        const repository = yield* Estimates.EstimateRepository.EstimateRepository
        yield* repository.update({
          aggregate: { ...tampered, version: tampered.version + 1 },
          expectedVersion: tampered.version,
        })
        const stored = yield* repository.get({ tenantId, id: estimate.id })
        const before = yield* estimatesState
        const refused = failureOf(yield* Effect.exit(act(stored, "SUBMIT", creator)))
        assert.strictEqual(refused?.code, "ESTIMATE_BELOW_ANALYSIS")
        assert.match(refused?.message ?? "", /less than its labour, material and machinery content/)
        assert.deepStrictEqual(yield* estimatesState, before)
      }).pipe(Effect.provide(estimatesLayer)),
  )

  it.effect(
    "EST-10: an estimate starts from an active template's items without quantities and is then edited freely",
    () =>
      Effect.gen(function* () {
        yield* onDate("2024-06-01T05:00:00Z")
        const sor = yield* materialSor("Sand for filling", "1000")
        const template = yield* TemplateLibrary.createEstimateTemplate({
          tenantId,
          projectType: "DRAIN",
          name: "Drain",
          description: "Standard drain",
          items: [
            { category: "sor", sorId: sor.id },
            { category: "nonSor", description: "Sign board", unit: "NOS", rate: rate("2000") },
          ],
        })
        assert.strictEqual(template.code, "TMP_000001")
        const started = yield* TemplateLibrary.startFromTemplate({ tenantId, templateId: template.id })
        assert.deepStrictEqual(
          started.lines.map((line) => [line.category, line.measurements.length]),
          [
            ["sor", 0],
            ["nonSor", 0],
          ],
        )
        const parent = yield* project
        const lines = started.lines.map((line, index) => ({
          ...line,
          measurements: rows(index === 0 ? "100" : "10"),
        }))
        const estimate = yield* EstimateDrafting.draftEstimate({
          tenantId,
          actor: creator,
          projectId: parent.id,
          name: "From template",
          lines,
          enteredOverheads: [],
          action: "SAVE_AS_DRAFT",
          templateCode: started.templateCode,
        })
        assert.strictEqual(text(estimate.totals.total), "155600.00")
        assert.strictEqual(estimate.templateCode, "TMP_000001")
        const inactive = yield* TemplateLibrary.setTemplateStatus({
          tenantId,
          templateId: template.id,
          version: template.version,
          status: "inactive",
        })
        assert.isFalse(inactive.isActive)
        const refused = failureOf(
          yield* Effect.exit(TemplateLibrary.startFromTemplate({ tenantId, templateId: template.id })),
        )
        assert.strictEqual(refused?._tag, "ValidationFailed")
        const bad = failureOf(
          yield* Effect.exit(
            TemplateLibrary.createEstimateTemplate({
              tenantId,
              projectType: "",
              name: "",
              description: "",
              items: [],
            }),
          ),
        )
        assert.strictEqual(bad?._tag, "ValidationFailed")
        if (bad?._tag === "ValidationFailed")
          assert.deepStrictEqual(
            bad.problems.map((problem) => problem.code),
            ["TEMPLATE_NAME_EMPTY", "TEMPLATE_PROJECT_TYPE_EMPTY", "TEMPLATE_ITEMS_EMPTY"],
          )
      }).pipe(Effect.provide(estimatesLayer)),
  )
})
