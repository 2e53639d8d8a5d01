#!/usr/bin/env node
/**
 * The `karya` executable. It first checks the Node.js version (TECH-1):
 * this file and `NodeVersion` import nothing that needs a newer Node, so an
 * old one (the system's Node 20) prints what to run instead of crashing in a
 * dependency. Only then does it load the CLI (`CliMain`).
 */
import { toVersionProblem } from "./NodeVersion.js"

const problem = toVersionProblem({ version: process.versions.node, executable: process.execPath })
if (problem === undefined) {
  await import("./CliMain.js")
} else {
  process.stderr.write(`${problem}\n`)
  process.exitCode = 1
}
