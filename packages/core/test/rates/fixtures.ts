/**
 * Shared set-up of the rates tests: a MUKTA tenant, its masters, and helpers
 * that create SORs and rates through the public use cases.
 */
import { Config, Money, Rates, Time } from "@karya/core"
import { ratesLayerMemory } from "@karya/core/testing"
import { Effect, Layer } from "effect"

export const configuration = Config.TenantConfiguration.mukta({ tenantId: "od.dhenkanal", cityCode: "DK" })
export const masters = configuration.sorMasters
export const settings = { tenantId: configuration.tenantId }
export const tenantId = configuration.tenantId
/** The rates ports in memory, with the tenant's configuration. */
export const ratesLayer = Layer.merge(ratesLayerMemory, Config.TenantSettings.layerMemory([configuration]))

export const date = Time.LocalDate.makeUnsafe
export const amount = Money.Amount.makeUnsafe
export const quantity = Money.Quantity.makeUnsafe

export const heads = (entries: Readonly<Record<string, string>>): ReadonlyArray<Rates.SorRate.HeadAmount> =>
  Object.entries(entries).map(([head, value]) => ({ head, amount: amount(value) }))

export const createBasic = (options: {
  readonly sorType: "M" | "L" | "E"
  readonly description: string
  readonly unit?: string
  readonly rateDefinedForQuantity?: string
}) =>
  Rates.ScheduleOfRates.createSor({
    ...settings,
    input: {
      sorType: options.sorType,
      unit: options.unit ?? (options.sorType === "L" ? "NOS" : "CUM"),
      description: options.description,
      rateDefinedForQuantity: quantity(options.rateDefinedForQuantity ?? "1"),
    },
  })

export const createWorks = (description: string, unit = "CUM") =>
  Rates.ScheduleOfRates.createSor({
    ...settings,
    input: {
      sorType: "W",
      subType: "EW",
      variant: "BS",
      unit,
      description,
      rateDefinedForQuantity: quantity("1"),
    },
  })

export const addRate = (sorId: string, entries: Readonly<Record<string, string>>, effectiveFrom: string) =>
  Rates.ScheduleOfRates.addRate({
    ...settings,
    sorId,
    heads: heads(entries),
    effectiveFrom: date(effectiveFrom),
  })

/** The mulia (unskilled labour) SORs of RA-5 with their wage from 2024-01-01. */
export const mulias = Effect.gen(function* () {
  const male = yield* createBasic({ sorType: "L", description: "Male mulia" })
  const female = yield* createBasic({ sorType: "L", description: "Female mulia" })
  yield* addRate(male.id, { LA: "352" }, "2024-01-01")
  yield* addRate(female.id, { LA: "352" }, "2024-01-01")
  return { male, female }
})

export const earthWorkComposition = (male: Rates.Sor.Sor, female: Rates.Sor.Sor) => ({
  analysisQuantity: quantity("1"),
  basicLines: [
    { sorId: male.id, quantity: quantity("0.16") },
    { sorId: female.id, quantity: quantity("0.16") },
  ],
  additionalCharges: [],
})

export const text = (value: Money.Amount.Amount) => Money.Amount.toDecimalString(value, { scale: 2 })
