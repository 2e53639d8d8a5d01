/**
 * The failure every attendance store port reported when its backing store
 * could not be reached, before the attendance stores moved onto
 * `Persistence.AggregateStore`, whose ports fail with `STORE_UNAVAILABLE`.
 *
 * @deprecated The code `ATTENDANCE_STORE_UNAVAILABLE` is retired: no port
 * reports it any more. The class stays registered so the code is never
 * reused (house rule 6).
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The attendance store could not be reached.
 *
 * @deprecated Retired code, kept so it is never reused; the stores fail with
 * `Persistence.StoreUnavailable`.
 * @since 0.1.0
 * @category errors
 */
export class AttendanceStoreUnavailable extends Schema.TaggedError<AttendanceStoreUnavailable>(
  "@karya/core/attendance/AttendanceStoreUnavailable",
)("AttendanceStoreUnavailable", {
  /** The port that failed: `AttendanceLogRepository`, …. */
  port: Schema.String,
  /** The store's own account of the failure, for the operator. */
  reason: Schema.String,
}) {
  static readonly code = "ATTENDANCE_STORE_UNAVAILABLE"
  static readonly category = "unavailable"
  readonly code = AttendanceStoreUnavailable.code
  readonly category = AttendanceStoreUnavailable.category
  readonly retryable = true
  override get message(): string {
    return `Attendance records (${this.port}) are unavailable (${this.reason}); nothing was saved, try again shortly.`
  }
}
