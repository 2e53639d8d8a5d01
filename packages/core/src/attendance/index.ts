/**
 * Attendance registers, logs and muster rolls (spec 05-attendance-bills.md
 * ATT-1..5, MR-1..6).
 *
 * @since 0.1.0
 */
import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import {
  AttendanceLogNotFound,
  LogAlreadyRecorded,
  LogOutsideEnrolment,
  LogOutsideRegister,
  LogsSpanRegisters,
} from "./AttendanceLog.js"
import * as AttendanceLogRepository from "./AttendanceLogRepository.js"
import * as AttendanceLogRepositoryModule from "./AttendanceLogRepository.js"
import {
  AlreadyEnrolled,
  AttendanceRegisterEnded,
  AttendanceRegisterExists,
  AttendanceRegisterInactive,
  AttendanceRegisterNotFound,
  AttendeeNotEnrolled,
  DeEnrolmentInvalid,
  DuplicateAttendee,
  EnrolmentOutsideRegister,
  NotRegisterStaff,
} from "./AttendanceRegister.js"
import * as AttendanceRegisterRepository from "./AttendanceRegisterRepository.js"
import * as AttendanceRegisterRepositoryModule from "./AttendanceRegisterRepository.js"
import { AttendanceStoreUnavailable } from "./AttendanceStoreUnavailable.js"
import {
  AttendeeNotOnMusterRoll,
  DuplicateMusterRoll,
  LogsPerMusterRollExceeded,
  ModifiedAttendanceInvalid,
  MusterRollInFuture,
  MusterRollNotEditable,
  MusterRollNotFound,
  MusterRollOutsideRegister,
  SkillMissing,
  StartNotMonday,
} from "./MusterRoll.js"
import * as MusterRollRepository from "./MusterRollRepository.js"
import * as MusterRollRepositoryModule from "./MusterRollRepository.js"

export * as AttendanceLog from "./AttendanceLog.js"
export * as AttendanceLogRepository from "./AttendanceLogRepository.js"
export * as AttendanceLogUseCases from "./AttendanceLogUseCases.js"
export * as AttendanceRegister from "./AttendanceRegister.js"
export * as AttendanceRegisterRepository from "./AttendanceRegisterRepository.js"
export * as AttendanceRegisterUseCases from "./AttendanceRegisterUseCases.js"
export * as AttendanceStoreUnavailable from "./AttendanceStoreUnavailable.js"
export * as DayRule from "./DayRule.js"
export * as MusterRoll from "./MusterRoll.js"
export * as MusterRollApproved from "./MusterRollApproved.js"
export * as MusterRollRepository from "./MusterRollRepository.js"
export * as MusterRollUseCases from "./MusterRollUseCases.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  DuplicateAttendee,
  AlreadyEnrolled,
  EnrolmentOutsideRegister,
  DeEnrolmentInvalid,
  AttendeeNotEnrolled,
  AttendanceRegisterEnded,
  AttendanceRegisterInactive,
  AttendanceRegisterNotFound,
  AttendanceRegisterExists,
  NotRegisterStaff,
  LogOutsideRegister,
  LogOutsideEnrolment,
  LogsSpanRegisters,
  StartNotMonday,
  MusterRollOutsideRegister,
  MusterRollInFuture,
  DuplicateMusterRoll,
  LogsPerMusterRollExceeded,
  SkillMissing,
  ModifiedAttendanceInvalid,
  AttendeeNotOnMusterRoll,
  MusterRollNotFound,
  MusterRollNotEditable,
  AttendanceStoreUnavailable,
  LogAlreadyRecorded,
  AttendanceLogNotFound,
] as const

/**
 * The module's aggregate stores (registers, logs, muster rolls): every
 * implementation serves them from this list (`AggregateStore.layerMemoryAll`,
 * `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  AggregateStore.register(
    AttendanceRegisterRepositoryModule.AttendanceRegisterRepository,
    AttendanceRegisterRepositoryModule.descriptor,
  ),
  AggregateStore.register(
    AttendanceLogRepositoryModule.AttendanceLogRepository,
    AttendanceLogRepositoryModule.descriptor,
  ),
  AggregateStore.register(
    MusterRollRepositoryModule.MusterRollRepository,
    MusterRollRepositoryModule.descriptor,
  ),
] as const

/**
 * Every attendance store in memory: registers, attendance logs and
 * muster rolls.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | AttendanceRegisterRepository.AttendanceRegisterRepository
  | AttendanceLogRepository.AttendanceLogRepository
  | MusterRollRepository.MusterRollRepository
> = Layer.mergeAll(
  AttendanceRegisterRepository.layerMemory,
  AttendanceLogRepository.layerMemory,
  MusterRollRepository.layerMemory,
)
