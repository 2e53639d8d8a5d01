/**
 * Who takes a workflow action (WF-2): a user id and the roles the user holds,
 * each granted in a tenant. A grant reaches an entity of its own tenant, or
 * every entity under it when held in a state tenant (TEN-1).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import { reaches, TenantId } from "../ids/TenantId.js"

/**
 * One role held in one tenant (`ESTIMATE_VERIFIER` in `od.dhenkanal`).
 *
 * @since 0.1.0
 * @category models
 */
export const RoleGrant = Schema.Struct({
  role: Schema.String,
  tenantId: TenantId,
})

/**
 * @since 0.1.0
 * @category models
 */
export type RoleGrant = typeof RoleGrant.Type

/**
 * A user with their role grants. The system itself acts as a user holding
 * the `SYSTEM` role (WF-BILL).
 *
 * @since 0.1.0
 * @category models
 */
export const Actor = Schema.Struct({
  userId: Schema.String,
  grants: Schema.Array(RoleGrant),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Actor = typeof Actor.Type

/**
 * Whether the actor holds any of `roles` through a grant that reaches a
 * record of `tenantId` (its own tenant or the state tenant above it).
 *
 * @since 0.1.0
 * @category predicates
 */
export const holdsAnyRole = (
  actor: Actor,
  scope: { readonly roles: ReadonlyArray<string>; readonly tenantId: TenantId },
): boolean =>
  actor.grants.some(
    (grant) =>
      scope.roles.includes(grant.role) && reaches({ holder: grant.tenantId, record: scope.tenantId }),
  )
