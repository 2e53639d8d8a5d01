/**
 * tsup bundles the JavaScript; declarations come from `tsc -p tsconfig.build.json`,
 * which mirrors src/ so every public entry shares one set of declaration files.
 */
import { defineConfig } from "tsup"

export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: false,
  target: "node22",
})
