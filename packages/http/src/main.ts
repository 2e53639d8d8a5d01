/**
 * `npm start`: the main job. In this release it prints the kernel summary.
 */
import { render } from "./KernelSummary.js"

process.stdout.write(`${render()}\n`)
