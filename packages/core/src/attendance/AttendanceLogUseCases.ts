/**
 * Recording attendance logs (ATT-3, ATT-4). A request carries logs of one
 * register, possibly captured offline. Each log's client reference id makes
 * re-sending safe: a log whose reference id is already stored is a no-op
 * that returns the stored log (even if the re-sent copy differs), and the
 * same reference id twice in one request is one log (the first). New logs
 * are checked against the register (`AttendanceLog.logProblem`); the first
 * refusal refuses the whole request and nothing is stored (ERR-2).
 *
 * New logs are stored one `insert` each (the store has no batch write); a
 * store failure part way through leaves the logs before it stored unless the
 * caller's transaction rolls them back (DB-5), and a resend of the request
 * stores the rest, the stored ones being no-ops (ATT-4).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import type { TenantConfiguration } from "../config/TenantConfiguration.js"
import type { TenantId } from "../config/TenantId.js"
import { configurationOf } from "../config/TenantSettings.js"
import * as EntityId from "../ids/EntityId.js"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { pageSizeMax } from "../persistence/Page.js"
import { refuseProblems } from "../registries/internal/Refusal.js"
import * as BusinessClock from "../time/BusinessClock.js"
import type { Actor } from "../workflow/Actor.js"
import * as AttendanceLog from "./AttendanceLog.js"
import { AttendanceLogRepository } from "./AttendanceLogRepository.js"
import { getAttendanceRegister } from "./AttendanceRegisterUseCases.js"

/**
 * The outcome of a log request: for each log sent, in order, the log as
 * stored, and how many were new.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recorded {
  readonly logs: ReadonlyArray<AttendanceLog.AttendanceLog>
  readonly createdCount: number
}

const firstOfEachReference = (
  logs: ReadonlyArray<AttendanceLog.AttendanceLogInput>,
): ReadonlyArray<AttendanceLog.AttendanceLogInput> => {
  const seen = new Set<string>()
  return logs.filter((log) => {
    if (seen.has(log.clientReferenceId)) return false
    seen.add(log.clientReferenceId)
    return true
  })
}

/**
 * The stored logs of these client reference ids (unknown ids left out),
 * read a page per slice of `pageSizeMax` ids: a reference id is one log at
 * most (ATT-4), so a slice's logs fit its page.
 *
 * @since 0.1.0
 * @category constructors
 */
export const storedLogsOf = Effect.fn("storedLogsOf")(function* (request: {
  readonly tenantId: TenantId
  readonly clientReferenceIds: ReadonlyArray<string>
}) {
  const repository = yield* AttendanceLogRepository
  const ids = [...new Set(request.clientReferenceIds)]
  const slices = Array.from({ length: Math.ceil(ids.length / pageSizeMax) }, (_, index) =>
    ids.slice(index * pageSizeMax, (index + 1) * pageSizeMax),
  )
  const found = yield* Effect.forEach(slices, (slice) =>
    AggregateStore.findAll(
      repository,
      { tenantId: request.tenantId, where: { clientReferenceId: slice } },
      { itemsMax: pageSizeMax },
    ),
  )
  return found.flat()
})

// The logs of a request must be of one register of the configuration's tenant (ATT-3).
const checkSpan = (
  configuration: TenantConfiguration,
  logs: ReadonlyArray<AttendanceLog.AttendanceLogInput>,
) => {
  const spans = AttendanceLog.spanProblem(logs)
  if (spans !== undefined) return Effect.fail(spans)
  const [first] = logs
  return first === undefined || first.tenantId === configuration.tenantId
    ? Effect.void
    : Effect.fail(
        new AttendanceLog.LogsSpanRegisters({
          registers: [
            `${first.tenantId}/${first.registerId}`,
            `${configuration.tenantId} (this request's tenant)`,
          ],
        }),
      )
}

/**
 * Records attendance logs (ATT-3, ATT-4) marked by the actor.
 *
 * @since 0.1.0
 * @category constructors
 */
export const recordAttendanceLogs = Effect.fn("recordAttendanceLogs")(function* (request: {
  readonly tenantId: TenantId
  readonly actor: Actor
  readonly logs: ReadonlyArray<AttendanceLog.AttendanceLogInput>
}) {
  const configuration = yield* configurationOf(request.tenantId)
  const { logs } = request
  const { tenantId } = configuration
  yield* refuseProblems("attendance logs", AttendanceLog.requestProblems(logs))
  yield* checkSpan(configuration, logs)
  const stored = yield* storedLogsOf({
    tenantId,
    clientReferenceIds: logs.map((log) => log.clientReferenceId),
  })
  const storedReferences = new Set(stored.map((log) => log.clientReferenceId))
  const fresh = firstOfEachReference(logs).filter((log) => !storedReferences.has(log.clientReferenceId))
  const [first] = fresh
  const created =
    first === undefined
      ? { storedLogs: [], createdCount: 0 }
      : yield* storeFresh({ configuration, actor: request.actor, logs: fresh, registerId: first.registerId })
  const all = [...stored, ...created.storedLogs]
  const byReference = new Map(all.map((log) => [log.clientReferenceId, log] as const))
  return {
    logs: logs.flatMap((log) => {
      const found = byReference.get(log.clientReferenceId)
      return found === undefined ? [] : [found]
    }),
    createdCount: created.createdCount,
  } satisfies Recorded
})

const storeFresh = Effect.fn("storeFreshLogs")(function* (request: {
  readonly configuration: TenantConfiguration
  readonly actor: Actor
  readonly registerId: string
  readonly logs: ReadonlyArray<AttendanceLog.AttendanceLogInput>
}) {
  const { tenantId, timeZone } = request.configuration
  const register = yield* getAttendanceRegister({ tenantId, registerId: request.registerId })
  for (const log of request.logs) {
    const problem = AttendanceLog.logProblem(register, log, { markedBy: request.actor.userId, timeZone })
    if (problem !== undefined) return yield* Effect.fail(problem)
  }
  const recordedAt = yield* BusinessClock.currentInstant
  const built = yield* Effect.forEach(request.logs, (log) =>
    Effect.map(
      EntityId.make,
      (id): AttendanceLog.AttendanceLog => ({
        ...log,
        id,
        version: 1,
        markedBy: request.actor.userId,
        recordedAt,
      }),
    ),
  )
  const storedLogs = yield* Effect.forEach(built, storeLog)
  // A concurrent request may have stored some reference ids first (ATT-4): count only ours.
  const builtIds = new Set(built.map((log) => log.id))
  return { storedLogs, createdCount: storedLogs.filter((log) => builtIds.has(log.id)).length }
})

// Stores a log, or returns the one a concurrent request stored first under
// its client reference id (ATT-4): the store refuses the second with
// `LOG_ALREADY_RECORDED`, naming the first.
const storeLog = Effect.fn("storeLog")(function* (log: AttendanceLog.AttendanceLog) {
  const repository = yield* AttendanceLogRepository
  return yield* repository.insert({ aggregate: log }).pipe(
    Effect.as(log),
    Effect.catchTag("LogAlreadyRecorded", (clash) =>
      repository
        .get({ tenantId: log.tenantId, id: clash.existingLogId })
        // A claim's holder is stored with it, and logs are never deleted.
        .pipe(Effect.catchTag("AttendanceLogNotFound", (missing) => Effect.die(missing))),
    ),
  )
})
