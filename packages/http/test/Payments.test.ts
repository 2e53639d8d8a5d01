import { assert, describe, it } from "@effect/vitest"
import { Config, Payments, Persistence, Registries } from "@karya/core"
import { jitReplies } from "@karya/core/testing"
import { Context, Effect, Ref } from "effect"
import { TestClock } from "effect/testing"
import { allot, enqueue, headOfAccount, sampleBill } from "./support/Bills.js"
import { makeHarness, makeHarnessWith, tenantId } from "./support/Harness.js"

interface ProblemJson {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: ReadonlyArray<{ readonly field: string; readonly code: string; readonly message: string }>
}

interface PiJson {
  readonly number: string
  readonly status: string
  readonly version: number
  readonly grossAmount: string
  readonly netAmount: string
  readonly beneficiaries: ReadonlyArray<{
    readonly paymentId: string
    readonly payeeKind: string
    readonly bankAccount: { readonly accountNumber: string; readonly ifsc: string }
    readonly mobile: string
    readonly amount: string
  }>
  readonly history: ReadonlyArray<{
    readonly kind: string
    readonly service?: string
    readonly message: string
  }>
}

const approver = { roles: ["BILL_APPROVER"] }
const officer = { roles: ["PAYMENT_OFFICER"] }
const viewer = { roles: ["VIEWER"] }

const piPath = (number: string) => `/v1/payment-instructions/${encodeURIComponent(number)}`

const setUp = Effect.gen(function* () {
  const harness = yield* makeHarness
  const created = yield* harness.send({
    method: "POST",
    path: "/v1/bills",
    token: yield* harness.token(approver),
    body: sampleBill(),
  })
  assert.strictEqual(created.status, 201, created.text)
  const bill = created.json as { paymentInstructions: ReadonlyArray<{ number: string; version: number }> }
  const [pi] = bill.paymentInstructions
  assert.isDefined(pi)
  return { ...harness, bill, number: pi?.number ?? "", created }
})

describe("bills", () => {
  it.effect(
    "PI-1 POST /v1/bills records the approved bill and creates its one PI (amounts as decimal strings)",
    () =>
      Effect.gen(function* () {
        const { created, send, token, number } = yield* setUp
        const bill = created.json as {
          billId: string
          paymentStatus: string
          paymentInstructions: ReadonlyArray<{
            status: string
            grossAmount: string
            beneficiaryCount: number
          }>
        }
        assert.strictEqual(bill.billId, "bill-0001")
        assert.strictEqual(bill.paymentStatus, "PaymentBlocked")
        assert.strictEqual(bill.paymentInstructions[0]?.status, "New")
        assert.strictEqual(bill.paymentInstructions[0]?.grossAmount, "2150")
        assert.strictEqual(bill.paymentInstructions[0]?.beneficiaryCount, 3)
        assert.match(number, /^PI-DK\/2024-25\/\d{6}$/)
        const read = yield* send({ path: "/v1/bills/bill-0001", token: yield* token(viewer) })
        assert.deepStrictEqual(read.json, created.json)
      }),
  )

  it.effect("PI-1 API-3 a second POST of the same bill is a 409 PI_EXISTS and creates nothing", () =>
    Effect.gen(function* () {
      const { send, token, use } = yield* setUp
      const again = yield* send({
        method: "POST",
        path: "/v1/bills",
        token: yield* token(approver),
        body: sampleBill(),
      })
      assert.strictEqual(again.status, 409)
      assert.strictEqual((again.json as ProblemJson).code, "PI_EXISTS")
      const pis = yield* use(
        Payments.PaymentInstructionRepository.PaymentInstructionRepository.use((repository) =>
          Persistence.AggregateStore.findAll(
            repository,
            { tenantId: Config.TenantId.makeUnsafe(tenantId), where: { billId: "bill-0001" } },
            { itemsMax: 1_000 },
          ),
        ),
      )
      assert.strictEqual(pis.length, 1)
    }),
  )

  it.effect("API-4 POST /v1/bills with the same Idempotency-Key and body replays the first response", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const auth = yield* token(approver)
      const headers = { "idempotency-key": "bill-key-1" }
      const first = yield* send({
        method: "POST",
        path: "/v1/bills",
        token: auth,
        headers,
        body: sampleBill(),
      })
      const repeat = yield* send({
        method: "POST",
        path: "/v1/bills",
        token: auth,
        headers,
        body: sampleBill(),
      })
      assert.strictEqual(first.status, 201)
      assert.strictEqual(repeat.status, 201)
      assert.deepStrictEqual(repeat.json, first.json)
      const other = yield* send({
        method: "POST",
        path: "/v1/bills",
        token: auth,
        headers,
        body: sampleBill("bill-0002", "WB/2024-25/000002"),
      })
      assert.strictEqual(other.status, 409)
      assert.strictEqual((other.json as ProblemJson).code, "IDEMPOTENCY_KEY_REUSED")
    }),
  )

  it.effect("API-3 an unknown bill is a 404 BILL_NOT_FOUND", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({ path: "/v1/bills/nope", token: yield* token(viewer) })
      assert.strictEqual(response.status, 404)
      assert.strictEqual((response.json as ProblemJson).code, "BILL_NOT_FOUND")
    }),
  )
})

describe("payment instructions", () => {
  it.effect(
    "PI-S-11 PRIV-1 GET /v1/payment-instructions/{number} shows beneficiaries masked and the history",
    () =>
      Effect.gen(function* () {
        const { send, token, number } = yield* setUp
        const response = yield* send({ path: piPath(number), token: yield* token(viewer) })
        assert.strictEqual(response.status, 200, response.text)
        const pi = response.json as PiJson
        assert.strictEqual(pi.netAmount, "2150")
        assert.deepStrictEqual(
          pi.beneficiaries.map((beneficiary) => beneficiary.bankAccount.accountNumber),
          ["********7621", "********9012", "********4433"],
        )
        assert.strictEqual(pi.beneficiaries[0]?.bankAccount.ifsc, "ICIC*****47")
        assert.strictEqual(pi.beneficiaries[0]?.mobile, "******2345")
        assert.deepStrictEqual(
          pi.history.map((entry) => entry.kind),
          ["Created"],
        )
        assert.notInclude(response.text, "123456787621")
      }),
  )

  it.effect(
    "PRIV-1 the unmask role of each beneficiary kind unmasks that kind only, and the read is recorded",
    () =>
      Effect.gen(function* () {
        const { send, token, number, use } = yield* setUp
        const response = yield* send({
          path: piPath(number),
          token: yield* token({ roles: ["VIEW_DED_UNMASKED"] }),
        })
        const pi = response.json as PiJson
        const department = pi.beneficiaries.find((beneficiary) => beneficiary.payeeKind === "department")
        assert.strictEqual(department?.bankAccount.accountNumber, "99887766554433")
        assert.deepStrictEqual(
          pi.beneficiaries
            .filter((beneficiary) => beneficiary.payeeKind === "individual")
            .map((beneficiary) => beneficiary.bankAccount.accountNumber),
          ["********7621", "********9012"],
        )
        const entries = yield* use(
          Registries.UnmaskedReadLog.UnmaskedReadLog.use((log) =>
            log.entriesFor({
              tenantId: Config.TenantId.makeUnsafe(tenantId),
              recordId: `${number}/${department?.paymentId ?? ""}`,
            }),
          ),
        )
        assert.deepStrictEqual(
          entries.map((entry) => [entry.actorId, entry.recordKind, entry.purpose]),
          [["user-1", "departmentBeneficiary", "view"]],
        )
      }),
  )

  it.effect("API-5 GET /v1/payment-instructions pages with limit and an opaque cursor", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const auth = yield* token(approver)
      for (const index of [1, 2, 3]) {
        const created = yield* send({
          method: "POST",
          path: "/v1/bills",
          token: auth,
          body: sampleBill(`bill-${index}`, `WB/2024-25/00000${index}`),
        })
        assert.strictEqual(created.status, 201)
      }
      const reader = yield* token(viewer)
      const first = yield* send({ path: "/v1/payment-instructions?limit=2", token: reader })
      const page = first.json as { items: ReadonlyArray<{ number: string }>; nextCursor?: string }
      assert.strictEqual(page.items.length, 2)
      assert.isString(page.nextCursor)
      const second = yield* send({
        path: `/v1/payment-instructions?limit=2&cursor=${page.nextCursor ?? ""}`,
        token: reader,
      })
      const rest = second.json as { items: ReadonlyArray<{ number: string }>; nextCursor?: string }
      assert.strictEqual(rest.items.length, 1)
      assert.isUndefined(rest.nextCursor)
      const numbers = [...page.items, ...rest.items].map((item) => item.number)
      assert.deepStrictEqual(numbers, [...numbers].sort())
      assert.strictEqual(new Set(numbers).size, 3)
      const tooMany = yield* send({ path: "/v1/payment-instructions?limit=101", token: reader })
      assert.strictEqual(tooMany.status, 400)
      assert.strictEqual((tooMany.json as ProblemJson).errors[0]?.field, "query.limit")
      const badCursor = yield* send({ path: "/v1/payment-instructions?cursor=%%%", token: reader })
      assert.strictEqual(badCursor.status, 400)
      const byStatus = yield* send({ path: "/v1/payment-instructions?status=Completed", token: reader })
      assert.deepStrictEqual((byStatus.json as { items: ReadonlyArray<unknown> }).items, [])
    }),
  )

  it.effect(
    "API-5 GET /v1/payment-instructions reads one page in the store: one find, its limit, cursor and status",
    () =>
      Effect.gen(function* () {
        const Repository = Payments.PaymentInstructionRepository.PaymentInstructionRepository
        const finds = yield* Ref.make<ReadonlyArray<Persistence.AggregateStore.Query<string>>>([])
        const { send, token } = yield* makeHarnessWith((context) => {
          const store = Context.get(context, Repository)
          return Context.add(context, Repository, {
            ...store,
            find: (query) =>
              Effect.andThen(
                Ref.update(finds, (all) => [...all, query]),
                store.find(query),
              ),
          })
        })
        const auth = yield* token(approver)
        for (const index of [1, 2, 3]) {
          const created = yield* send({
            method: "POST",
            path: "/v1/bills",
            token: auth,
            body: sampleBill(`bill-${index}`, `WB/2024-25/00000${index}`),
          })
          assert.strictEqual(created.status, 201)
        }
        const reader = yield* token(viewer)
        const listed = (path: string) =>
          Effect.gen(function* () {
            yield* Ref.set(finds, [])
            const response = yield* send({ path, token: reader })
            assert.strictEqual(response.status, 200, response.text)
            const page = response.json as { items: ReadonlyArray<{ number: string }>; nextCursor?: string }
            return {
              page,
              finds: (yield* Ref.get(finds)).map(({ where, limit, cursor }) => ({ where, limit, cursor })),
            }
          })
        const first = yield* listed("/v1/payment-instructions?limit=2")
        assert.strictEqual(first.page.items.length, 2)
        assert.deepStrictEqual(first.finds, [{ where: { status: undefined }, limit: 2, cursor: undefined }])
        const cursor = first.page.nextCursor ?? ""
        const second = yield* listed(`/v1/payment-instructions?status=New&limit=2&cursor=${cursor}`)
        assert.deepStrictEqual(second.finds, [{ where: { status: "New" }, limit: 2, cursor }])
        assert.strictEqual(second.page.items.length, 1)
        const all = yield* listed("/v1/payment-instructions")
        assert.deepStrictEqual(all.finds, [{ where: { status: undefined }, limit: 10, cursor: undefined }])
        assert.deepStrictEqual(
          all.page.items.map((item) => item.number),
          [...first.page.items, ...second.page.items].map((item) => item.number),
          "oldest first, as recorded",
        )
      }),
  )

  it.effect("API-6 an action with a stale version is a 409 STALE_VERSION and calls no one", () =>
    Effect.gen(function* () {
      const { send, token, number } = yield* setUp
      const response = yield* send({
        method: "POST",
        path: `${piPath(number)}/actions`,
        token: yield* token(officer),
        body: { action: "RESUBMIT", version: 7 },
      })
      assert.strictEqual(response.status, 409)
      assert.strictEqual((response.json as ProblemJson).code, "STALE_VERSION")
    }),
  )

  it.effect("API-6 PI-V-2 RESUBMIT without funds is a 422 listing INSUFFICIENT_FUNDS; nothing changes", () =>
    Effect.gen(function* () {
      const { send, token, number } = yield* setUp
      const response = yield* send({
        method: "POST",
        path: `${piPath(number)}/actions`,
        token: yield* token(officer),
        body: { action: "RESUBMIT", version: 1 },
      })
      assert.strictEqual(response.status, 422, response.text)
      const problem = response.json as ProblemJson
      assert.strictEqual(problem.code, "PAYMENT_INSTRUCTION_REFUSED")
      assert.include(
        problem.errors.map((error) => error.code),
        "INSUFFICIENT_FUNDS",
      )
      const after = (yield* send({ path: piPath(number), token: yield* token(viewer) })).json as PiJson
      assert.strictEqual(after.version, 1)
      assert.strictEqual(after.status, "New")
    }),
  )

  it.effect(
    "API-6 PI-S-1 PI-S-3 RESUBMIT pushes the PI, REFRESH polls PIS; the register books the expense",
    () =>
      Effect.gen(function* () {
        const { send, token, number, use } = yield* setUp
        yield* use(allot("100000"))
        const pi = yield* use(
          Payments.PaymentInstructionIssue.load(Config.TenantId.makeUnsafe(tenantId), number),
        )
        yield* use(enqueue({ PI: [Payments.JitOutcome.success(jitReplies.acknowledgement(pi))] }))
        const auth = yield* token(officer)
        const pushed = yield* send({
          method: "POST",
          path: `${piPath(number)}/actions`,
          token: auth,
          body: { action: "RESUBMIT", version: 1, comment: "funds arrived" },
        })
        assert.strictEqual(pushed.status, 200, pushed.text)
        const result = pushed.json as { paymentInstruction: PiJson; messages: ReadonlyArray<string> }
        assert.strictEqual(result.paymentInstruction.status, "Initiated")
        assert.deepStrictEqual(result.messages, [
          "On call of PI API: Response is received and updated successfully",
        ])
        yield* use(
          enqueue({
            PIS: [
              Payments.JitOutcome.success(
                jitReplies.instructionStatus(pi, {
                  jitPaymentInstructionId: "PMT-1",
                  jitPaymentInstructionDate: "2024-06-10",
                }),
              ),
            ],
          }),
        )
        const refreshed = yield* send({
          method: "POST",
          path: `${piPath(number)}/actions`,
          token: auth,
          body: { action: "REFRESH", version: result.paymentInstruction.version },
        })
        assert.strictEqual(refreshed.status, 200, refreshed.text)
        const afterRefresh = refreshed.json as { paymentInstruction: PiJson }
        assert.strictEqual(afterRefresh.paymentInstruction.status, "Approved")
        assert.deepStrictEqual(
          afterRefresh.paymentInstruction.history
            .filter((entry) => entry.kind === "JitCalled")
            .map((entry) => entry.service),
          ["PI", "PIS"],
        )
        const register = yield* send({
          path: `/v1/funds/register?financialYear=2024-25&headOfAccount=${headOfAccount}`,
          token: yield* token(viewer),
        })
        assert.strictEqual(register.status, 200, register.text)
        const view = register.json as {
          headsOfAccount: ReadonlyArray<{
            fundsAvailable: string
            lines: ReadonlyArray<{ kind: string; amount: string; fundsAvailableAfter: string }>
          }>
        }
        assert.deepStrictEqual(
          view.headsOfAccount[0]?.lines.map((line) => [line.kind, line.amount, line.fundsAvailableAfter]),
          [
            ["initialAllotment", "100000", "100000"],
            ["expense", "2150", "97850"],
          ],
        )
        assert.strictEqual(view.headsOfAccount[0]?.fundsAvailable, "97850")
        const revise = yield* send({
          method: "POST",
          path: `${piPath(number)}/actions`,
          token: auth,
          body: { action: "REVISE", version: afterRefresh.paymentInstruction.version },
        })
        assert.strictEqual(revise.status, 422)
        assert.strictEqual((revise.json as ProblemJson).code, "NOTHING_TO_REPAY")
      }),
  )

  it.effect(
    "API-6 PI-S-7 REVISE on a Completed PI with a failed payment raises the revised PI with the corrected account",
    () =>
      Effect.gen(function* () {
        const { send, token, number, use } = yield* setUp
        const tenant = Config.TenantId.makeUnsafe(tenantId)
        const target = { tenantId: tenant, paymentInstructionNumber: number }
        yield* use(
          Effect.gen(function* () {
            yield* allot("100000")
            const pi = yield* Payments.PaymentInstructionIssue.load(tenant, number)
            yield* enqueue({ PI: [Payments.JitOutcome.success(jitReplies.acknowledgement(pi))] })
            yield* Payments.JitRun.push(target)
            yield* enqueue({
              PIS: [
                Payments.JitOutcome.success(
                  jitReplies.instructionStatus(pi, {
                    jitPaymentInstructionId: "858",
                    jitPaymentInstructionDate: "2024-06-10 16:03:04",
                  }),
                ),
              ],
              PAG: [
                Payments.JitOutcome.success(
                  jitReplies.advice(pi, {
                    financialYear: "2024",
                    adviceId: "38",
                    adviceDate: "2024-06-10",
                    onlineBillReference: "202411171279",
                    tokenNumber: "4",
                    tokenDate: "2024-06-10",
                  }),
                ),
              ],
            })
            yield* Payments.JitRun.poll({ ...target, service: "PIS" })
            const advised = yield* Payments.JitRun.poll({ ...target, service: "PAG" })
            const inProcess = advised.paymentInstruction ?? pi
            const ids = inProcess.beneficiaries.map((beneficiary) => beneficiary.paymentId)
            yield* TestClock.adjust("1 days")
            yield* enqueue({
              PD: [
                Payments.JitOutcome.success(
                  jitReplies.paid(inProcess, ids, {
                    voucherNumber: "22171",
                    voucherDate: "2024-06-11",
                    billReference: "202411171279",
                  }),
                ),
              ],
            })
            const completed = yield* Payments.JitRun.poll({ ...target, service: "PD" })
            yield* TestClock.adjust("2 days")
            yield* enqueue({
              FD: [
                Payments.JitOutcome.success(
                  jitReplies.failed(completed.paymentInstruction ?? pi, [ids[1] ?? ""], {
                    failureReason: "Account is Dormant",
                    challanNumber: "86582",
                    challanDate: "2024-06-13",
                  }),
                ),
              ],
            })
            yield* Payments.JitRun.poll({ ...target, service: "FD" })
          }),
        )
        const reader = yield* token(viewer)
        const failed = (yield* send({ path: piPath(number), token: reader })).json as PiJson
        assert.strictEqual(failed.status, "Completed")
        const failedId = failed.beneficiaries[1]?.paymentId ?? ""
        const revise = yield* send({
          method: "POST",
          path: `${piPath(number)}/actions`,
          token: yield* token(officer),
          body: {
            action: "REVISE",
            version: failed.version,
            corrections: [
              {
                paymentId: failedId,
                bankAccount: { accountNumber: "200000000002", ifsc: "UTIB0000123", accountType: "Saving" },
              },
            ],
          },
        })
        assert.strictEqual(revise.status, 200, revise.text)
        const result = revise.json as { raised: { kind: string; paymentInstruction: PiJson } }
        assert.strictEqual(result.raised.kind, "revised")
        assert.deepStrictEqual(
          result.raised.paymentInstruction.beneficiaries.map((beneficiary) => [
            beneficiary.paymentId,
            beneficiary.bankAccount.accountNumber,
            beneficiary.amount,
          ]),
          [[failedId, "********0002", "900"]],
        )
        const again = yield* send({
          method: "POST",
          path: `${piPath(number)}/actions`,
          token: yield* token(officer),
          body: { action: "REVISE", version: failed.version },
        })
        // The revision moved the failed PI's version (RepaymentRaised).
        assert.strictEqual(again.status, 409)
        assert.strictEqual((again.json as ProblemJson).code, "STALE_VERSION")
        const current = yield* send({ path: piPath(number), token: yield* token(viewer) })
        const afterRevision = yield* send({
          method: "POST",
          path: `${piPath(number)}/actions`,
          token: yield* token(officer),
          body: { action: "REVISE", version: (current.json as PiJson).version },
        })
        assert.strictEqual(afterRevision.status, 422)
        assert.strictEqual((afterRevision.json as ProblemJson).code, "NOTHING_TO_REPAY")
      }),
  )

  it.effect("API-3 an unknown PI is a 404; an action on it too", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const missing = yield* send({ path: piPath("PI-DK/2024-25/999999"), token: yield* token(viewer) })
      assert.strictEqual(missing.status, 404)
      assert.strictEqual((missing.json as ProblemJson).code, "PAYMENT_INSTRUCTION_NOT_FOUND")
      const action = yield* send({
        method: "POST",
        path: `${piPath("PI-DK/2024-25/999999")}/actions`,
        token: yield* token(officer),
        body: { action: "REFRESH", version: 1 },
      })
      assert.strictEqual(action.status, 404)
    }),
  )
})

describe("funds and JIT", () => {
  it.effect("PI-F-2 GET /v1/funds/register lists every configured head of account of the current year", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({ path: "/v1/funds/register", token: yield* token(viewer) })
      assert.strictEqual(response.status, 200, response.text)
      const view = response.json as {
        financialYear: string
        headsOfAccount: ReadonlyArray<{ fundsAvailable: string }>
      }
      assert.strictEqual(view.financialYear, "2024-25")
      assert.strictEqual(view.headsOfAccount.length, 3)
      assert.isTrue(view.headsOfAccount.every((head) => head.fundsAvailable === "0"))
    }),
  )

  it.effect("PI-P-1 POST /v1/jit/runs runs the calls due now and reports each", () =>
    Effect.gen(function* () {
      const { send, token } = yield* setUp
      const response = yield* send({ method: "POST", path: "/v1/jit/runs", token: yield* token(officer) })
      assert.strictEqual(response.status, 200, response.text)
      const view = response.json as { calls: ReadonlyArray<{ service: string; outcome: string }> }
      assert.isArray(view.calls)
    }),
  )
})
