/**
 * Human-readable numbers and internal identities (spec 01-kernel.md
 * ID-1..4).
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import { IdFormatInvalid, IdNumberInvalid, IdSequenceExhausted, IdValueInvalid } from "./IdFormat.js"
import * as IdSequence from "./IdSequence.js"
import { IdSequenceUnavailable } from "./IdSequence.js"

export * as CityCode from "./CityCode.js"
export * as EntityId from "./EntityId.js"
export * as HumanNumber from "./HumanNumber.js"
export * as IdFormat from "./IdFormat.js"
export * as IdSequence from "./IdSequence.js"
export * as IdSeries from "./IdSeries.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  IdFormatInvalid,
  IdSequenceExhausted,
  IdValueInvalid,
  IdNumberInvalid,
  IdSequenceUnavailable,
] as const

/**
 * The ID sequences in memory (ID-3).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<IdSequence.IdSequence> = Layer.mergeAll(IdSequence.layerMemory)
