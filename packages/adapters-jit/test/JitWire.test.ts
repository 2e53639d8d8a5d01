import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Money, Payments } from "@karya/core"
import { Effect, Schema } from "effect"
import { decryptJson } from "../src/JitCrypto.js"
import * as JitWire from "../src/JitWire.js"

const fixtures = "/work/shared/fixtures/jit"
const samplesDir = join(fixtures, "samples")
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"))

const serviceOfFile = (file: string): Payments.JitService.JitService => {
  const match = /^\d(PIS|PI|PAG|PD|FD|COR|FTPS|FTFPS|VA)/.exec(file)
  if (match === null) throw new Error(`no service in ${file}`)
  return match[1] as Payments.JitService.JitService
}

const sampleFiles = readdirSync(samplesDir).filter((file) => file.endsWith(".json"))
const requestFiles = sampleFiles.filter((file) => file.includes("Request"))
const responseFiles = sampleFiles.filter((file) => !file.includes("Request"))

describe("JitWire samples", () => {
  it("covers every sample file and every service", () => {
    assert.strictEqual(sampleFiles.length, 21)
    assert.deepStrictEqual(
      [...new Set(requestFiles.map(serviceOfFile))].sort(),
      [...Payments.JitService.JitService.literals].sort(),
    )
  })

  for (const file of requestFiles) {
    it.effect(`JIT-W-7 request sample ${file} decodes with its service's params Schema`, () =>
      Effect.gen(function* () {
        const service = serviceOfFile(file)
        const envelope = yield* Schema.decodeUnknownEffect(JitWire.RequestEnvelope)(
          readJson(join(samplesDir, file)),
        )
        assert.strictEqual(envelope.serviceId, service)
        const params = yield* Schema.decodeUnknownEffect(
          JitWire.paramsSchemas[service] as Schema.Codec<unknown>,
        )(envelope.params)
        assert.isObject(params)
      }),
    )
  }

  for (const file of responseFiles) {
    it.effect(`JIT-W-7 response sample ${file} decodes to a domain reply or JIT errors`, () =>
      Effect.gen(function* () {
        const service = serviceOfFile(file)
        const envelope = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
          readJson(join(samplesDir, file)),
        )
        assert.strictEqual(envelope.serviceId, service)
        const errors = JitWire.errorsOf(envelope)
        if (/Error|Failure|Rejected/.test(file)) {
          assert.isAbove(errors.length, 0)
          assert.strictEqual(envelope.data.length, 0)
        } else {
          assert.strictEqual(errors.length, 0)
          const reply = yield* JitWire.decodeReply[service](envelope.data)
          assert.isDefined(reply)
        }
      }),
    )
  }
})

describe("JitWire quirks and mapping", () => {
  it.effect("JIT-W-6 tolerates serviceID, a leading space and beneficiaryDetails for beneficiaryDtls", () =>
    Effect.gen(function* () {
      const cor = yield* Schema.decodeUnknownEffect(JitWire.RequestEnvelope)(
        readJson(join(samplesDir, "7CORRequest.json")),
      )
      assert.strictEqual(cor.serviceId, "COR")
      const params = yield* Schema.decodeUnknownEffect(JitWire.CorParams)(cor.params)
      assert.strictEqual(params.beneficiaryDtls.length, 1)
      assert.strictEqual(params.beneficiaryDtls[0]?.benefId, "16032023001")
      const ftfps = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "9FTFPSResponse.json")),
      )
      assert.strictEqual(ftfps.serviceId, "FTFPS")
      const reencoded = Schema.encodeSync(JitWire.RequestEnvelope)(cor)
      assert.strictEqual((reencoded as { serviceId: string }).serviceId, "COR")
    }),
  )

  it.effect("JIT-W-5 keeps every JIT error code and message", () =>
    Effect.gen(function* () {
      const envelope = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "2PIErrorResponse.json")),
      )
      assert.deepStrictEqual(JitWire.errorsOf(envelope), [
        { code: "340", message: "Wrong IFSC provided in Beneficiary Details for BenefId 1603202301" },
        { code: "340", message: "Wrong IFSC provided in Beneficiary Details for BenefId 1603202302" },
      ])
      const rejected = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "3PISRejectedResponse.json")),
      )
      assert.deepStrictEqual(JitWire.errorsOf(rejected), [
        { code: "", message: "This Bill Number PI-1013/2023-24/000181 is rejected by SSU angul_op" },
      ])
    }),
  )

  it("JIT-W-6 sends every value as a string, amounts with 2 decimals, and no Aadhaar", () => {
    const params = JitWire.encodeParams.PI({
      billNumber: "PI/2024-25/000001",
      billDate: "2024-05-25",
      ddoCode: "OLSHUD001",
      granteeCode: "GOHUDULBMPL0036",
      schemeCode: "13145",
      headOfAccount: "132217058003586410459082112",
      ssuId: "1621",
      sanctionId: "920",
      ssuAllotmentId: "937",
      allotmentSerialNumber: "10",
      grossAmount: "500",
      netAmount: "499.5",
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
          amount: "499.50",
          panNumber: "",
          aadhaarNumber: "999999990019",
          purpose: "Mukta Payment",
        },
      ],
    })
    assert.strictEqual(params.billGrossAmount, "500.00")
    assert.strictEqual(params.billNetAmount, "499.50")
    assert.strictEqual(params.billNumberOfBenf, "1")
    assert.strictEqual(params.beneficiaryDetails[0]?.benfAmount, "499.50")
    assert.strictEqual(params.beneficiaryDetails[0]?.adhaarNumber, "")
    const strings = (value: unknown): boolean =>
      typeof value === "string" ||
      (Array.isArray(value) ? value.every(strings) : Object.values(value as object).every(strings))
    assert.isTrue(strings(params))
    assert.isTrue(Schema.is(JitWire.PiParams)(params))
  })

  it("JIT-W-6 formats amounts with exactly 2 decimals and never rounds", () => {
    assert.strictEqual(JitWire.toWireAmount("0"), "0.00")
    assert.strictEqual(JitWire.toWireAmount("12.5"), "12.50")
    assert.strictEqual(JitWire.toWireAmount("12.55"), "12.55")
    assert.strictEqual(JitWire.toWireAmount("12.555"), "12.555")
  })

  it.effect("JIT-W-8 keeps benfId exactly as JIT wrote it", () =>
    Effect.gen(function* () {
      const envelope = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "6FDNewResponse.json")),
      )
      const rows = yield* JitWire.decodeReply.FD(envelope.data)
      assert.deepStrictEqual(
        rows.flatMap((row) => row.beneficiaries.map((item) => item.paymentId)),
        ["BN-1013/000224", "BN-1013/000096", "1", "2"],
      )
      assert.strictEqual(rows[0]?.beneficiaries[0]?.failureReason, "Account does not exist")
    }),
  )

  it.effect("JIT-W-7 maps PIS and PAG rows to the domain's names", () =>
    Effect.gen(function* () {
      const pis = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "3PISResponse.json")),
      )
      const status = yield* JitWire.decodeReply.PIS(pis.data)
      assert.strictEqual(status.jitPaymentInstructionId, "858")
      assert.strictEqual(status.jitPaymentInstructionDate, "2023-05-26 16:03:04")
      assert.strictEqual(status.beneficiaryCount, 2)
      assert.isTrue(Money.Amount.equals(status.netAmount, Money.Amount.makeUnsafe("500.00")))
      const pag = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "4PAGResponse.json")),
      )
      const advice = yield* JitWire.decodeReply.PAG(pag.data)
      assert.strictEqual(advice.onlineBillReference, "202311171279")
      assert.strictEqual(advice.beneficiaries[1]?.paymentId, "BN-1013/000217")
      const ftps = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(
        readJson(join(samplesDir, "8FTPSResponse.json")),
      )
      const paid = yield* JitWire.decodeReply.FTPS(ftps.data)
      assert.strictEqual(paid[0]?.billNumber, "PI-1013/2023-24/000256")
      assert.strictEqual(paid[0]?.billReference, "202211039244")
    }),
  )

  it.effect("JIT-W-7 a row that lacks a field the domain uses does not decode", () =>
    Effect.gen(function* () {
      const result = yield* Effect.result(JitWire.decodeReply.PIS([{ pmtInstId: "858" }]))
      assert.strictEqual(result._tag, "Failure")
      const empty = yield* Effect.result(JitWire.decodeReply.PI([]))
      assert.strictEqual(empty._tag, "Failure")
    }),
  )
})

describe("JitWire VA vector", () => {
  it.effect("JIT-W-3 the real VA reply decrypts under its REK to 16 domain allotment rows", () =>
    Effect.gen(function* () {
      const vector = readJson(join(fixtures, "va-response-vector.json")) as {
        rek: string
        ciphertext: string
      }
      const plain = decryptJson({ key: Buffer.from(vector.rek, "base64"), ciphertext: vector.ciphertext })
      const envelope = yield* Schema.decodeUnknownEffect(JitWire.ResponseEnvelope)(plain)
      assert.strictEqual(envelope.serviceId, "VA")
      assert.strictEqual(envelope.data.length, 16)
      assert.strictEqual(JitWire.errorsOf(envelope).length, 0)
      const rows = yield* JitWire.decodeReply.VA(envelope.data)
      assert.strictEqual(rows.length, 16)
      assert.isTrue(Schema.is(Schema.Array(Payments.JitService.VirtualAllotmentRow))(rows))
      const kinds = new Set(rows.map((row) => row.kind))
      assert.isTrue(kinds.has("initialAllotment"))
      assert.isTrue(kinds.has("additionalAllotment"))
      assert.isTrue(kinds.has("withdrawal"))
    }),
  )
})
