/**
 * ERR-2, ERR-3, API-3: text the stores cannot keep (a NUL, a control
 * character, an unpaired surrogate) in any string of a request is a 400
 * `REQUEST_INVALID` that lists every such field with `TEXT_UNSAFE`, before
 * any handler runs; nothing is written.
 */
import { assert, describe, it } from "@effect/vitest"
import { sampleOrganisationInput, sampleWageSeekerInput } from "@karya/core/testing"
import { UnsafeText } from "@karya/http"
import { Effect } from "effect"
import * as fc from "fast-check"
import { sampleBill } from "./support/Bills.js"
import { makeHarness } from "./support/Harness.js"

interface ProblemJson {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly errors: ReadonlyArray<{ readonly field: string; readonly code: string; readonly message: string }>
}

const unsafeFields = (response: { status: number; json: unknown; text: string }) => {
  assert.strictEqual(response.status, 400, response.text)
  const problem = response.json as ProblemJson
  assert.strictEqual(problem.code, "REQUEST_INVALID")
  for (const error of problem.errors) assert.strictEqual(error.code, "TEXT_UNSAFE", error.field)
  return problem.errors.map((error) => error.field)
}

const allRoles = [
  "WAGE_SEEKER_REGISTRAR",
  "ORGANISATION_REGISTRAR",
  "BILL_APPROVER",
  "PAYMENT_OFFICER",
  "VIEWER",
]

const encoder = new TextEncoder()
const decoder = new TextDecoder("utf-8", { ignoreBOM: true })

/** An independent statement of what is refused: text that does not survive UTF-8, or holds a control character other than tab and line breaks. */
const isUnsafe = (text: string): boolean =>
  decoder.decode(encoder.encode(text)) !== text ||
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(text)

describe("UnsafeText.firstUnsafe", () => {
  it("ERR-2 finds NUL, control characters and unpaired surrogates, and their position", () => {
    assert.deepStrictEqual(UnsafeText.firstUnsafe("ab\u0000c"), { index: 2, codeUnit: 0, reason: "nul" })
    assert.deepStrictEqual(UnsafeText.firstUnsafe("\u001b[31m"), {
      index: 0,
      codeUnit: 0x1b,
      reason: "control",
    })
    assert.deepStrictEqual(UnsafeText.firstUnsafe("x\u0085"), { index: 1, codeUnit: 0x85, reason: "control" })
    assert.deepStrictEqual(UnsafeText.firstUnsafe("a\ud800"), {
      index: 1,
      codeUnit: 0xd800,
      reason: "surrogate",
    })
    assert.deepStrictEqual(UnsafeText.firstUnsafe("\udc00a"), {
      index: 0,
      codeUnit: 0xdc00,
      reason: "surrogate",
    })
    assert.deepStrictEqual(UnsafeText.firstUnsafe("\ud800\ud800\udc00"), {
      index: 0,
      codeUnit: 0xd800,
      reason: "surrogate",
    })
  })

  it("ERR-2 keeps tab, line breaks, Indic scripts with their joiners and characters beyond the BMP", () => {
    for (const text of [
      "Ward 1\tLane 2\r\nDhenkanal",
      "ସବିତା ନାୟକ",
      "क्‍ष",
      "ଶ୍ରୀ\u200cମତୀ",
      "👍 ok",
      "₹1,200",
      "",
    ])
      assert.isUndefined(UnsafeText.firstUnsafe(text), text)
  })

  it("ERR-2 refuses exactly the strings that do not survive UTF-8 or hold a control character other than tab and line breaks", () => {
    const codeUnit = fc
      .oneof(
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom(
          0,
          0x09,
          0x0a,
          0x0d,
          0x1f,
          0x20,
          0x7e,
          0x7f,
          0x85,
          0x9f,
          0xa0,
          0xd800,
          0xdbff,
          0xdc00,
          0xdfff,
        ),
      )
      .map((unit) => String.fromCharCode(unit))
    const text = fc
      .array(fc.oneof(codeUnit, fc.constantFrom("😀", "ଅ", "\u200d", "a")), { maxLength: 12 })
      .map((parts) => parts.join(""))
    fc.assert(
      fc.property(text, (value) => (UnsafeText.firstUnsafe(value) !== undefined) === isUnsafe(value)),
      { seed: 20_261_207, numRuns: 2000 },
    )
  })
})

describe("unsafe text in requests", () => {
  it.effect(
    "ERR-2 ERR-3 API-3 a wage seeker with a NUL, a broken character and a control character is one 400 listing the three fields; nothing is written",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const input = sampleWageSeekerInput()
        const response = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
          headers: { "idempotency-key": "ws-unsafe-1" },
          body: {
            ...input,
            name: "Sabita\u0000Nayak",
            guardian: { ...input.guardian, name: "Ramesh \ud800" },
            skills: ["LAB_UNSKILLED", "\u001b[2J"],
          },
        })
        assert.deepStrictEqual(unsafeFields(response), ["name", "guardian.name", "skills[1]"])
        const problem = response.json as ProblemJson
        assert.include(problem.errors[0]?.message, "NUL character (U+0000) at character 7")
        assert.include(problem.errors[1]?.message, "U+D800")
        assert.include(problem.errors[2]?.message, "U+001B")
        assert.include(problem.detail, "3 fields contain")
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect(
    "ERR-3 unsafe text and the body's other problems are listed in one 400, unsafe fields first",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const { dateOfBirth: _dateOfBirth, ...input } = sampleWageSeekerInput()
        const response = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
          body: { ...input, name: "\u0000", gender: 7 },
        })
        assert.strictEqual(response.status, 400, response.text)
        const problem = response.json as ProblemJson
        assert.deepStrictEqual(
          problem.errors.map((error) => [error.field, error.code]),
          [
            ["name", "TEXT_UNSAFE"],
            ["dateOfBirth", "VALUE_INVALID"],
            ["gender", "VALUE_INVALID"],
          ],
        )
        assert.include(problem.detail, "1 field contains")
        assert.include(problem.detail, "2 other problems")
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect("ERR-2 API-3 an organisation with a NUL in its name and its account holder's name is a 400", () =>
    Effect.gen(function* () {
      const { send, token, writes } = yield* makeHarness
      const input = sampleOrganisationInput()
      const response = yield* send({
        method: "POST",
        path: "/v1/organisations",
        token: yield* token({ roles: ["ORGANISATION_REGISTRAR"] }),
        body: {
          ...input,
          name: "\u0000",
          bankAccount: { ...input.bankAccount, holderName: "Maa\u0000Tarini" },
        },
      })
      assert.deepStrictEqual(unsafeFields(response), ["name", "bankAccount.holderName"])
      assert.strictEqual(yield* writes, 0)
    }),
  )

  it.effect(
    "ERR-2 ERR-3 API-3 a bill with a NUL billId and a payee with a lone surrogate is one 400 naming both",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const bill = sampleBill()
        const [first, second, ...rest] = bill.details
        const response = yield* send({
          method: "POST",
          path: "/v1/bills",
          token: yield* token({ roles: ["BILL_APPROVER"] }),
          body: {
            ...bill,
            billId: "bill\u00000001",
            details: [first, { ...second, payee: { ...second?.payee, name: "\udc00Ramesh" } }, ...rest],
          },
        })
        assert.deepStrictEqual(unsafeFields(response), ["billId", "details[1].payee.name"])
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect(
    "ERR-2 ERR-3 API-3 a PI action with a NUL in the path and a control character in the comment names both",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const response = yield* send({
          method: "POST",
          path: "/v1/payment-instructions/PI-DK%2F2024-25%00%2F000001/actions",
          token: yield* token({ roles: ["PAYMENT_OFFICER"] }),
          body: { action: "RESUBMIT", version: 1, comment: "retry\u0007" },
        })
        assert.deepStrictEqual(unsafeFields(response), ["path.number", "comment"])
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect(
    "ERR-2 API-3 path and query parameters with a NUL are a 400 naming path.id and query fields",
    () =>
      Effect.gen(function* () {
        const { send, token } = yield* makeHarness
        const viewer = yield* token({ roles: ["VIEWER"] })
        assert.deepStrictEqual(unsafeFields(yield* send({ path: "/v1/bills/bill%00", token: viewer })), [
          "path.id",
        ])
        assert.deepStrictEqual(
          unsafeFields(yield* send({ path: "/v1/wage-seekers?number=IND%00&cursor=%01", token: viewer })),
          ["query.number", "query.cursor"],
        )
      }),
  )

  it.effect("ERR-2 API-4 an Idempotency-Key with a control character is a 400 naming the header", () =>
    Effect.gen(function* () {
      const { send, token, writes } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
        headers: { "idempotency-key": "key\u0001one" },
        body: sampleWageSeekerInput(),
      })
      assert.deepStrictEqual(unsafeFields(response), ["headers.idempotency-key"])
      assert.strictEqual(yield* writes, 0)
    }),
  )

  it.effect("ERR-2 a key with a NUL is named with the NUL written out; a deep one is found", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
        body: { ...sampleWageSeekerInput(), "note\u0000": "x", extra: { a: [{ b: ["ok", "\u0000"] }] } },
      })
      assert.deepStrictEqual(unsafeFields(response), ["note\\u0000", "extra.a[0].b[1]"])
    }),
  )

  it.effect(
    "ERR-2 ERR-3 a body whose bytes are not UTF-8 (a surrogate written as bytes) is a 400 on the body, with its other unsafe fields",
    () =>
      Effect.gen(function* () {
        const { send, token, writes } = yield* makeHarness
        const [before, after] = JSON.stringify({
          ...sampleWageSeekerInput(),
          name: "@",
          skills: ["\u0000"],
        }).split("@")
        const bytes = new Uint8Array([
          ...new TextEncoder().encode(before),
          0xed,
          0xa0,
          0x80,
          ...new TextEncoder().encode(after),
        ])
        const response = yield* send({
          method: "POST",
          path: "/v1/wage-seekers",
          token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
          headers: { "content-type": "application/json" },
          rawBody: new ReadableStream({
            start(controller) {
              controller.enqueue(bytes)
              controller.close()
            },
          }),
        })
        assert.deepStrictEqual(unsafeFields(response), ["", "skills[0]"])
        assert.include((response.json as ProblemJson).errors[0]?.message, "not valid UTF-8")
        assert.strictEqual(yield* writes, 0)
      }),
  )

  it.effect("ERR-3 every unsafe field is counted; the first 100 are listed", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
        body: { ...sampleWageSeekerInput(), skills: Array.from({ length: 150 }, () => "\u0000") },
      })
      const fields = unsafeFields(response)
      assert.strictEqual(fields.length, UnsafeText.listedMax)
      assert.strictEqual(fields[99], "skills[99]")
      assert.include((response.json as ProblemJson).detail, "150 fields contain")
      assert.include((response.json as ProblemJson).detail, "The first 100 problems are listed")
    }),
  )

  it.effect("ERR-2 a wage seeker named in Odia, with line breaks in the street, is registered", () =>
    Effect.gen(function* () {
      const { send, token } = yield* makeHarness
      const input = sampleWageSeekerInput()
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: yield* token({ roles: ["WAGE_SEEKER_REGISTRAR"] }),
        body: {
          ...input,
          name: "ସବିତା ନାୟକ",
          address: { ...input.address, street: "Gandhi Marg\r\nNear the well" },
        },
      })
      assert.strictEqual(response.status, 201, response.text)
    }),
  )

  it.effect("API-2 a request without a token is a 401 before its text is looked at", () =>
    Effect.gen(function* () {
      const { send } = yield* makeHarness
      const response = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        body: { ...sampleWageSeekerInput(), name: "\u0000" },
      })
      assert.strictEqual(response.status, 401)
    }),
  )

  it.effect("ERR-2 REL-3 a body nested 100,000 deep is a 400, not a 500", () =>
    Effect.gen(function* () {
      const { send, token, writes } = yield* makeHarness
      const authorization = yield* token({ roles: allRoles })
      const deep = `${"[".repeat(100_000)}"\\u0000"${"]".repeat(100_000)}`
      const json = JSON.stringify(sampleWageSeekerInput())
      const withDeepName = json.replace('"name":"Sabita Nayak"', `"name":${deep}`)
      const unsafe = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: authorization,
        rawBody: withDeepName,
      })
      assert.strictEqual(unsafe.status, 400, unsafe.text.slice(0, 300))
      assert.deepStrictEqual(
        (unsafe.json as ProblemJson).errors.map((error) => [error.field, error.code]),
        [
          [`name${"[0]".repeat(100_000)}`, "TEXT_UNSAFE"],
          ["name", "VALUE_INVALID"],
        ],
      )
      const safe = yield* send({
        method: "POST",
        path: "/v1/wage-seekers",
        token: authorization,
        rawBody: withDeepName.replace('"\\u0000"', "1"),
      })
      assert.strictEqual(safe.status, 400, safe.text.slice(0, 300))
      assert.strictEqual(yield* writes, 0)
    }),
  )
})
