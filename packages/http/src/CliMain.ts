/**
 * The `karya` command line, loaded by `main.ts` once the Node.js version is
 * known to be new enough. Without arguments (`npm start`) it runs the demo;
 * `karya --help` lists the commands and the environment variables. A
 * command whose settings are wrong (`Environment.StartupRefused`) prints
 * every problem, no stack trace, and exits with 78.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { version } from "@karya/core"
import { Console, Effect } from "effect"
import { Command } from "effect/cli"
import { karya, layerHelp } from "./Cli.js"
import { StartupRefused } from "./Environment.js"

const argv = process.argv.slice(2)
const rootFlags = new Set(["--help", "-h", "--version", "--completions", "--log-level"])
// `npm start` and `npm start -- --port 9090 --until-complete` run the demo.
const input =
  argv.length === 0 || (argv[0]?.startsWith("-") === true && !rootFlags.has(argv[0]))
    ? ["demo", ...argv]
    : argv

Command.runWith(karya, { version })(input).pipe(
  Effect.tapError((error) => (error instanceof StartupRefused ? Console.error(error.message) : Effect.void)),
  Effect.provide(layerHelp),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain,
)
