/**
 * The failure every attendance store port may report when its backing store
 * cannot be reached (a database adapter maps its driver failures here).
 * Nothing was changed, so retrying is safe.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The attendance store could not be reached.
 *
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
