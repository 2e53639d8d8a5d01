/**
 * Lets Node 24 run the CLI from its TypeScript sources in tests (with
 * `--conditions=@karya/source`, Node strips the types): an import of
 * `./Cli.js` that has no `.js` file resolves to `./Cli.ts`, as tsc and
 * vitest resolve it. Tests then spawn exactly the code they typecheck, with
 * no build first.
 */
import { registerHooks } from "node:module"

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context)
    } catch (error) {
      const relativeJs = specifier.startsWith(".") && specifier.endsWith(".js")
      if (relativeJs) return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
      throw error
    }
  },
})
