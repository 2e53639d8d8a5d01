// Runs every bench/*.bench.mjs in turn against the built packages. Each
// benchmark prints its own ratio against a baseline measured in the same
// process, never an absolute time target (speed targets are ratios, not
// timed unit tests).
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const benchDirectory = dirname(fileURLToPath(import.meta.url))
const only = process.argv[2]
const benches = readdirSync(benchDirectory)
  .filter((name) => name.endsWith(".bench.mjs") && (only === undefined || name.includes(only)))
  .sort()
for (const name of benches) {
  console.log(`\n== ${name}`)
  const bench = await import(pathToFileURL(join(benchDirectory, name)).href)
  await bench.run()
}
