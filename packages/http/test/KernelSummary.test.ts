import { Workflow } from "@karya/core"
import { KernelSummary } from "@karya/http"
import { describe, expect, it } from "vitest"

describe("KernelSummary", () => {
  it("WF-8: npm start lists every MUKTA workflow definition the tenant loads, with roles and SLAs", () => {
    const summary = KernelSummary.render({ tenantId: "od.dhenkanal", cityCode: "DK" })
    expect(summary).toMatch(/^Karya core \d+\.\d+\.\d+\n/)
    expect(summary).toContain("Tenant od.dhenkanal (city code DK, time zone Asia/Kolkata)")
    const definitions = Object.values(Workflow.MuktaWorkflows.muktaWorkflows)
    expect(summary).toContain(`${definitions.length} workflow definitions loaded:`)
    for (const definition of definitions) {
      expect(summary).toContain(
        `${definition.code} (${definition.entityKind}, business SLA ${definition.businessSlaDays} d)`,
      )
    }
    expect(summary).toContain("PENDING_FOR_ACCEPTANCE --ACCEPT [ORG_ADMIN]--> ACCEPTED")
    expect(summary).toContain("PENDING_FOR_VERIFICATION (SLA 2 d)")
  })
})
