/**
 * The one way a port's conformance suite runs its laws against an
 * implementation (ARCH-3): each law is a titled Effect that needs the port,
 * and the suite provides the implementation's Layer to every law.
 *
 * @since 0.1.0
 */
import { describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"

/**
 * A titled law of a port: the title starts with the rule ID it proves.
 *
 * @since 0.1.0
 * @category testing
 */
export type ConformanceLaw<Port> = readonly [title: string, law: Effect.Effect<void, unknown, Port>]

/**
 * Registers a describe block named `name` with one test per law, each run
 * against `layer` (within `timeoutMs`, vitest's default when absent).
 *
 * @since 0.1.0
 * @category testing
 */
export const registerConformanceLaws = <Port, E>(
  name: string,
  layer: Layer.Layer<Port, E>,
  laws: ReadonlyArray<ConformanceLaw<Port>>,
  options: { readonly timeoutMs?: number | undefined } = {},
): void => {
  describe(name, () => {
    for (const [title, law] of laws)
      it.effect(title, () => law.pipe(Effect.provide(layer)), options.timeoutMs)
  })
}
