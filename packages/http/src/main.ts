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
const input = argv.length === 0 ? ["demo"] : argv

Command.runWith(karya, { version })(input).pipe(Effect.provide(NodeServices.layer), NodeRuntime.runMain)
