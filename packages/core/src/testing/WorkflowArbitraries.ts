/**
 * fast-check arbitraries for the workflow engine (spec 02-workflow.md): role
 * grants, actors with random grants in a few tenants, and random action
 * events for a definition and a snapshot. Events lean towards the actions the
 * current state offers and towards actors who hold their roles, so random
 * sequences travel deep into a workflow; the rest are refusals of every kind
 * (unknown or unlisted actions, wrong roles or tenants, stale versions, blank
 * comments, unfit assignees).
 *
 * @since 0.1.0
 */
import { DateTime } from "effect"
import * as fc from "fast-check"
import { makeUnsafe as makeTenantId, stateTenantOf, type TenantId } from "../config/TenantId.js"
import type { Actor, RoleGrant } from "../workflow/Actor.js"
import type { muktaWorkflows } from "../workflow/MuktaWorkflows.js"
import { actionsFrom, rolesActingIn, type WorkflowDefinition } from "../workflow/WorkflowDefinition.js"
import type { WorkflowEvent } from "../workflow/WorkflowEngine.js"
import type { WorkflowSnapshot } from "../workflow/WorkflowSnapshot.js"

/**
 * The tenants random grants are drawn from: two ULBs of Odisha, their state,
 * and a ULB and state elsewhere (grants there never reach Odisha's records).
 *
 * @since 0.1.0
 * @category testing
 */
export const workflowTenantIds: ReadonlyArray<TenantId> = [
  "od",
  "od.dhenkanal",
  "od.cuttack",
  "ka",
  "ka.bengaluru",
].map(makeTenantId)

/**
 * The first instant random events are dated from when the entity has none.
 *
 * @since 0.1.0
 * @category testing
 */
export const workflowEpoch: DateTime.Utc = DateTime.makeUnsafe("2024-01-15T04:30:00.000Z")

/**
 * Every role a definition names, plus one it never names.
 *
 * @since 0.1.0
 * @category testing
 */
export const rolesOfDefinition = (definition: WorkflowDefinition): ReadonlyArray<string> => [
  ...new Set([...definition.actions.flatMap((action) => action.roles), "CITIZEN"]),
]

/**
 * A role granted in a tenant.
 *
 * @since 0.1.0
 * @category testing
 */
export const roleGrantArbitrary = (options: {
  readonly roles: ReadonlyArray<string>
  readonly tenantIds: ReadonlyArray<TenantId>
}): fc.Arbitrary<RoleGrant> =>
  fc.record({ role: fc.constantFrom(...options.roles), tenantId: fc.constantFrom(...options.tenantIds) })

const userIdArbitrary = fc.integer({ min: 1, max: 40 }).map((number) => `user-${number}`)

/**
 * An actor with up to four random grants.
 *
 * @since 0.1.0
 * @category testing
 */
export const actorArbitrary = (options: {
  readonly roles: ReadonlyArray<string>
  readonly tenantIds: ReadonlyArray<TenantId>
}): fc.Arbitrary<Actor> =>
  fc.record({ userId: userIdArbitrary, grants: fc.array(roleGrantArbitrary(options), { maxLength: 4 }) })

/**
 * An actor who holds one of `roles` in `tenantId` or its state tenant, and
 * maybe other random grants.
 *
 * @since 0.1.0
 * @category testing
 */
export const actorHoldingArbitrary = (options: {
  readonly roles: ReadonlyArray<string>
  readonly tenantId: TenantId
  readonly otherRoles: ReadonlyArray<string>
}): fc.Arbitrary<Actor> =>
  fc.record({
    userId: userIdArbitrary,
    grants: fc
      .tuple(
        roleGrantArbitrary({
          roles: options.roles,
          tenantIds: [options.tenantId, stateTenantOf(options.tenantId)],
        }),
        fc.array(roleGrantArbitrary({ roles: options.otherRoles, tenantIds: workflowTenantIds }), {
          maxLength: 2,
        }),
      )
      .map(([held, others]) => [held, ...others]),
  })

const actionNameArbitrary = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
): fc.Arbitrary<string> => {
  const offered = actionsFrom(definition, snapshot.state).map((action) => action.name)
  const named = definition.actions.map((action) => action.name)
  return fc.oneof(
    ...(offered.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...offered) }] : []),
    { weight: 2, arbitrary: fc.constantFrom(...named) },
    { weight: 1, arbitrary: fc.constant("NOT_AN_ACTION") },
  )
}

const actorFor = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
  roles: ReadonlyArray<string>,
): fc.Arbitrary<Actor> => {
  const otherRoles = rolesOfDefinition(definition)
  const anyone = actorArbitrary({ roles: otherRoles, tenantIds: workflowTenantIds })
  return roles.length === 0
    ? anyone
    : fc.oneof(
        { weight: 4, arbitrary: actorHoldingArbitrary({ roles, tenantId: snapshot.tenantId, otherRoles }) },
        { weight: 1, arbitrary: anyone },
      )
}

const commentArbitrary = fc.option(
  fc.oneof(fc.constant(""), fc.constant("   "), fc.string({ minLength: 1, maxLength: 30 })),
  { nil: undefined },
)

const documentsArbitrary = fc.option(
  fc.array(
    fc.integer({ min: 1, max: 999 }).map((number) => `filestore-${number}`),
    { maxLength: 3 },
  ),
  { nil: undefined },
)

const versionArbitrary = (snapshot: WorkflowSnapshot): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(snapshot.version) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: -3, max: 3 })
        .filter((lag) => lag !== 0)
        .map((lag) => Math.max(0, snapshot.version + lag))
        .filter((version) => version !== snapshot.version),
    },
  )

const atArbitrary = (snapshot: WorkflowSnapshot): fc.Arbitrary<DateTime.Utc> => {
  const last = snapshot.timeline.at(-1)?.at ?? workflowEpoch
  const threeDaysMs = 3 * 24 * 60 * 60 * 1000
  return fc
    .integer({ min: 0, max: threeDaysMs })
    .map((elapsedMs) => DateTime.makeUnsafe(DateTime.toEpochMillis(last) + elapsedMs))
}

/**
 * A random action event on an entity: mostly an action its current state
 * offers, taken on the current version by someone holding its role, with
 * random comments, documents and assignees; sometimes anything else.
 *
 * @since 0.1.0
 * @category testing
 */
export const workflowEventArbitrary = (
  definition: WorkflowDefinition,
  snapshot: WorkflowSnapshot,
): fc.Arbitrary<WorkflowEvent> =>
  actionNameArbitrary(definition, snapshot).chain((type) => {
    const action = actionsFrom(definition, snapshot.state).find((candidate) => candidate.name === type)
    const targetRoles = action === undefined ? [] : rolesActingIn(definition, action.to)
    return fc
      .record({
        actor: actorFor(definition, snapshot, action?.roles ?? []),
        version: versionArbitrary(snapshot),
        comment: commentArbitrary,
        documents: documentsArbitrary,
        assignees: fc.option(fc.array(actorFor(definition, snapshot, targetRoles), { maxLength: 2 }), {
          nil: undefined,
        }),
        at: atArbitrary(snapshot),
      })
      .map(({ comment, documents, assignees, ...rest }) => ({
        type,
        ...rest,
        ...(comment === undefined ? {} : { comment }),
        ...(documents === undefined ? {} : { documents }),
        ...(assignees === undefined ? {} : { assignees }),
      }))
  })

/**
 * The spec's name for each MUKTA workflow (02-workflow.md), for test names.
 *
 * @since 0.1.0
 * @category testing
 */
export const muktaWorkflowSpecIds: Readonly<Record<keyof typeof muktaWorkflows, string>> = {
  estimate: "WF-EST",
  workOrder: "WF-WO",
  timeExtension: "WF-TE",
  measurement: "WF-MB",
  musterRoll: "WF-MR",
  bill: "WF-BILL",
  purchaseBill: "WF-PB",
  projectClosure: "WF-CLOSE",
}
