#!/usr/bin/env node
/**
 * The `karya` executable. Without arguments (`npm start`) it runs the demo;
 * `karya --help` lists the commands.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { version } from "@karya/core"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { karya } from "./Cli.js"

const argv = process.argv.slice(2)
const rootFlags = new Set(["--help", "-h", "--version", "--completions", "--log-level"])
// `npm start` and `npm start -- --port 9090 --until-complete` run the demo.
const input =
  argv.length === 0 || (argv[0]?.startsWith("-") === true && !rootFlags.has(argv[0]))
    ? ["demo", ...argv]
    : argv

Command.runWith(karya, { version })(input).pipe(Effect.provide(NodeServices.layer), NodeRuntime.runMain)
