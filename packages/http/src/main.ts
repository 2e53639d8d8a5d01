/**
 * `npm start`: the main job. In this release it prints the kernel summary for
 * a demo ULB; a later release starts the API server here.
 */
import { render } from "./KernelSummary.js"

process.stdout.write(`${render({ tenantId: "od.dhenkanal", cityCode: "DK" })}\n`)
