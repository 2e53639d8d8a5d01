import { assert, describe, it } from "@effect/vitest"
import { AadhaarClient, AadhaarSimulator } from "@karya/adapters-jit"
import { Config, Registries, Time } from "@karya/core"
import { registriesTestLayer, sampleBoundaryRequests, sampleWageSeekerInput } from "@karya/core/testing"
import {
  Cause,
  DateTime,
  Effect,
  Exit,
  Fiber,
  type Layer,
  Logger,
  Redacted,
  References,
  Result,
} from "effect"
import { TestClock } from "effect/testing"
import { getResponse } from "msw"

const { Aadhaar, AadhaarGateway, BoundaryUseCases, WageSeekerUseCases } = Registries

const aadhaarOf = (body: string): string => `${body}${Aadhaar.verhoeffCheckDigit(body)}`
const validAadhaar = aadhaarOf("23456789012")

const portRequest = (
  overrides: Partial<Registries.AadhaarGateway.AadhaarAuthenticationRequest> = {},
): Registries.AadhaarGateway.AadhaarAuthenticationRequest => ({
  uid: validAadhaar,
  uidType: "A",
  consent: "Y",
  txn: "txn-0001",
  name: "Sabita Nayak",
  dob: Time.LocalDate.makeUnsafe("1990-06-15"),
  gender: "F",
  ...overrides,
})

// A loopback fake gateway and the client layer pointing at it, for one scope.
const withGateway = (
  script: AadhaarSimulator.Script,
  options: { readonly onRequest?: (request: AadhaarClient.RequestBody) => void } = {},
) =>
  Effect.gen(function* () {
    const gateway = AadhaarSimulator.make(script, options)
    const server = yield* AadhaarSimulator.serve(gateway, { apiKey: "secret-api-key" })
    const layer = AadhaarClient.layer({
      baseUrl: server.url,
      subAuaCode: "OCAC-SUB-01",
      apiKey: Redacted.make("secret-api-key"),
    })
    return { gateway, server, layer }
  })

const authenticateWith = (layer: Layer.Layer<Registries.AadhaarGateway.AadhaarGateway>) =>
  Effect.fnUntraced(function* (request: Registries.AadhaarGateway.AadhaarAuthenticationRequest) {
    const gateway = yield* AadhaarGateway.AadhaarGateway
    return yield* gateway.authenticate(request)
  }, Effect.provide(layer))

const response = (status: number, body: unknown): AadhaarClient.Reply => ({
  _tag: "Response",
  status,
  body: typeof body === "string" ? body : JSON.stringify(body),
})

const classify = (reply: AadhaarClient.Reply) => AadhaarClient.classifyReply({ txn: "txn-1", reply })

const failureReason = (result: ReturnType<typeof classify>): string | undefined =>
  Result.isFailure(result) ? result.failure.reason : undefined

describe("AadhaarClient.classifyReply", () => {
  it('AAD-2: ret "y" is valid and keeps the uidToken; without a token it is still valid', () => {
    assert.deepStrictEqual(
      classify(response(200, { ret: "y", status: "SUCCESS", txn: "txn-1", uidToken: "vault-7" })),
      Result.succeed({ ret: "y", uidToken: "vault-7" }),
    )
    assert.deepStrictEqual(
      classify(response(200, { ret: "y", status: "SUCCESS" })),
      Result.succeed({ ret: "y" }),
    )
  })

  it('AAD-2: ret "n" is invalid, with the gateway error code', () => {
    assert.deepStrictEqual(
      classify(response(200, { ret: "n", status: "SUCCESS", err: "300", txn: "txn-1" })),
      Result.succeed({ ret: "n", errorCode: "300" }),
    )
  })

  it("AAD-2: ERROR, non-2xx, transport error, timeout, undecodable and foreign txn are a failed check", () => {
    const cases: ReadonlyArray<readonly [AadhaarClient.Reply, string]> = [
      [response(200, { ret: "n", status: "ERROR", err: "998", txn: "txn-1" }), "gateway error 998"],
      [response(200, { ret: "y", status: "ERROR" }), "gateway error"],
      [response(503, { ret: "y", status: "SUCCESS" }), "gateway HTTP status 503"],
      [response(302, ""), "gateway HTTP status 302"],
      [{ _tag: "TransportError" }, "no response (connection failed)"],
      [{ _tag: "Timeout" }, "no response"],
      [response(200, "<html>"), "undecodable reply"],
      [response(200, { status: "SUCCESS" }), "undecodable reply"],
      [response(200, { ret: "maybe" }), "undecodable reply"],
      [response(200, [1, 2]), "undecodable reply"],
      [response(200, { ret: "y", txn: "txn-other" }), "reply for another transaction"],
    ]
    for (const [reply, reason] of cases) {
      const result = classify(reply)
      assert.isTrue(Result.isFailure(result))
      assert.strictEqual(failureReason(result), reason)
      if (Result.isFailure(result)) {
        assert.strictEqual(result.failure.code, "AADHAAR_CHECK_FAILED")
        assert.strictEqual(result.failure.txn, "txn-1")
      }
    }
  })

  it("AAD-4: a gateway error code echoing the number is not carried into the failure", () => {
    const result = classify(
      response(200, { ret: "n", status: "ERROR", err: validAadhaar, errMsg: validAadhaar }),
    )
    assert.strictEqual(failureReason(result), "gateway error")
  })
})

describe("AadhaarClient.requestBody", () => {
  it('AAD-2: consent "Y", isPI "y", isBio/isOTP "n", the sub-AUA code and our txn; bio/OTP only when given', () => {
    const body = AadhaarClient.requestBody(portRequest(), { subAuaCode: "SUB" })
    assert.deepStrictEqual(body, {
      uid: validAadhaar,
      uidType: "A",
      consent: "Y",
      subAuaCode: "SUB",
      txn: "txn-0001",
      isPI: "y",
      isBio: "n",
      isOTP: "n",
      name: "Sabita Nayak",
      dob: "1990-06-15",
      gender: "F",
    })
    const withExtras = AadhaarClient.requestBody(portRequest(), {
      subAuaCode: "SUB",
      biometric: { bioType: "FMR", rdInfo: "info", rdData: "data" },
      otpValue: "123456",
    })
    assert.deepInclude(withExtras, {
      isBio: "y",
      isOTP: "y",
      bioType: "FMR",
      rdInfo: "info",
      rdData: "data",
      otpValue: "123456",
    })
  })
})

describe("AadhaarClient over a loopback socket", () => {
  it.effect('AAD-2: ret "y" with a uidToken is valid; the gateway got the AAD-2 body', () =>
    Effect.gen(function* () {
      const { gateway, layer } = yield* withGateway(
        AadhaarSimulator.always({ kind: "valid", uidToken: "vault-1" }),
      )
      const answer = yield* authenticateWith(layer)(portRequest({ gender: "T", uidType: "V" }))
      assert.deepStrictEqual(answer, { ret: "y", uidToken: "vault-1" })
      assert.strictEqual(gateway.received.length, 1)
      assert.deepStrictEqual(gateway.received[0], {
        uid: validAadhaar,
        uidType: "V",
        consent: "Y",
        subAuaCode: "OCAC-SUB-01",
        txn: "txn-0001",
        isPI: "y",
        isBio: "n",
        isOTP: "n",
        name: "Sabita Nayak",
        dob: "1990-06-15",
        gender: "T",
      })
    }).pipe(Effect.scoped),
  )

  it.effect('AAD-2: ret "n" is invalid', () =>
    Effect.gen(function* () {
      const { layer } = yield* withGateway(AadhaarSimulator.always({ kind: "invalid", err: "300" }))
      const answer = yield* authenticateWith(layer)(portRequest())
      assert.deepStrictEqual(answer, { ret: "n", errorCode: "300" })
    }).pipe(Effect.scoped),
  )

  it.effect("AAD-2: status ERROR, HTTP 503 and garbage are AADHAAR_CHECK_FAILED, retryable", () =>
    Effect.gen(function* () {
      const answers: ReadonlyArray<readonly [AadhaarSimulator.Answer, string]> = [
        [{ kind: "error", err: "K-100", errMsg: "ASA down" }, "gateway error K-100"],
        [{ kind: "httpStatus", status: 503 }, "gateway HTTP status 503"],
        [{ kind: "garbage" }, "undecodable reply"],
      ]
      for (const [answer, reason] of answers) {
        const { layer } = yield* withGateway(AadhaarSimulator.always(answer))
        const failed = yield* Effect.flip(authenticateWith(layer)(portRequest()))
        assert.strictEqual(failed.code, "AADHAAR_CHECK_FAILED")
        assert.strictEqual(failed.reason, reason)
        assert.strictEqual(failed.txn, "txn-0001")
        assert.isTrue(failed.retryable)
      }
    }).pipe(Effect.scoped),
  )

  it.effect(
    "AAD-2 / REL-4: the redacted API key is sent; a wrong key (HTTP 401) is AADHAAR_CHECK_FAILED",
    () =>
      Effect.gen(function* () {
        const { gateway, server } = yield* withGateway(AadhaarSimulator.always({ kind: "valid" }))
        const wrongKey = AadhaarClient.layer({
          baseUrl: server.url,
          subAuaCode: "SUB",
          apiKey: Redacted.make("another-key"),
        })
        const failed = yield* Effect.flip(authenticateWith(wrongKey)(portRequest()))
        assert.strictEqual(failed.reason, "gateway HTTP status 401")
        assert.strictEqual(gateway.received.length, 0)
      }).pipe(Effect.scoped),
  )

  it.effect("AAD-2: a closed port (transport error) is AADHAAR_CHECK_FAILED", () =>
    Effect.gen(function* () {
      const url = yield* Effect.scoped(
        Effect.map(
          AadhaarSimulator.serve(AadhaarSimulator.make(AadhaarSimulator.always({ kind: "valid" }))),
          (server) => server.url,
        ),
      )
      const failed = yield* Effect.flip(
        authenticateWith(AadhaarClient.layer({ baseUrl: url, subAuaCode: "SUB" }))(portRequest()),
      )
      assert.strictEqual(failed.code, "AADHAAR_CHECK_FAILED")
      assert.strictEqual(failed.reason, "no response (connection failed)")
    }),
  )

  it.effect("AAD-2: no reply within the 30 s default timeout is AADHAAR_CHECK_FAILED (no response)", () =>
    Effect.gen(function* () {
      let arrived: () => void = () => undefined
      const requestArrived = new Promise<void>((resolve) => {
        arrived = resolve
      })
      const { layer } = yield* withGateway(AadhaarSimulator.always({ kind: "noReply" }), {
        onRequest: () => arrived(),
      })
      const fiber = yield* Effect.forkChild(Effect.flip(authenticateWith(layer)(portRequest())))
      yield* Effect.promise(() => requestArrived)
      yield* TestClock.adjust("29 seconds")
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust("1 second")
      const failed = yield* Fiber.join(fiber)
      assert.strictEqual(failed.code, "AADHAAR_CHECK_FAILED")
      assert.strictEqual(failed.reason, "no response")
    }).pipe(Effect.scoped),
  )
})

describe("AadhaarSimulator.mswHandler", () => {
  it.effect("AAD-2: the msw form answers as the loopback form does", () =>
    Effect.gen(function* () {
      const url = "https://aua.example.test/auth"
      const gateway = AadhaarSimulator.make(AadhaarSimulator.always({ kind: "valid", uidToken: "vault-9" }))
      const body = JSON.stringify(AadhaarClient.requestBody(portRequest(), { subAuaCode: "SUB" }))
      const reply = yield* Effect.promise(async () => {
        const found = await getResponse(
          [AadhaarSimulator.mswHandler(gateway, url)],
          new Request(url, { method: "POST", body }),
        )
        return found === undefined ? undefined : { status: found.status, body: await found.text() }
      })
      assert.isDefined(reply)
      if (reply === undefined) return
      const answer = AadhaarClient.classifyReply({ txn: "txn-0001", reply: { _tag: "Response", ...reply } })
      assert.deepStrictEqual(answer, Result.succeed({ ret: "y", uidToken: "vault-9" }))
      assert.strictEqual(gateway.received.length, 1)
    }),
  )
})

describe("AadhaarClient privacy", () => {
  it.effect("AAD-4 / REL-4: the Aadhaar number and the API key appear in no log line and no error", () => {
    const lines: Array<string> = []
    const collector = Logger.make((options) => {
      lines.push(Logger.formatJson.log(options))
      lines.push(Logger.formatLogFmt.log(options))
      lines.push(Cause.pretty(options.cause))
    })
    return Effect.gen(function* () {
      const errors: Array<string> = []
      const answers: ReadonlyArray<AadhaarSimulator.Answer> = [
        { kind: "valid", uidToken: "vault-1" },
        { kind: "invalid" },
        { kind: "error", err: validAadhaar, errMsg: `unknown uid ${validAadhaar}` },
        { kind: "httpStatus", status: 500 },
        { kind: "garbage" },
      ]
      for (const answer of answers) {
        const { layer } = yield* withGateway(AadhaarSimulator.always(answer))
        const exit = yield* Effect.exit(authenticateWith(layer)(portRequest()))
        if (Exit.isFailure(exit)) {
          errors.push(Cause.pretty(exit.cause))
          for (const error of Cause.prettyErrors(exit.cause)) {
            errors.push(String(error), error.message, JSON.stringify(error))
          }
        } else {
          errors.push(JSON.stringify(exit.value))
        }
      }
      assert.isAtLeast(lines.length, answers.length * 3)
      assert.isTrue(lines.some((line) => line.includes("Aadhaar check failed")))
      assert.isTrue(lines.some((line) => line.includes("txn-0001")))
      for (const text of [...lines, ...errors]) {
        assert.notInclude(text, validAadhaar)
        assert.notInclude(text, "secret-api-key")
      }
    }).pipe(
      Effect.scoped,
      Effect.provide(Logger.layer([collector])),
      Effect.provideService(References.MinimumLogLevel, "All"),
    )
  })
})

describe("AadhaarClient through the wage seeker use case", () => {
  const dhenkanal = Config.TenantId.makeUnsafe("od.dhenkanal")
  const configuration = Config.TenantConfiguration.mukta({ tenantId: dhenkanal, cityCode: "DK" })
  const registrar = { userId: "registrar", grants: [{ role: "WAGE_SEEKER_REGISTRAR", tenantId: dhenkanal }] }
  const register = (wageSeeker: Registries.WageSeeker.WageSeekerInput) =>
    WageSeekerUseCases.registerWageSeeker({ tenantId: dhenkanal, actor: registrar, wageSeeker }).pipe(
      Effect.provide(Config.TenantSettings.layerMemory([configuration])),
    )

  it.effect(
    "AAD-3: EPIC, driving licence and ration card register with no gateway call; Aadhaar passes AAD-2 and keeps the uidToken",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(DateTime.toEpochMillis(DateTime.makeUnsafe("2024-06-10T06:00:00Z")))
        yield* Effect.forEach(sampleBoundaryRequests(dhenkanal), BoundaryUseCases.addBoundary)
        const { gateway, layer } = yield* withGateway(
          AadhaarSimulator.always({ kind: "valid", uidToken: "vault-from-aua" }),
        )
        const withClient = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provide(effect, layer)
        yield* withClient(register(sampleWageSeekerInput()))
        yield* withClient(
          register(
            sampleWageSeekerInput({
              identity: { documentType: "DRIVING_LICENCE", documentNumber: "OD-0220190012345" },
            }),
          ),
        )
        yield* withClient(
          register(
            sampleWageSeekerInput({
              identity: { documentType: "TPDS_RATION_CARD", documentNumber: "RC/22/0001" },
            }),
          ),
        )
        assert.strictEqual(gateway.received.length, 0)
        const { wageSeeker } = yield* withClient(
          register(
            sampleWageSeekerInput({ identity: { documentType: "AADHAAR", documentNumber: validAadhaar } }),
          ),
        )
        assert.strictEqual(gateway.received.length, 1)
        assert.strictEqual(gateway.received[0]?.consent, "Y")
        assert.deepInclude(wageSeeker.identity, {
          documentType: "AADHAAR",
          lastFourDigits: validAadhaar.slice(-4),
        })
        if (wageSeeker.identity.documentType === "AADHAAR") {
          assert.deepStrictEqual(wageSeeker.identity.vault, { kind: "token", uidToken: "vault-from-aua" })
        }
      }).pipe(Effect.scoped, Effect.provide(registriesTestLayer())),
  )
})
