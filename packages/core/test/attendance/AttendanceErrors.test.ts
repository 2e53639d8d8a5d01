import { assert, describe, it } from "@effect/vitest"
import { Attendance, Errors } from "@karya/core"

const { AttendanceLog, AttendanceRegister, AttendanceStoreUnavailable, MusterRoll } = Attendance

const samples: ReadonlyArray<Errors.DomainError.DomainError> = [
  new AttendanceRegister.DuplicateAttendee({ wageSeekerId: "w-1" }),
  new AttendanceRegister.AlreadyEnrolled({
    wageSeekerId: "w-1",
    registerNumber: "WR/2024-25/000001",
    enrolledOn: "2024-06-03",
  }),
  new AttendanceRegister.EnrolmentOutsideRegister({
    wageSeekerId: "w-1",
    enrolledOn: "2024-07-01",
    startDate: "2024-06-03",
    endDate: "2024-06-30",
  }),
  new AttendanceRegister.DeEnrolmentInvalid({
    wageSeekerId: "w-1",
    deEnrolledOn: "2024-06-01",
    reason: "beforeEnrolment",
    limitDate: "2024-06-03",
  }),
  new AttendanceRegister.AttendeeNotEnrolled({ wageSeekerId: "w-1", registerNumber: "WR/2024-25/000001" }),
  new AttendanceRegister.AttendanceRegisterEnded({
    registerNumber: "WR/2024-25/000001",
    endDate: "2024-06-30",
  }),
  new AttendanceRegister.AttendanceRegisterInactive({ registerNumber: "WR/2024-25/000001" }),
  new AttendanceRegister.AttendanceRegisterNotFound({ tenantId: "od.dhenkanal", registerId: "r-1" }),
  new AttendanceRegister.AttendanceRegisterExists({
    workOrderId: "wo-1",
    existingRegisterId: "r-1",
    existingRegisterNumber: "WR/2024-25/000001",
  }),
  new AttendanceRegister.NotRegisterStaff({
    userId: "u",
    registerNumber: "WR/2024-25/000001",
    date: "2024-06-10",
  }),
  new AttendanceLog.LogOutsideRegister({
    clientReferenceId: "c",
    date: "2024-07-01",
    startDate: "2024-06-03",
    endDate: "2024-06-30",
  }),
  new AttendanceLog.LogOutsideEnrolment({ clientReferenceId: "c", wageSeekerId: "w-1", date: "2024-06-02" }),
  new AttendanceLog.LogsSpanRegisters({ registers: ["od.dhenkanal/r-1", "od.dhenkanal/r-2"] }),
  new AttendanceLog.LogAlreadyRecorded({ clientReferenceId: "c", existingLogId: "l-1" }),
  new AttendanceLog.AttendanceLogNotFound({ tenantId: "od.dhenkanal", logId: "l-1" }),
  new MusterRoll.StartNotMonday({ startDate: "2024-06-11", mondayBefore: "2024-06-10" }),
  new MusterRoll.MusterRollOutsideRegister({
    weekStart: "2024-07-01",
    registerNumber: "WR/2024-25/000001",
    startDate: "2024-06-03",
    endDate: "2024-06-30",
  }),
  new MusterRoll.MusterRollInFuture({ weekStart: "2024-06-24", today: "2024-06-17" }),
  new MusterRoll.DuplicateMusterRoll({
    existingMusterRollId: "m-1",
    existingMusterRollNumber: "MR/2024-25/000001",
    registerId: "r-1",
    weekStart: "2024-06-10",
  }),
  new MusterRoll.LogsPerMusterRollExceeded({
    registerId: "r-1",
    registerNumber: "WR/2024-25/000001",
    weekStart: "2024-06-10",
    limit: 50_000,
  }),
  new MusterRoll.SkillMissing({ musterRollNumber: "MR/2024-25/000001", wageSeekerIds: ["w-1"] }),
  new MusterRoll.ModifiedAttendanceInvalid({ wageSeekerId: "w-1", value: "7.5" }),
  new MusterRoll.AttendeeNotOnMusterRoll({ wageSeekerId: "w-1", musterRollNumber: "MR/2024-25/000001" }),
  new MusterRoll.MusterRollNotFound({ tenantId: "od.dhenkanal", musterRollId: "m-1" }),
  new MusterRoll.MusterRollNotEditable({
    musterRollNumber: "MR/2024-25/000001",
    state: "APPROVED",
    change: "RECOMPUTE",
  }),
  new AttendanceStoreUnavailable.AttendanceStoreUnavailable({
    port: "AttendanceLogRepository",
    reason: "timeout",
  }),
]

describe("attendance errors", () => {
  it("ATT-2 / ATT-3 / MR-1 / MR-2 / MR-3 / MR-4: each error class is registered, its code is its name, and its message is actionable", () => {
    assert.strictEqual(Attendance.errorClasses.length, samples.length)
    for (const errorClass of Attendance.errorClasses) {
      assert.strictEqual(Errors.DomainError.codeOfClassName(errorClass.name), errorClass.code)
      const sample = samples.find((error) => error._tag === errorClass.name)
      assert.isDefined(sample, errorClass.name)
      assert.strictEqual(sample?.code, errorClass.code)
      assert.isAbove(sample?.message.length ?? 0, 30)
    }
    assert.includeMembers(
      samples.map((error) => error.code),
      [
        "DUPLICATE_ATTENDEE",
        "ALREADY_ENROLLED",
        "ENROLMENT_OUTSIDE_REGISTER",
        "LOG_OUTSIDE_REGISTER",
        "LOG_OUTSIDE_ENROLMENT",
        "NOT_REGISTER_STAFF",
        "START_NOT_MONDAY",
        "DUPLICATE_MUSTER_ROLL",
        "SKILL_MISSING",
        "MODIFIED_ATTENDANCE_INVALID",
      ],
    )
    assert.deepStrictEqual(
      samples.filter((error) => error.retryable).map((error) => error.code),
      ["ATTENDANCE_STORE_UNAVAILABLE"],
    )
    const outside = new AttendanceRegister.DeEnrolmentInvalid({
      wageSeekerId: "w",
      deEnrolledOn: "2024-07-01",
      reason: "outsideRegister",
      limitDate: "2024-06-30",
    })
    assert.notStrictEqual(outside.message, samples[3]?.message)
  })
})
