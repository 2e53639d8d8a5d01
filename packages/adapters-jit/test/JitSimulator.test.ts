import { assert, describe, it } from "@effect/vitest"
import { JitCrypto, JitSimulator, JitSimulatorScenario, JitSimulatorServer } from "@karya/adapters-jit"
import { Payments } from "@karya/core"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import {
  beneficiary,
  call,
  callRaw,
  type Endpoint,
  errorsOf,
  hoa,
  login,
  piParams,
  rowsOf,
  type Session,
  session,
} from "./JitSimulatorRawClient.js"

const { isDuplicatePaymentInformation, isRejection } = Payments.JitOutcome
const { classify } = Payments.JitErrorCatalogue

// One RSA key pair for the file: generating one takes a while.
const keyPair = JitCrypto.generateRsaKeyPair()

const withServer = <A, E>(
  scenario: JitSimulatorScenario.Scenario,
  body: (endpoint: Endpoint, server: JitSimulatorServer.RunningServer) => Effect.Effect<A, E>,
) =>
  Effect.gen(function* () {
    const server = yield* JitSimulatorServer.JitSimulatorServer
    return yield* body(server, server)
  }).pipe(Effect.provide(JitSimulatorServer.layer({ scenario, keyPair })))

const push = (endpoint: Endpoint, s: Session, number: string, params = piParams(number)) =>
  call(endpoint, s, "PI", params)

const pis = (endpoint: Endpoint, s: Session, number: string) =>
  call(endpoint, s, "PIS", { jitBillNo: number, jitBillDate: "2023-05-25", ssuIaId: "1621" })

const pag = (endpoint: Endpoint, s: Session, number: string, pmtInstId: string, pmtInstDate: string) =>
  call(endpoint, s, "PAG", {
    pmtInstId,
    pmtInstDate,
    billNo: number,
    billDate: "2023-05-25",
    ssuIaId: "1621",
  })

const pd = (endpoint: Endpoint, s: Session, advice: Record<string, unknown>) =>
  call(endpoint, s, "PD", {
    finYear: advice.finYear,
    extAppName: "MUKTA",
    billRefNo: advice.onlineBillRefNo,
    tokenNumber: advice.tokenNumber,
    tokenDate: advice.tokenDate,
  })

const fd = (endpoint: Endpoint, s: Session, voucherDate: unknown) =>
  call(endpoint, s, "FD", { finYear: "1970", extAppName: "MUKTA", voucherDate })

/** Pushes a PI and polls it to its advice. */
const toAdvice = (endpoint: Endpoint, s: Session, number: string, params = piParams(number)) =>
  Effect.gen(function* () {
    assert.strictEqual(rowsOf(yield* push(endpoint, s, number, params))[0]?.successCode, "0")
    const status = rowsOf(yield* pis(endpoint, s, number))[0]
    assert.isDefined(status)
    const advice = rowsOf(
      yield* pag(endpoint, s, number, String(status?.pmtInstId), String(status?.payInstDate)),
    )[0]
    assert.isDefined(advice)
    return advice ?? {}
  })

const listOf = (
  row: Record<string, unknown> | undefined,
  key: string,
): ReadonlyArray<Record<string, string>> => (row?.[key] ?? []) as ReadonlyArray<Record<string, string>>

const benfIds = (row: Record<string, unknown> | undefined): ReadonlyArray<string> =>
  listOf(row, "benfDtls").map((item) => item.benfId ?? "")

describe("JitSimulator", () => {
  it.effect("JIT-W-1 JIT-W-2 SIM-1 logs in: RSA-OAEP app key in, sek under the app key out", () =>
    withServer({}, (endpoint) =>
      Effect.gen(function* () {
        const ok = yield* login(endpoint)
        assert.strictEqual(ok.status, 200)
        assert.isString(ok.body.authToken)
        assert.strictEqual(ok.session?.sessionKey.length, 32)
        const wrong = yield* login(endpoint, "not-the-secret")
        assert.strictEqual(wrong.status, 401)
        assert.isUndefined(wrong.session)
      }),
    ),
  )

  it.effect("JIT-W-3 SIM-1 VA answers raw base64 under the REK with the configured allotments", () =>
    withServer(
      {
        sanctions: [
          {
            sanctionId: "920",
            headOfAccount: hoa,
            ddoCode: "OLSHUD001",
            granteeCode: "GOHUDULBMPL0036",
            schemeCode: "13145",
            ssuId: "1621",
            allotments: [
              { ssuAllotmentId: "860", date: "2023-05-10", amount: "10000", kind: "Initial Allotment" },
              { ssuAllotmentId: "898", date: "2023-05-18", amount: "100.50", kind: "Additional allotment" },
              { ssuAllotmentId: "937", date: "2023-05-23", amount: "100", kind: "Allotment withdrawal" },
            ],
          },
        ],
      },
      (endpoint) =>
        Effect.gen(function* () {
          const s = yield* session(endpoint)
          const reply = yield* call(endpoint, s, "VA", {
            hoa,
            fromDate: "2023-05-11 00:00:00",
            ddoCode: "OLSHUD001",
            granteCode: "GOHUDULBMPL0036",
          })
          assert.strictEqual(reply?.status, 200)
          assert.match(reply?.text ?? "", /^[A-Za-z0-9+/]+=*$/)
          assert.throws(() => JitCrypto.decryptJson({ key: s.sessionKey, ciphertext: reply?.text ?? "" }))
          assert.strictEqual(reply?.envelope?.serviceId, "VA")
          assert.strictEqual(reply?.envelope?.errorMsg, null)
          const rows = rowsOf(reply)
          assert.deepStrictEqual(
            rows.map((row) => [
              row.ssuAllotmentId,
              row.allotmentAmount,
              row.availableBalance,
              row.allotmentTxnType,
            ]),
            [
              ["898", "100.50", "10100.50", "Additional allotment"],
              ["937", "100.00", "10000.50", "Allotment withdrawal"],
            ],
          )
          assert.strictEqual(rows[0]?.mstAllotmentDistId, "920")
          const other = yield* call(endpoint, s, "VA", {
            hoa: "999",
            fromDate: "",
            ddoCode: "X",
            granteCode: "",
          })
          assert.deepStrictEqual(rowsOf(other), [])
        }),
    ),
  )

  it.effect("JIT-W-7 SIM-1 SIM-2 a PI moves PI → PIS → PAG → PD → FD with chosen beneficiaries failing", () =>
    withServer(
      { failBeneficiaries: [{ accountNumber: "000000000038", reason: "Account does not exist" }] },
      (endpoint, server) =>
        Effect.gen(function* () {
          const s = yield* session(endpoint)
          const accepted = rowsOf(yield* push(endpoint, s, "PI/2023-24/0001"))[0]
          assert.strictEqual(accepted?.successCode, "0")
          assert.isString(accepted?.sucessDescrp)
          assert.match(String(accepted?.jitBillNo), /^PI-1621\/1969-70\/\d{6}$/)
          const status = rowsOf(yield* pis(endpoint, s, "PI/2023-24/0001"))[0]
          assert.strictEqual(status?.billNetAmount, "500.00")
          assert.strictEqual(status?.totalNumberOfBeneficiary, "2")
          assert.isString(status?.pmtInstId)
          const advice = rowsOf(
            yield* pag(
              endpoint,
              s,
              "PI/2023-24/0001",
              String(status?.pmtInstId),
              String(status?.payInstDate),
            ),
          )[0]
          assert.deepStrictEqual(
            listOf(advice, "benfList").map((item) => item.benfId),
            ["PAY-1", "PAY-2"],
          )
          const paid = rowsOf(yield* pd(endpoint, s, advice ?? {}))[0]
          assert.deepStrictEqual(benfIds(paid), ["PAY-1", "PAY-2"])
          assert.strictEqual(paid?.billRefNo, advice?.onlineBillRefNo)
          const failed = rowsOf(yield* fd(endpoint, s, paid?.voucherDate))
          assert.strictEqual(failed.length, 1)
          assert.strictEqual(failed[0]?.billRefNo, advice?.onlineBillRefNo)
          const failedBeneficiary = listOf(failed[0], "benfDtls")[0]
          assert.strictEqual(failedBeneficiary?.benfId, "PAY-2")
          assert.strictEqual(failedBeneficiary?.failedReason, "Account does not exist")
          assert.deepStrictEqual(rowsOf(yield* fd(endpoint, s, "2099-01-01")), [])
          const state = yield* server.simulator.state
          assert.strictEqual(Object.keys(state.bills).length, 1)
        }),
    ),
  )

  it.effect(
    "SIM-1 SIM-2 a correction (COR) of a failed beneficiary is paid by FTPS; FTFPS reports its failure",
    () =>
      withServer(
        {
          failBeneficiaries: [
            { paymentId: "pay-2", reason: "Account is Dormant", times: 2 },
            { accountNumber: "000000000099", reason: "never used" },
          ],
        },
        (endpoint) =>
          Effect.gen(function* () {
            const s = yield* session(endpoint)
            const advice = yield* toAdvice(endpoint, s, "PI/2023-24/0002")
            yield* pd(endpoint, s, advice)
            const corParams = {
              jitCorBillNo: "COR/PI/2023-24/0002/1",
              jitCorBillDate: "2023-06-05 10:00:00",
              jitCorBillDeptCode: "MUKTA",
              jitOrgBillRefNo: advice.onlineBillRefNo,
              jitOrgBillNo: "PI/2023-24/0002",
              jitOrgBillDate: "2023-05-25",
              beneficiaryDtls: [
                {
                  benefId: "PAY-2",
                  jitCurBillRefNo: advice.onlineBillRefNo,
                  orgAccountNo: "000000000038",
                  orgIfsc: "ICIC0003892",
                  correctedAccountNo: "000000000040",
                  correctedIfsc: "ICIC0003892",
                  curAccountNo: "000000000038",
                  curIfsc: "ICIC0003892",
                },
              ],
            }
            const corrected = yield* callRaw(endpoint, s, { serviceID: "COR", params: corParams })
            assert.strictEqual(rowsOf(corrected)[0]?.successCode, "0")
            const again = yield* call(endpoint, s, "COR", corParams)
            assert.isTrue(isDuplicatePaymentInformation(errorsOf(again)))
            const ftpsParams = {
              jitCorBillNo: "COR/PI/2023-24/0002/1",
              jitCorBillDate: "2023-06-05 10:00:00",
              jitCorBillDeptCode: "MUKTA",
              jitOrgBillRefNo: advice.onlineBillRefNo,
              jitOrgBillNo: "PI/2023-24/0002",
              jitOrgBillDate: "2023-05-25",
            }
            const paid = rowsOf(yield* call(endpoint, s, " FTPS", ftpsParams))[0]
            assert.deepStrictEqual(benfIds(paid), ["PAY-2"])
            assert.notStrictEqual(paid?.billRefNo, advice.onlineBillRefNo)
            assert.strictEqual(paid?.jitOrgBillRefNo, advice.onlineBillRefNo)
            const failures = rowsOf(
              yield* call(endpoint, s, "FTFPS", {
                jitCorBillNo: "COR/PI/2023-24/0002/1",
                jitCorBillDate: "2023-06-05 10:00:00",
                billRefNo: paid?.billRefNo,
                tokenNumber: paid?.tokenNumber,
                tokenDate: paid?.tokenDate,
              }),
            )
            const row = listOf(failures[0], "benfDtls")[0]
            assert.strictEqual(row?.benfId, "PAY-2")
            assert.strictEqual(row?.benfAcctNo, "000000000040")
            assert.strictEqual(row?.failedReason, "Account is Dormant")
          }),
      ),
  )

  it.effect("SIM-2 declinePi answers a catalogue code once; the corrected re-push is accepted", () =>
    withServer({ declinePi: { errorCode: "TV0003", times: 1 } }, (endpoint) =>
      Effect.gen(function* () {
        const s = yield* session(endpoint)
        const declined = errorsOf(yield* push(endpoint, s, "PI/2023-24/0003"))
        assert.deepStrictEqual(
          declined.map((error) => error.code),
          ["TV0003"],
        )
        assert.strictEqual(classify("TV0003").category, "correctable")
        assert.isFalse(isDuplicatePaymentInformation(declined))
        assert.strictEqual(rowsOf(yield* push(endpoint, s, "PI/2023-24/0003"))[0]?.successCode, "0")
      }),
    ),
  )

  it.effect("SIM-2 a PI number pushed twice is answered PV0073, which core reads as a duplicate", () =>
    withServer({}, (endpoint) =>
      Effect.gen(function* () {
        const s = yield* session(endpoint)
        assert.strictEqual(rowsOf(yield* push(endpoint, s, "PI/2023-24/0004"))[0]?.successCode, "0")
        const again = errorsOf(yield* push(endpoint, s, "PI/2023-24/0004"))
        assert.strictEqual(again[0]?.code, "PV0073")
        assert.isTrue(isDuplicatePaymentInformation(again))
        assert.strictEqual(classify("PV0073").category, "duplicate")
      }),
    ),
  )

  it.effect("SIM-2 duplicatePaymentInformation answers PV0073 yet holds the PI, so PIS approves it", () =>
    withServer({ duplicatePaymentInformation: { times: 1 } }, (endpoint) =>
      Effect.gen(function* () {
        const s = yield* session(endpoint)
        assert.isTrue(isDuplicatePaymentInformation(errorsOf(yield* push(endpoint, s, "PI/2023-24/0005"))))
        assert.isString(rowsOf(yield* pis(endpoint, s, "PI/2023-24/0005"))[0]?.pmtInstId)
      }),
    ),
  )

  it.effect("SIM-2 rejectAtPis: PIS says the bill is rejected by the SSU, and keeps saying it", () =>
    withServer({ rejectAtPis: { billNumbers: ["PI/2023-24/0006"] } }, (endpoint) =>
      Effect.gen(function* () {
        const s = yield* session(endpoint)
        yield* push(endpoint, s, "PI/2023-24/0006")
        yield* push(endpoint, s, "PI/2023-24/0007")
        const first = errorsOf(yield* pis(endpoint, s, "PI/2023-24/0006"))
        assert.match(first[0]?.message ?? "", /^This Bill Number PI-1621\/.* is rejected by SSU angul_op$/)
        assert.isTrue(isRejection(first))
        assert.isTrue(isRejection(errorsOf(yield* pis(endpoint, s, "PI/2023-24/0006"))))
        assert.isString(rowsOf(yield* pis(endpoint, s, "PI/2023-24/0007"))[0]?.pmtInstId)
      }),
    ),
  )

  it.effect("SIM-2 drop responses: no reply, garbage, timeout; the request was processed all the same", () =>
    withServer(
      {
        dropResponses: [
          { service: "PI", mode: "noReply", times: 1 },
          { service: "PIS", mode: "garbage", times: 1 },
          { service: "VA", mode: "timeout", times: 1, timeoutMs: 60_000 },
        ],
      },
      (endpoint) =>
        Effect.gen(function* () {
          const s = yield* session(endpoint)
          assert.isUndefined(yield* push(endpoint, s, "PI/2023-24/0008"))
          assert.isTrue(isDuplicatePaymentInformation(errorsOf(yield* push(endpoint, s, "PI/2023-24/0008"))))
          const garbage = yield* pis(endpoint, s, "PI/2023-24/0008")
          assert.strictEqual(garbage?.status, 200)
          assert.isUndefined(garbage?.envelope)
          assert.isString(rowsOf(yield* pis(endpoint, s, "PI/2023-24/0008"))[0]?.pmtInstId)
          const va = { hoa, fromDate: "", ddoCode: "OLSHUD001", granteCode: "GOHUDULBMPL0036" }
          assert.isUndefined(yield* call(endpoint, s, "VA", va, { timeoutMs: 300 }))
          assert.strictEqual(rowsOf(yield* call(endpoint, s, "VA", va)).length, 1)
        }),
    ),
  )

  it.effect("SIM-2 JIT-W-4 expireSession and the session TTL answer 'No valid session encryption key'", () =>
    withServer({ expireSession: { times: 1 }, sessionTtlSeconds: 60 }, (endpoint) =>
      Effect.gen(function* () {
        const va = { hoa, fromDate: "", ddoCode: "OLSHUD001", granteCode: "GOHUDULBMPL0036" }
        const first = yield* session(endpoint)
        const expired = errorsOf(yield* call(endpoint, first, "VA", va))
        assert.strictEqual(expired[0]?.message, JitSimulator.noValidSessionMessage)
        assert.strictEqual(
          errorsOf(yield* call(endpoint, first, "VA", va))[0]?.message,
          JitSimulator.noValidSessionMessage,
        )
        const second = yield* session(endpoint)
        assert.strictEqual(rowsOf(yield* call(endpoint, second, "VA", va)).length, 1)
        yield* TestClock.adjust("61 seconds")
        assert.strictEqual(
          errorsOf(yield* call(endpoint, second, "VA", va))[0]?.message,
          JitSimulator.noValidSessionMessage,
        )
        const unknown = yield* call(endpoint, { ...second, authToken: "nope" }, "VA", va)
        assert.strictEqual(unknown?.status, 401)
        assert.include(unknown?.text ?? "", JitSimulator.noValidSessionMessage)
      }),
    ),
  )

  it.effect("SIM-2 delay approval by polls and payment by clock time", () =>
    withServer({ delayApproval: { polls: 2 }, delayPayment: { seconds: 3600 } }, (endpoint) =>
      Effect.gen(function* () {
        const s = yield* session(endpoint)
        yield* push(endpoint, s, "PI/2023-24/0009")
        assert.deepStrictEqual(rowsOf(yield* pis(endpoint, s, "PI/2023-24/0009")), [])
        assert.deepStrictEqual(rowsOf(yield* pis(endpoint, s, "PI/2023-24/0009")), [])
        const status = rowsOf(yield* pis(endpoint, s, "PI/2023-24/0009"))[0]
        const advice = rowsOf(
          yield* pag(endpoint, s, "PI/2023-24/0009", String(status?.pmtInstId), String(status?.payInstDate)),
        )[0]
        assert.deepStrictEqual(rowsOf(yield* pd(endpoint, s, advice ?? {})), [])
        yield* TestClock.adjust("1 hour")
        // The 30-minute session has expired meanwhile (JIT-W-4): log in again.
        const later = yield* session(endpoint)
        assert.deepStrictEqual(benfIds(rowsOf(yield* pd(endpoint, later, advice ?? {}))[0]), [
          "PAY-1",
          "PAY-2",
        ])
      }),
    ),
  )

  it.effect(
    "SIM-2 insufficient allotment: a PI beyond the sanction's balance, and a forced one, are declined",
    () =>
      withServer({ insufficientAllotment: { billNumbers: ["PI/2023-24/0011"] } }, (endpoint) =>
        Effect.gen(function* () {
          const s = yield* session(endpoint)
          const tooBig = piParams("PI/2023-24/0010", [beneficiary("PAY-9", "000000000090", "100000.01")])
          const declined = errorsOf(yield* push(endpoint, s, "PI/2023-24/0010", tooBig))
          assert.strictEqual(declined[0]?.code, "TR0006")
          assert.include(declined[0]?.message ?? "", "Insufficient")
          assert.strictEqual(errorsOf(yield* push(endpoint, s, "PI/2023-24/0011"))[0]?.code, "TR0006")
          const exact = piParams("PI/2023-24/0012", [beneficiary("PAY-9", "000000000090", "100000.00")])
          assert.strictEqual(rowsOf(yield* push(endpoint, s, "PI/2023-24/0012", exact))[0]?.successCode, "0")
          assert.strictEqual(errorsOf(yield* push(endpoint, s, "PI/2023-24/0013"))[0]?.code, "TR0006")
        }),
      ),
  )

  it.effect("SIM-2 partial PD: a chosen beneficiary is paid only on a later poll", () =>
    withServer(
      { partialPaymentDetails: { beneficiaries: [{ paymentId: "PAY-2" }], afterPolls: 1 } },
      (endpoint) =>
        Effect.gen(function* () {
          const s = yield* session(endpoint)
          const advice = yield* toAdvice(endpoint, s, "PI/2023-24/0014")
          assert.deepStrictEqual(benfIds(rowsOf(yield* pd(endpoint, s, advice))[0]), ["PAY-1"])
          assert.deepStrictEqual(benfIds(rowsOf(yield* pd(endpoint, s, advice))[0]), ["PAY-1", "PAY-2"])
        }),
    ),
  )

  it.effect("SIM-2 failures can be left out of PD and reported by FD only", () =>
    withServer(
      {
        failuresListedInPaymentDetails: false,
        failBeneficiaries: [{ paymentId: "PAY-1", reason: "Closed" }],
      },
      (endpoint) =>
        Effect.gen(function* () {
          const s = yield* session(endpoint)
          const advice = yield* toAdvice(endpoint, s, "PI/2023-24/0015")
          const paid = rowsOf(yield* pd(endpoint, s, advice))[0]
          assert.deepStrictEqual(benfIds(paid), ["PAY-2"])
          assert.deepStrictEqual(benfIds(rowsOf(yield* fd(endpoint, s, paid?.voucherDate))[0]), ["PAY-1"])
        }),
    ),
  )

  it.effect("SIM-2 a scenario is plain JSON data decoded by Schema", () =>
    Effect.gen(function* () {
      const text =
        '{"declinePi":{"errorCode":"TV0003","times":1},"dropResponses":[{"service":"PD","mode":"garbage"}],"delayApproval":{"polls":1}}'
      const scenario = yield* JitSimulatorScenario.decode(JSON.parse(text))
      assert.strictEqual(scenario.declinePi?.errorCode, "TV0003")
      assert.strictEqual(scenario.dropResponses?.[0]?.mode, "garbage")
      const bad = yield* Effect.exit(
        JitSimulatorScenario.decode({ dropResponses: [{ service: "PD", mode: "lost" }] }),
      )
      assert.isTrue(bad._tag === "Failure")
    }),
  )

  it.effect("SIM-1 JIT-W-6 tolerates serviceID and a leading space in the service id", () =>
    withServer({}, (endpoint) =>
      Effect.gen(function* () {
        const s = yield* session(endpoint)
        const reply = yield* callRaw(endpoint, s, {
          serviceID: " VA",
          params: { hoa, fromDate: "", ddoCode: "OLSHUD001", granteCode: "GOHUDULBMPL0036" },
        })
        assert.strictEqual(rowsOf(reply).length, 1)
        const unknown = errorsOf(yield* call(endpoint, s, "XX", {}))
        assert.include(unknown[0]?.message ?? "", "Invalid serviceId")
      }),
    ),
  )
})
