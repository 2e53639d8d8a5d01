/**
 * The text `npm start` prints in this release: the kernel's version and the
 * MUKTA workflow definitions a tenant loads by default (states with their
 * SLA days, and each action with the roles that may take it).
 *
 * @since 0.1.0
 */
import { Config, version, type Workflow } from "@karya/core"

type WorkflowDefinition = Workflow.WorkflowDefinition.WorkflowDefinition

const renderState = (state: WorkflowDefinition["states"][number]): string => {
  const sla = state.slaDays === undefined ? "" : ` (SLA ${state.slaDays} d)`
  return `${state.name}${state.isTerminal ? " [terminal]" : ""}${sla}`
}

const renderDefinition = (definition: WorkflowDefinition): ReadonlyArray<string> => [
  `${definition.code} (${definition.entityKind}, business SLA ${definition.businessSlaDays} d)`,
  `  states: ${definition.states.map(renderState).join(", ")}`,
  ...definition.actions.map(
    (action) => `  ${action.from} --${action.name} [${action.roles.join(", ")}]--> ${action.to}`,
  ),
]

/**
 * Renders the kernel summary for the MUKTA configuration of one ULB.
 *
 * @since 0.1.0
 * @category conversions
 */
export const render = (tenant: { readonly tenantId: string; readonly cityCode: string }): string => {
  const configuration = Config.TenantConfiguration.mukta(tenant)
  return [
    `Karya core ${version}`,
    `Tenant ${configuration.tenantId} (city code ${configuration.cityCode}, time zone ${configuration.timeZone})`,
    `${configuration.workflows.length} workflow definitions loaded:`,
    "",
    ...configuration.workflows.flatMap((definition) => [...renderDefinition(definition), ""]),
  ].join("\n")
}
