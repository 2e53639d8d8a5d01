import { describe, expect, it } from "@effect/vitest"
import * as Core from "@karya/core"
import {
  Attendance,
  Bills,
  Config,
  Contracts,
  Errors,
  Estimates,
  Ids,
  Measurement,
  Money,
  Payments,
  Persistence,
  Rates,
  Registries,
  Time,
  Workflow,
} from "@karya/core"
import { Effect, Exit, Schema } from "effect"

const { DomainError, ErrorCategory, FieldProblem, Validation, ValidationFailed } = Errors

const registries = {
  Attendance: Attendance.errorClasses,
  Bills: Bills.errorClasses,
  Config: Config.errorClasses,
  Contracts: Contracts.errorClasses,
  Estimates: Estimates.errorClasses,
  Measurement: Measurement.errorClasses,
  Payments: Payments.errorClasses,
  Persistence: Persistence.errorClasses,
  Rates: Rates.errorClasses,
  Registries: Registries.errorClasses,
  Errors: Errors.errorClasses,
  Ids: Ids.errorClasses,
  Money: Money.errorClasses,
  Time: Time.errorClasses,
  Workflow: Workflow.errorClasses,
} as const

const allErrorClasses: ReadonlyArray<Errors.DomainError.DomainErrorClass> = Object.values(registries).flat()

const hasStaticCode = (value: unknown): value is Errors.DomainError.DomainErrorClass =>
  typeof value === "function" && typeof (value as { code?: unknown }).code === "string"

const isNamespace = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * Every class with a static `code` that `@karya/core` exports, found in each
 * module's namespace (`Errors.ValidationFailed`) and in each noun's namespace
 * under it (`Payments.PushValidation.PiExists`): two fixed levels, as house
 * rule 1 lays the modules out.
 */
const exportedErrorClasses = (): ReadonlyArray<Errors.DomainError.DomainErrorClass> => {
  const found = new Set<Errors.DomainError.DomainErrorClass>()
  for (const moduleNamespace of Object.values(Core).filter(isNamespace)) {
    for (const value of Object.values(moduleNamespace)) {
      if (hasStaticCode(value)) found.add(value)
      if (!isNamespace(value)) continue
      for (const inner of Object.values(value)) if (hasStaticCode(inner)) found.add(inner)
    }
  }
  return [...found]
}

describe("error model", () => {
  it("ERR-1: every registered error class's code is its class name in SCREAMING_SNAKE_CASE", () => {
    expect(allErrorClasses.length).toBeGreaterThan(0)
    for (const errorClass of allErrorClasses) {
      expect(errorClass.code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/)
      expect(DomainError.codeOfClassName(errorClass.name)).toBe(errorClass.code)
    }
  })

  it("ERR-1 / API-3: every registered error class states a known category, and its instances carry it", () => {
    for (const errorClass of allErrorClasses) {
      expect(ErrorCategory.isErrorCategory(errorClass.category), `${errorClass.name}.category`).toBe(true)
    }
    const failure = Validation.fromProblems("estimate", [{ field: "name", code: "X", message: "m" }])
    expect(failure.category).toBe(ValidationFailed.category)
    expect(ErrorCategory.isErrorCategory("teapot")).toBe(false)
    const withoutCategory = { _tag: "X", code: "X", message: "m", retryable: false }
    expect(DomainError.isDomainError(withoutCategory)).toBe(false)
    expect(DomainError.isDomainError({ ...withoutCategory, category: "teapot" })).toBe(false)
    expect(DomainError.isDomainError({ ...withoutCategory, category: "rule" })).toBe(true)
    expect(ErrorCategory.isErrorCategory(undefined)).toBe(false)
  })

  it("ERR-1: every exported class with a code is in its module's errorClasses registry", () => {
    const exported = exportedErrorClasses()
    const registered = new Set(allErrorClasses)
    const unregistered = exported.filter((errorClass) => !registered.has(errorClass)).map(({ name }) => name)
    expect(unregistered).toEqual([])
    const unexported = allErrorClasses
      .filter((errorClass) => !exported.includes(errorClass))
      .map(({ name }) => name)
    expect(unexported).toEqual([])
  })

  it("ERR-1: class names map to codes word by word, digits included", () => {
    expect(DomainError.codeOfClassName("StaleVersion")).toBe("STALE_VERSION")
    expect(DomainError.codeOfClassName("MilestonesNot100")).toBe("MILESTONES_NOT_100")
    expect(DomainError.codeOfClassName("ValidationFailed")).toBe("VALIDATION_FAILED")
  })

  it("ERR-1: codes are unique across every module of the core", () => {
    const codes = allErrorClasses.map((errorClass) => errorClass.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it("ERR-1: a domain error is a typed value with code, message, details and retryable, matchable by code", async () => {
    const failure = Validation.fromProblems("estimate", [
      { field: "lines[0].quantity", code: "QUANTITY_NEGATIVE", message: "Enter a quantity of 0 or more" },
    ])
    expect(DomainError.isDomainError(failure)).toBe(true)
    expect(DomainError.isDomainError(new Error("plain"))).toBe(false)
    expect(DomainError.isDomainError("QUANTITY_NEGATIVE")).toBe(false)
    expect(failure.code).toBe("VALIDATION_FAILED")
    expect(failure.retryable).toBe(false)
    expect(failure.problems[0]?.field).toBe("lines[0].quantity")
    const caught = await Effect.runPromise(
      Effect.fail(failure).pipe(
        Effect.catchTag("ValidationFailed", (error) =>
          Effect.succeed(`${error.code}:${error.problems.length}`),
        ),
      ),
    )
    expect(caught).toBe("VALIDATION_FAILED:1")
  })

  it("ERR-1: the message names each problem so a clerk can act on it", () => {
    const one = Validation.fromProblems("muster roll", [
      { field: "skill", code: "SKILL_MISSING", message: "Choose the wage seeker's skill" },
    ])
    expect(one.message).toBe(
      "The muster roll has 1 problem; correct it and try again: skill: Choose the wage seeker's skill",
    )
    const two = Validation.fromProblems("bill", [
      { field: "a", code: "X", message: "first" },
      { field: "", code: "Y", message: "second" },
    ])
    expect(two.message).toBe("The bill has 2 problems; correct them and try again: a: first; (value): second")
  })

  it("ERR-3: a Schema decode reports every field problem of one request together, with paths", () => {
    const Request = Schema.Struct({
      name: Schema.String,
      lines: Schema.Array(Schema.Struct({ quantity: Schema.String, unit: Schema.String })),
    })
    const exit = Schema.decodeUnknownExit(Request)(
      {
        name: 7,
        lines: [
          { quantity: "1", unit: "m" },
          { quantity: 2, unit: null },
        ],
      },
      { errors: "all" },
    )
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isSuccess(exit)) return
    const error = exit.cause.reasons.find((reason) => reason._tag === "Fail")
    expect(error?._tag).toBe("Fail")
    if (error?._tag !== "Fail") return
    const problems = Validation.problemsFromIssue(error.error.issue)
    expect(problems.map((problem) => problem.field)).toEqual(["name", "lines[1].quantity", "lines[1].unit"])
    expect(problems.every((problem) => problem.code === Validation.valueInvalidCode)).toBe(true)
  })

  it("ERR-2 / ERR-3: nested problems keep their full path when lifted into the request", () => {
    const lifted = FieldProblem.within("lines[2]", [
      FieldProblem.make({ field: "quantity", code: "QUANTITY_NEGATIVE", message: "m" }),
      FieldProblem.make({ field: "[0]", code: "X", message: "m", limit: "4" }),
      FieldProblem.make({ field: "", code: "Y", message: "m" }),
    ])
    expect(lifted.map((problem) => problem.field)).toEqual(["lines[2].quantity", "lines[2][0]", "lines[2]"])
    expect(lifted[1]?.limit).toBe("4")
    expect(FieldProblem.joinPath("", "rows[1]")).toBe("rows[1]")
  })

  it("ERR-2: a ValidationFailed can be encoded and decoded without loss (it crosses boundaries)", () => {
    const failure = new ValidationFailed({
      subject: "tenant configuration",
      problems: [{ field: "timeZone", code: "VALUE_INVALID", message: "unknown zone", limit: "IANA" }],
    })
    const encoded = Schema.encodeSync(ValidationFailed)(failure)
    const decoded = Schema.decodeUnknownSync(ValidationFailed)(encoded)
    expect(decoded.problems).toEqual(failure.problems)
    expect(decoded.code).toBe("VALIDATION_FAILED")
  })
})
