import { assert, describe, it } from "@effect/vitest"
import { fc, test } from "@fast-check/vitest"
import { Registries } from "@karya/core"
import { aadhaarNumberArbitrary } from "@karya/core/testing"
import { Result } from "effect"

const { Aadhaar } = Registries

const replaceAt = (text: string, index: number, character: string): string =>
  `${text.slice(0, index)}${character}${text.slice(index + 1)}`

describe("Aadhaar", () => {
  it("AAD-1: the Verhoeff check digit of known examples (236 → 3, 12345 → 1)", () => {
    assert.strictEqual(Aadhaar.verhoeffCheckDigit("236"), 3)
    assert.isTrue(Aadhaar.hasValidVerhoeffChecksum("2363"))
    assert.strictEqual(Aadhaar.verhoeffCheckDigit("12345"), 1)
    assert.isTrue(Aadhaar.hasValidVerhoeffChecksum("123451"))
    assert.isFalse(Aadhaar.hasValidVerhoeffChecksum("123452"))
    assert.isFalse(Aadhaar.hasValidVerhoeffChecksum("12a451"))
  })

  test.prop([aadhaarNumberArbitrary])("AAD-1: every generated valid Aadhaar number is accepted", (number) => {
    assert.isTrue(Aadhaar.isValidAadhaarNumber(number))
    const parsed = Aadhaar.fromString(number, { field: "identity.documentNumber" })
    assert.isTrue(Result.isSuccess(parsed) && parsed.success === number)
  })

  test.prop([aadhaarNumberArbitrary, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 })])(
    "AAD-1: every single-digit change of a valid number is refused",
    (number, index, shift) => {
      const digit = (Number(number[index]) + shift) % 10
      const changed = replaceAt(number, index, String(digit))
      assert.isFalse(Aadhaar.isValidAadhaarNumber(changed), `${number} → ${changed}`)
    },
  )

  test.prop([aadhaarNumberArbitrary, fc.integer({ min: 0, max: 10 })])(
    "AAD-1: every adjacent transposition of two different digits is refused",
    (number, index) => {
      fc.pre(number[index] !== number[index + 1])
      const swapped = `${number.slice(0, index)}${number[index + 1]}${number[index]}${number.slice(index + 2)}`
      assert.isFalse(Aadhaar.isValidAadhaarNumber(swapped), `${number} → ${swapped}`)
    },
  )

  it("AAD-1: Verhoeff catches every adjacent transposition at every position of a 12-digit number (exhaustive)", () => {
    let checked = 0
    for (let position = 0; position < 11; position += 1) {
      for (let left = 0; left < 10; left += 1) {
        for (let right = 0; right < 10; right += 1) {
          const body = Array.from({ length: 11 }, () => 5)
          body[position] = left
          if (position + 1 < 11) body[position + 1] = right
          const number = `${body.join("")}${Aadhaar.verhoeffCheckDigit(body.join(""))}`
          if (number[position] === number[position + 1]) continue
          const swapped = `${number.slice(0, position)}${number[position + 1]}${number[position]}${number.slice(position + 2)}`
          assert.isTrue(Aadhaar.hasValidVerhoeffChecksum(number))
          assert.isFalse(Aadhaar.hasValidVerhoeffChecksum(swapped), `${number} → ${swapped}`)
          checked += 1
        }
      }
    }
    assert.isAbove(checked, 900)
  })

  it("AAD-1: a number not of 12 digits, or starting with 0 or 1, is refused locally with AADHAAR_INVALID", () => {
    const cases = [
      ["23456789012", "notTwelveDigits"],
      ["2345678901234", "notTwelveDigits"],
      ["23456789012a", "notTwelveDigits"],
      ["", "notTwelveDigits"],
      [`0${"23456789012"}`, "startsWithZeroOrOne"],
      [`1${"23456789012"}`, "startsWithZeroOrOne"],
    ] as const
    for (const [text, reason] of cases) {
      const parsed = Aadhaar.fromString(text, { field: "identity.documentNumber" })
      assert.isTrue(Result.isFailure(parsed), text)
      if (Result.isFailure(parsed)) {
        assert.strictEqual(parsed.failure.code, "AADHAAR_INVALID")
        assert.strictEqual(parsed.failure.reason, reason)
        assert.notInclude(parsed.failure.message, text === "" ? "@@" : text)
      }
    }
    const body = "23456789012"
    const valid = `${body}${Aadhaar.verhoeffCheckDigit(body)}`
    const wrong = `${body}${(Aadhaar.verhoeffCheckDigit(body) + 1) % 10}`
    const failed = Aadhaar.fromString(wrong, { field: "aadhaar" })
    assert.isTrue(Result.isFailure(failed) && failed.failure.reason === "checksumFailed")
    const spaced = Aadhaar.fromString(`${valid.slice(0, 4)} ${valid.slice(4, 8)} ${valid.slice(8)}`, {
      field: "aadhaar",
    })
    assert.isTrue(Result.isSuccess(spaced) && spaced.success === valid)
  })

  it("AAD-4: an Aadhaar is displayed as Undisclosed, or ********1234 to roles allowed the masked value", () => {
    assert.strictEqual(Aadhaar.display("1234", { audience: "undisclosed" }), "Undisclosed")
    assert.strictEqual(Aadhaar.display("1234", { audience: "masked" }), "********1234")
    const body = "98765432101"
    const number = Result.getOrThrow(
      Aadhaar.fromString(`${body}${Aadhaar.verhoeffCheckDigit(body)}`, { field: "x" }),
    )
    assert.strictEqual(Aadhaar.lastFourDigitsOf(number), number.slice(-4))
  })
})
