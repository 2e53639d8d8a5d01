import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Config, Payments } from "@karya/core"
import { Duration, Effect, Logger, Redacted, References, Schema } from "effect"
import { TestClock } from "effect/testing"
import * as JitClient from "../src/JitClient.js"
import {
  decryptAes,
  decryptJson,
  decryptRsa,
  encryptAes,
  encryptJson,
  generateAesKey,
  generateRsaKeyPair,
} from "../src/JitCrypto.js"

const keyPair = generateRsaKeyPair()
const clientId = "karya-test-client"
const clientSecret = "s3cr3t-client-secret-value"
const tenantId = Config.TenantId.makeUnsafe("od.dhenkanal")
const samplesDir = "/work/shared/fixtures/jit/samples"
const sample = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(samplesDir, file), "utf8")) as Record<string, unknown>

// ---------------------------------------------------------------- a tiny JIT on a loopback port

type Envelope = { readonly serviceId: string; readonly params: Record<string, unknown> }
type Reply =
  | { readonly _tag: "envelope"; readonly value: unknown; readonly status?: number }
  | { readonly _tag: "raw"; readonly status: number; readonly body: string }
  | { readonly _tag: "hang" }
  | { readonly _tag: "sessionKeyMissing" }

interface FakeJit {
  readonly url: string
  readonly logins: Array<{ readonly clientId: string | undefined; readonly clientSecret: string | undefined }>
  readonly calls: Array<{ readonly envelope: Envelope; readonly rek: string; readonly authToken: string }>
  readonly tokens: Array<string>
  readonly sessionKeys: Array<string>
  readonly appKeys: Array<string>
  /** Tokens JIT still knows but whose session key it considers expired. */
  readonly expired: Set<string>
  reply: (envelope: Envelope) => Reply
  loginDelayMillis: number
  /** JIT restarts and forgets every session. */
  forgetSessions: () => void
}

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    request.on("error", reject)
  })

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

const sessionKeyMissing = { serviceId: "", errorMsg: "No valid session encryption key found", data: [] }

const startJit = (
  reply: FakeJit["reply"] = () => ({ _tag: "envelope", value: sample("1VAResponse.json") }),
) =>
  Effect.acquireRelease(
    Effect.promise(
      () =>
        new Promise<{ readonly fake: FakeJit; readonly close: () => Promise<void> }>((resolve) => {
          const sessions = new Map<string, Buffer>()
          const fake: FakeJit = {
            url: "",
            logins: [],
            calls: [],
            tokens: [],
            sessionKeys: [],
            appKeys: [],
            expired: new Set(),
            reply,
            loginDelayMillis: 0,
            forgetSessions: () => sessions.clear(),
          }
          const handle = async (request: IncomingMessage, response: ServerResponse) => {
            const body = await readBody(request)
            if (request.method !== "POST") {
              response.writeHead(405).end()
              return
            }
            if (request.url === JitClient.authenticatePath) {
              fake.logins.push({
                clientId: header(request, "clientId"),
                clientSecret: header(request, "clientSecret"),
              })
              const appKey = decryptRsa({
                privateKeyPem: keyPair.privateKeyPem,
                ciphertext: (JSON.parse(body) as { appKey: string }).appKey,
              })
              const sessionKey = generateAesKey()
              const token = randomBytes(16).toString("hex")
              sessions.set(token, sessionKey)
              fake.tokens.push(token)
              fake.sessionKeys.push(sessionKey.toString("base64"))
              fake.appKeys.push(appKey.toString("base64"))
              const answer = JSON.stringify({
                authToken: token,
                sek: encryptAes({ key: appKey, plaintext: sessionKey }),
              })
              setTimeout(
                () => response.writeHead(200, { "content-type": "application/json" }).end(answer),
                fake.loginDelayMillis,
              )
              return
            }
            if (request.url === JitClient.servicePath) {
              const token = header(request, "authToken") ?? ""
              const sessionKey = sessions.get(token)
              if (sessionKey === undefined) {
                response
                  .writeHead(401, { "content-type": "application/json" })
                  .end(JSON.stringify(sessionKeyMissing))
                return
              }
              const wire = JSON.parse(body) as { params: string; rek: string }
              const rek = decryptAes({ key: sessionKey, ciphertext: wire.rek })
              const envelope = decryptJson({ key: sessionKey, ciphertext: wire.params }) as Envelope
              fake.calls.push({ envelope, rek: rek.toString("base64"), authToken: token })
              const answer: Reply = fake.expired.has(token)
                ? { _tag: "sessionKeyMissing" }
                : fake.reply(envelope)
              switch (answer._tag) {
                case "hang":
                  return
                case "raw":
                  response.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body)
                  return
                case "sessionKeyMissing":
                  response.writeHead(200, { "content-type": "text/plain" }).end(
                    encryptJson({
                      key: rek,
                      value: { ...sessionKeyMissing, serviceId: envelope.serviceId },
                    }),
                  )
                  return
                case "envelope":
                  response
                    .writeHead(answer.status ?? 200, { "content-type": "text/plain" })
                    .end(encryptJson({ key: rek, value: answer.value }))
                  return
              }
            }
            response.writeHead(404).end()
          }
          const server = createServer((request, response) => {
            handle(request, response).catch(() => response.writeHead(500).end())
          })
          server.listen(0, "127.0.0.1", () => {
            const port = (server.address() as AddressInfo).port
            ;(fake as { url: string }).url = `http://127.0.0.1:${port}`
            resolve({
              fake,
              close: () =>
                new Promise<void>((done) => {
                  server.closeAllConnections()
                  server.close(() => done())
                }),
            })
          })
        }),
    ),
    (started) => Effect.promise(() => started.close()),
  ).pipe(Effect.map((started) => started.fake))

const configFor = (
  fake: FakeJit,
  overrides: Partial<JitClient.JitClientConfig> = {},
): JitClient.JitClientConfig => ({
  baseUrl: `${fake.url}/`,
  clientId,
  clientSecret: Redacted.make(clientSecret),
  jitPublicKeyPem: keyPair.publicKeyPem,
  ...overrides,
})

// ---------------------------------------------------------------- domain requests

const vaRequest: Payments.JitService.VirtualAllotmentRequest = {
  headOfAccount: "132217058003586410459082112",
  fromDateTime: "2023-05-10 16:26:42",
  ddoCode: "OLSHUD001",
  granteeCode: "GOHUDULBMPL0036",
}

const piRequest: Payments.JitService.PaymentInstructionRequest = {
  billNumber: "PI-1013/2023-24/000182",
  billDate: "2024-02-08",
  ddoCode: "OLSHUD001",
  granteeCode: "GOHUDULBMPL0036",
  schemeCode: "13145",
  headOfAccount: "132217058003586410459082112",
  ssuId: "1621",
  sanctionId: "920",
  ssuAllotmentId: "937",
  allotmentSerialNumber: "10",
  grossAmount: "500",
  netAmount: "500.0",
  beneficiaryCount: 1,
  purpose: "Mukta",
  beneficiaries: [
    {
      paymentId: "BN-1013/000218",
      name: "Test Beneficiary",
      accountNumber: "000000000035",
      ifsc: "ICIC0003892",
      mobile: "9999900036",
      email: "",
      address: "Test Address",
      accountType: "Saving",
      amount: "500",
      panNumber: "",
      aadhaarNumber: "",
      purpose: "Mukta Payment",
    },
  ],
}

const pisRequest: Payments.JitService.PaymentInstructionStatusRequest = {
  billNumber: "PI-1013/2023-24/000182",
  billDate: "2024-02-08",
  ssuId: "1621",
}

const sampleFor: Record<string, string> = {
  VA: "1VAResponse.json",
  PI: "2PIResponse.json",
  PIS: "3PISResponse.json",
  PAG: "4PAGResponse.json",
  PD: "5PDResponse.json",
  FD: "6FDNewResponse.json",
  COR: "7CORSuccess.json",
  FTPS: "8FTPSResponse.json",
  FTFPS: "9FTFPSResponse.json",
}

const bySample = (envelope: Envelope): Reply => ({
  _tag: "envelope",
  value: sample(sampleFor[envelope.serviceId] ?? "1VAResponse.json"),
})

// ---------------------------------------------------------------- tests over a socket

describe("JitClient over a loopback socket", () => {
  it.effect(
    "JIT-W-1 JIT-W-2 logs in lazily with clientId/clientSecret headers and an RSA-sealed app key",
    () =>
      Effect.gen(function* () {
        const fake = yield* startJit()
        const gateway = yield* JitClient.make(configFor(fake))
        assert.strictEqual(fake.logins.length, 0)
        const outcome = yield* gateway.virtualAllotments(tenantId, vaRequest)
        assert.strictEqual(outcome._tag, "Success")
        if (outcome._tag === "Success") assert.strictEqual(outcome.reply.length, 17)
        assert.deepStrictEqual(fake.logins, [{ clientId, clientSecret }])
        assert.strictEqual(fake.calls.length, 1)
        assert.strictEqual(fake.calls[0]?.authToken, fake.tokens[0])
        assert.deepStrictEqual(fake.calls[0]?.envelope, {
          serviceId: "VA",
          params: {
            hoa: vaRequest.headOfAccount,
            fromDate: vaRequest.fromDateTime,
            ddoCode: "OLSHUD001",
            granteCode: "GOHUDULBMPL0036",
          },
        })
      }),
  )

  it.effect("JIT-W-3 encrypts every call with a fresh request key", () =>
    Effect.gen(function* () {
      const fake = yield* startJit()
      const gateway = yield* JitClient.make(configFor(fake))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      assert.strictEqual(fake.calls.length, 2)
      assert.notStrictEqual(fake.calls[0]?.rek, fake.calls[1]?.rek)
      assert.strictEqual(Buffer.from(fake.calls[0]?.rek ?? "", "base64").length, 32)
      assert.strictEqual(fake.logins.length, 1)
    }),
  )

  it.effect("JIT-W-4 re-uses the session within its lifetime and logs in again after it (Clock)", () =>
    Effect.gen(function* () {
      const fake = yield* startJit()
      const gateway = yield* JitClient.make(configFor(fake))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      yield* TestClock.adjust(Duration.minutes(29))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      assert.strictEqual(fake.logins.length, 1)
      yield* TestClock.adjust(Duration.minutes(2))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      assert.strictEqual(fake.logins.length, 2)
      assert.strictEqual(fake.calls[2]?.authToken, fake.tokens[1])
    }),
  )

  it.effect("JIT-W-4 honours a configured session lifetime", () =>
    Effect.gen(function* () {
      const fake = yield* startJit()
      const gateway = yield* JitClient.make(configFor(fake, { sessionTtl: Duration.minutes(5) }))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      yield* TestClock.adjust(Duration.minutes(6))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      assert.strictEqual(fake.logins.length, 2)
    }),
  )

  it.effect("JIT-W-4 re-logs in once on 'No valid session encryption key' and retries the call", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(bySample)
      const gateway = yield* JitClient.make(configFor(fake))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      fake.expired.add(fake.tokens[0] ?? "")
      const outcome = yield* gateway.pushPaymentInstruction(tenantId, piRequest)
      assert.strictEqual(outcome._tag, "Success")
      assert.strictEqual(fake.logins.length, 2)
      assert.deepStrictEqual(
        fake.calls.map((call) => [call.envelope.serviceId, call.authToken]),
        [
          ["VA", fake.tokens[0]],
          ["PI", fake.tokens[0]],
          ["PI", fake.tokens[1]],
        ],
      )
    }),
  )

  it.effect("JIT-W-4 re-logs in when JIT answers a plain-JSON session error for an unknown token", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(bySample)
      const gateway = yield* JitClient.make(configFor(fake))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      fake.forgetSessions()
      const outcome = yield* gateway.paymentInstructionStatus(tenantId, pisRequest)
      assert.strictEqual(outcome._tag, "Success")
      assert.strictEqual(fake.logins.length, 2)
      assert.deepStrictEqual(
        fake.calls.map((call) => [call.envelope.serviceId, call.authToken]),
        [
          ["VA", fake.tokens[0]],
          ["PIS", fake.tokens[1]],
        ],
      )
    }),
  )

  it.effect("JIT-W-4 retries exactly once: a second session error is the call's outcome", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({ _tag: "sessionKeyMissing" }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.pushPaymentInstruction(tenantId, piRequest)
      assert.strictEqual(outcome._tag, "Error")
      assert.isTrue(JitClient.isSessionKeyMissing(outcome))
      assert.strictEqual(fake.calls.length, 2)
      assert.strictEqual(fake.logins.length, 2)
    }),
  )

  it.effect("JIT-W-4 concurrent callers share one login in flight", () =>
    Effect.gen(function* () {
      const fake = yield* startJit()
      fake.loginDelayMillis = 100
      const gateway = yield* JitClient.make(configFor(fake))
      const outcomes = yield* Effect.all(
        Array.from({ length: 6 }, () => gateway.virtualAllotments(tenantId, vaRequest)),
        { concurrency: "unbounded" },
      )
      assert.deepStrictEqual(
        outcomes.map((outcome) => outcome._tag),
        Array.from({ length: 6 }, () => "Success"),
      )
      assert.strictEqual(fake.logins.length, 1)
      assert.strictEqual(fake.calls.length, 6)
    }),
  )

  it.effect("JIT-W-4 concurrent callers hitting an expired session key share one re-login", () =>
    Effect.gen(function* () {
      const fake = yield* startJit()
      const gateway = yield* JitClient.make(configFor(fake))
      yield* gateway.virtualAllotments(tenantId, vaRequest)
      fake.expired.add(fake.tokens[0] ?? "")
      fake.loginDelayMillis = 50
      const outcomes = yield* Effect.all(
        Array.from({ length: 4 }, () => gateway.virtualAllotments(tenantId, vaRequest)),
        { concurrency: "unbounded" },
      )
      assert.isTrue(outcomes.every((outcome) => outcome._tag === "Success"))
      assert.strictEqual(fake.logins.length, 2)
    }),
  )

  it.effect("JIT-W-5 a timeout is NoResponse", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({ _tag: "hang" }))
      const gateway = yield* JitClient.make(configFor(fake, { timeout: Duration.millis(200) }))
      const outcome = yield* gateway.paymentInstructionStatus(tenantId, pisRequest)
      assert.strictEqual(outcome._tag, "NoResponse")
      if (outcome._tag === "NoResponse") assert.strictEqual(outcome.cause, "timeout")
    }),
  )

  it.effect("JIT-W-5 a garbage body is NoResponse", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({ _tag: "raw", status: 200, body: "<html>gateway says hi</html>" }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.paymentInstructionStatus(tenantId, pisRequest)
      assert.deepStrictEqual(
        outcome,
        Payments.JitOutcome.noResponse("undecryptable", "the PIS reply does not decrypt to a JIT envelope"),
      )
    }),
  )

  it.effect("JIT-W-5 a non-2xx status without a JIT body is NoResponse", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({ _tag: "raw", status: 502, body: "" }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.paymentDetails(tenantId, {
        financialYear: "2023",
        externalApplicationName: "MUKTA",
        billReference: "202311171279",
        tokenNumber: "4",
        tokenDate: "2023-05-29",
      })
      assert.strictEqual(outcome._tag, "NoResponse")
      if (outcome._tag === "NoResponse") assert.strictEqual(outcome.cause, "httpStatus")
    }),
  )

  it.effect("JIT-W-5 a refused connection is NoResponse", () =>
    Effect.gen(function* () {
      const closed = yield* Effect.scoped(startJit())
      const gateway = yield* JitClient.make(configFor(closed))
      const outcome = yield* gateway.virtualAllotments(tenantId, vaRequest)
      assert.strictEqual(outcome._tag, "NoResponse")
      if (outcome._tag === "NoResponse") assert.strictEqual(outcome.cause, "transport")
    }),
  )

  it.effect("JIT-W-5 an error envelope is Error with every code and message", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({ _tag: "envelope", value: sample("2PIErrorResponse.json") }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.pushPaymentInstruction(tenantId, piRequest)
      assert.deepStrictEqual(
        outcome,
        Payments.JitOutcome.error([
          { code: "340", message: "Wrong IFSC provided in Beneficiary Details for BenefId 1603202301" },
          { code: "340", message: "Wrong IFSC provided in Beneficiary Details for BenefId 1603202302" },
        ]),
      )
    }),
  )

  it.effect("JIT-W-5 a PIS 'is rejected' error is Rejected", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({ _tag: "envelope", value: sample("3PISRejectedResponse.json") }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.paymentInstructionStatus(tenantId, pisRequest)
      assert.strictEqual(outcome._tag, "Rejected")
    }),
  )

  it.effect(
    "JIT-W-5 JIT-W-6 PI success: amounts go out with 2 decimals, the acknowledgement comes back",
    () =>
      Effect.gen(function* () {
        const fake = yield* startJit(bySample)
        const gateway = yield* JitClient.make(configFor(fake))
        const outcome = yield* gateway.pushPaymentInstruction(tenantId, piRequest)
        assert.deepStrictEqual(
          outcome,
          Payments.JitOutcome.success({
            billNumber: "PI-1013/2023-24/000182",
            billDate: "2024-02-08",
            successCode: "0",
            successDescription:
              "Jit Bill is received successfully ,Payment Instruction will be generated after Bill is submitted by SSU in JIT-FS",
          }),
        )
        const params = fake.calls[0]?.envelope.params as Record<string, unknown>
        assert.strictEqual(params.billGrossAmount, "500.00")
        assert.strictEqual(params.billNetAmount, "500.00")
        assert.strictEqual(params.billNumberOfBenf, "1")
        const beneficiaries = params.beneficiaryDetails as Array<Record<string, unknown>>
        assert.strictEqual(beneficiaries[0]?.benfAmount, "500.00")
        assert.strictEqual(beneficiaries[0]?.adhaarNumber, "")
      }),
  )

  it.effect("JIT-W-5 a PI acknowledgement whose successCode is not 0 is Error", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(() => ({
        _tag: "envelope",
        value: {
          serviceId: "PI",
          errorMsg: null,
          data: [
            { jitBillNo: "X", jitBillDate: "2024-02-08", successCode: "1", sucessDescrp: "Not accepted" },
          ],
        },
      }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.pushPaymentInstruction(tenantId, piRequest)
      assert.deepStrictEqual(outcome, Payments.JitOutcome.error([{ code: "1", message: "Not accepted" }]))
    }),
  )

  it.effect("JIT-W-7 every gateway method sends its service id and decodes its reply", () =>
    Effect.gen(function* () {
      const fake = yield* startJit(bySample)
      const gateway = yield* JitClient.make(configFor(fake))
      const outcomes = [
        yield* gateway.virtualAllotments(tenantId, vaRequest),
        yield* gateway.pushPaymentInstruction(tenantId, piRequest),
        yield* gateway.paymentInstructionStatus(tenantId, pisRequest),
        yield* gateway.paymentAdvice(tenantId, {
          jitPaymentInstructionId: "858",
          jitPaymentInstructionDate: "2023-05-26 16:03:04",
          billNumber: "PI-1013/2023-24/000182",
          billDate: "2023-05-25",
          ssuId: "1621",
        }),
        yield* gateway.paymentDetails(tenantId, {
          financialYear: "2023",
          externalApplicationName: "MUKTA",
          billReference: "202311171279",
          tokenNumber: "4",
          tokenDate: "2023-05-29",
        }),
        yield* gateway.failureDetails(tenantId, {
          financialYear: "2023",
          externalApplicationName: "MUKTA",
          voucherDate: "2023-06-01",
        }),
        yield* gateway.pushCorrection(tenantId, {
          correctionBillNumber: "COR/MUKTA2399",
          correctionBillDate: "2023-03-30 16:26:42",
          departmentCode: "MUKTA",
          originalBillReference: "202211033261",
          originalBillNumber: "MUKTA2399",
          originalBillDate: "2023-03-18 16:26:42",
          beneficiaries: [
            {
              paymentId: "16032023001",
              currentBillReference: "202211033261",
              originalAccountNumber: "00000023",
              originalIfsc: "SBIN0000041",
              correctedAccountNumber: "000000000024",
              correctedIfsc: "SBIN0000041",
              currentAccountNumber: "00000025",
              currentIfsc: "SBIN0000041",
            },
          ],
        }),
        yield* gateway.failedTransactionPaymentStatus(tenantId, {
          correctionBillNumber: "COR/MUKTA2399",
          correctionBillDate: "2023-03-30 16:26:42",
          departmentCode: "MUKTA",
          originalBillReference: "202211033261",
          originalBillNumber: "MUKTA2399",
          originalBillDate: "2023-03-16 16:26:42",
        }),
        yield* gateway.failedTransactionFailureStatus(tenantId, {
          correctionBillNumber: "COR/MUKTA2399",
          correctionBillDate: "2023-03-30 16:26:42",
          billReference: "202211039244",
          tokenNumber: "35",
          tokenDate: "2023-03-31",
        }),
      ]
      assert.deepStrictEqual(
        outcomes.map((outcome) => outcome._tag),
        Array.from({ length: 9 }, () => "Success"),
      )
      assert.deepStrictEqual(
        fake.calls.map((call) => call.envelope.serviceId),
        ["VA", "PI", "PIS", "PAG", "PD", "FD", "COR", "FTPS", "FTFPS"],
      )
      const cor = fake.calls[6]?.envelope.params as Record<string, unknown>
      assert.isArray(cor.beneficiaryDtls)
      assert.strictEqual(fake.logins.length, 1)
    }),
  )

  it.effect("JIT-W-8 keeps benfId exactly as JIT wrote it", () =>
    Effect.gen(function* () {
      const reply = sample("5PDResponse.json") as { data: Array<{ benfDtls: Array<{ benfId: string }> }> }
      const first = reply.data[0]?.benfDtls[0]
      if (first !== undefined) first.benfId = " bn-1013/000218"
      const fake = yield* startJit(() => ({ _tag: "envelope", value: reply }))
      const gateway = yield* JitClient.make(configFor(fake))
      const outcome = yield* gateway.paymentDetails(tenantId, {
        financialYear: "2023",
        externalApplicationName: "MUKTA",
        billReference: "202311171279",
        tokenNumber: "4",
        tokenDate: "2023-05-29",
      })
      assert.strictEqual(outcome._tag, "Success")
      if (outcome._tag === "Success")
        assert.strictEqual(outcome.reply[0]?.beneficiaries[0]?.paymentId, " bn-1013/000218")
    }),
  )

  it.effect("JIT-W-1 REL-4 no outcome, exchange or log line holds the secret, a key or a token", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const capture = Logger.make((options) => {
        lines.push(
          JSON.stringify({
            message: options.message,
            annotations: options.fiber.getRef(References.CurrentLogAnnotations),
            cause: String(options.cause),
          }),
        )
      })
      let mode: "ok" | "error" | "garbage" | "expire" = "ok"
      const fake = yield* startJit((envelope) =>
        mode === "ok"
          ? bySample(envelope)
          : mode === "error"
            ? { _tag: "envelope", value: sample("2PIErrorResponse.json") }
            : mode === "garbage"
              ? { _tag: "raw", status: 500, body: "oops" }
              : { _tag: "sessionKeyMissing" },
      )
      const gateway = yield* JitClient.make(configFor(fake))
      const run = <A>(effect: Effect.Effect<A>) =>
        effect.pipe(
          Effect.provide(Logger.layer([capture])),
          Effect.provideService(References.MinimumLogLevel, "All"),
        )
      const exchanges: Array<unknown> = []
      for (const next of ["ok", "error", "garbage", "expire"] as const) {
        mode = next
        const exchange = yield* run(
          Payments.JitGateway.exchange(tenantId, { _tag: "PI", request: piRequest }).pipe(
            Effect.provideService(Payments.JitGateway.JitGateway, gateway),
          ),
        )
        exchanges.push(Schema.encodeSync(Payments.JitOutcome.JitExchange)(exchange))
      }
      const recorded = JSON.stringify(exchanges) + lines.join("\n")
      assert.isAbove(lines.length, 0)
      const secrets = [
        clientSecret,
        ...fake.tokens,
        ...fake.sessionKeys,
        ...fake.appKeys,
        ...fake.calls.map((c) => c.rek),
      ]
      assert.isAbove(secrets.length, 4)
      for (const secret of secrets) assert.notInclude(recorded, secret)
      assert.notInclude(String(configFor(fake).clientSecret), clientSecret)
    }),
  )
})

// ---------------------------------------------------------------- classifyReply without a network

describe("JitClient.classifyReply", () => {
  const rek = generateAesKey()
  const received = (value: unknown, status = 200): JitClient.RawReply => ({
    _tag: "Received",
    status,
    body: encryptJson({ key: rek, value }),
    rek,
  })

  it.effect("JIT-W-5 transport failures and timeouts are NoResponse", () =>
    Effect.gen(function* () {
      const transport = yield* JitClient.classifyReply("PI", {
        _tag: "TransportFailed",
        detail: "ECONNRESET",
      })
      assert.deepStrictEqual(transport, Payments.JitOutcome.noResponse("transport", "ECONNRESET"))
      const timeout = yield* JitClient.classifyReply("PI", { _tag: "TimedOut", detail: "30 s" })
      assert.deepStrictEqual(timeout, Payments.JitOutcome.noResponse("timeout", "30 s"))
    }),
  )

  it.effect("JIT-W-5 a non-2xx reply without a JIT body, or an undecryptable one, is NoResponse", () =>
    Effect.gen(function* () {
      const status = yield* JitClient.classifyReply("PD", { _tag: "Received", status: 503, body: "", rek })
      assert.strictEqual(status._tag === "NoResponse" && status.cause, "httpStatus")
      const wrongKey = yield* JitClient.classifyReply("PD", {
        _tag: "Received",
        status: 200,
        body: encryptJson({ key: generateAesKey(), value: sample("5PDResponse.json") }),
        rek,
      })
      assert.strictEqual(wrongKey._tag === "NoResponse" && wrongKey.cause, "undecryptable")
      const notEnvelope = yield* JitClient.classifyReply("PD", received({ hello: "world" }))
      assert.strictEqual(notEnvelope._tag === "NoResponse" && notEnvelope.cause, "undecryptable")
    }),
  )

  it.effect("JIT-W-5 no error and empty data is NoResponse; rows that do not match are NoResponse", () =>
    Effect.gen(function* () {
      const empty = yield* JitClient.classifyReply(
        "FD",
        received({ serviceId: "FD", errorMsg: null, data: [] }),
      )
      assert.strictEqual(empty._tag === "NoResponse" && empty.cause, "emptyReply")
      const missingData = yield* JitClient.classifyReply("FD", received({ serviceId: "FD", errorMsg: null }))
      assert.strictEqual(missingData._tag === "NoResponse" && missingData.cause, "emptyReply")
      const bad = yield* JitClient.classifyReply(
        "PIS",
        received({ serviceId: "PIS", data: [{ pmtInstId: 1 }] }),
      )
      assert.strictEqual(bad._tag === "NoResponse" && bad.cause, "undecryptable")
    }),
  )

  it.effect(
    "JIT-W-5 errorMsg and errorMsgs are Error with every code kept; PIS 'is rejected' is Rejected",
    () =>
      Effect.gen(function* () {
        const both = yield* JitClient.classifyReply(
          "COR",
          received({
            serviceId: "COR",
            errorMsg: "Header invalid",
            errorMsgs: [{ errorCode: "322", errorMsg: "Wrong IFSC" }, { errorCode: "PV0073" }],
            data: [],
          }),
        )
        assert.deepStrictEqual(
          both,
          Payments.JitOutcome.error([
            { code: "", message: "Header invalid" },
            { code: "322", message: "Wrong IFSC" },
            { code: "PV0073", message: "" },
          ]),
        )
        const pis = yield* JitClient.classifyReply("PIS", received(sample("3PISRejectedResponse.json")))
        assert.strictEqual(pis._tag, "Rejected")
        const notPis = yield* JitClient.classifyReply(
          "PI",
          received({ serviceId: "PI", errorMsg: "This Bill Number X is rejected by SSU", data: [] }),
        )
        assert.strictEqual(notPis._tag, "Error")
        const plain = yield* JitClient.classifyReply("VA", {
          _tag: "Received",
          status: 401,
          body: JSON.stringify({ errorMsg: "No valid session encryption key found" }),
          rek,
        })
        assert.isTrue(JitClient.isSessionKeyMissing(plain))
      }),
  )

  it.effect("JIT-W-5 PI and COR need successCode 0 in the first row", () =>
    Effect.gen(function* () {
      const ok = yield* JitClient.classifyReply("COR", received(sample("7CORSuccess.json")))
      assert.strictEqual(ok._tag, "Success")
      const refused = yield* JitClient.classifyReply(
        "COR",
        received({
          serviceId: "COR",
          data: [
            { jitCorBillNo: "C1", jitCorBillDate: "2023-03-30", successCode: "2", sucessDescrp: "Duplicate" },
          ],
        }),
      )
      assert.deepStrictEqual(refused, Payments.JitOutcome.error([{ code: "2", message: "Duplicate" }]))
    }),
  )

  it.effect("JIT-W-5 a reply with data and no error is Success with the domain reply", () =>
    Effect.gen(function* () {
      const va = yield* JitClient.classifyReply("VA", received(sample("1VAResponse.json")))
      assert.strictEqual(va._tag, "Success")
      if (va._tag === "Success") assert.strictEqual(va.reply.length, 17)
      const ftfps = yield* JitClient.classifyReply("FTFPS", received(sample("9FTFPSResponse.json")))
      assert.strictEqual(ftfps._tag, "Success")
    }),
  )
})
