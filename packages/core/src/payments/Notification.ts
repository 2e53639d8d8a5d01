/**
 * The SMS notifications of NOTIF-1: the events that send one, the templates
 * (tenant data, with MUKTA's wording as default) and rendering. Each event has
 * an id, and the `Notifier` port sends an event at most once, so a poll that
 * sees the same payment twice sends one SMS.
 *
 * Payments raises the payment successful and payment failed events; the
 * other events (work orders, time extensions, measurements, muster rolls)
 * are raised by their modules with the same templates and port.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import type { TenantId } from "../config/TenantId.js"
import { TenantId as TenantIdSchema } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Inr from "../money/Inr.js"
import type { Beneficiary } from "./Beneficiary.js"

/**
 * The events that send an SMS (NOTIF-1).
 *
 * @since 0.1.0
 * @category models
 */
export const NotificationKind = Schema.Literals([
  "paymentSuccessful",
  "paymentFailed",
  "workOrderApprovedToCreator",
  "workOrderApprovedToCbo",
  "workOrderRejected",
  "timeExtensionSentBack",
  "timeExtensionApproved",
  "timeExtensionRejected",
  "measurementApproved",
  "measurementRejected",
  "musterRollSentBack",
  "musterRollApproved",
])

/**
 * @since 0.1.0
 * @category models
 */
export type NotificationKind = typeof NotificationKind.Type

/**
 * The placeholders each template may use; `{scheme}` is the tenant's scheme
 * name and is always available.
 *
 * @since 0.1.0
 * @category models
 */
export const placeholdersOf: Readonly<Record<NotificationKind, ReadonlyArray<string>>> = {
  paymentSuccessful: ["amount", "utr"],
  paymentFailed: ["amount", "utr"],
  workOrderApprovedToCreator: ["workOrderNumber"],
  workOrderApprovedToCbo: ["workOrderNumber", "acceptanceDueDate"],
  workOrderRejected: ["workOrderNumber"],
  timeExtensionSentBack: ["timeExtensionNumber", "workOrderNumber"],
  timeExtensionApproved: ["timeExtensionNumber", "workOrderNumber"],
  timeExtensionRejected: ["timeExtensionNumber", "workOrderNumber"],
  measurementApproved: ["measurementNumber"],
  measurementRejected: ["measurementNumber"],
  musterRollSentBack: ["musterRollNumber"],
  musterRollApproved: ["musterRollNumber"],
}

const placeholderPattern = /\{([A-Za-z]+)\}/g

const unknownPlaceholders = (kind: NotificationKind, template: string): ReadonlyArray<string> =>
  [...template.matchAll(placeholderPattern)]
    .map((match) => match[1] ?? "")
    .filter((name) => name !== "scheme" && !placeholdersOf[kind].includes(name))

const templateFields = Object.fromEntries(
  NotificationKind.literals.map((kind) => [kind, Schema.NonEmptyString]),
) as { readonly [K in NotificationKind]: typeof Schema.NonEmptyString }

/**
 * A tenant's SMS templates: its scheme name and one template per event.
 * Each template may use only its event's placeholders.
 *
 * @since 0.1.0
 * @category models
 */
export const NotificationTemplates = Schema.Struct({
  schemeName: Schema.NonEmptyString,
  templates: Schema.Struct(templateFields),
}).check(
  Schema.makeFilter((value) =>
    NotificationKind.literals.flatMap((kind) =>
      unknownPlaceholders(kind, value.templates[kind]).map((name) => ({
        path: ["templates", kind],
        issue: `{${name}} is not available in this template; use ${["scheme", ...placeholdersOf[kind]].map((known) => `{${known}}`).join(", ")}`,
      })),
    ),
  ),
)

/**
 * @since 0.1.0
 * @category models
 */
export type NotificationTemplates = typeof NotificationTemplates.Type

/**
 * MUKTA's templates (NOTIF-1 gives the wording of the payment messages).
 *
 * @since 0.1.0
 * @category constructors
 */
export const muktaTemplates: NotificationTemplates = Schema.decodeUnknownSync(NotificationTemplates)({
  schemeName: "MUKTA",
  templates: {
    paymentSuccessful:
      "Payment of Rs. {amount} for {scheme}, transaction {utr} is made to your registered bank account. Contact your bank if not credited within 72 hours.",
    paymentFailed:
      "Payment of Rs. {amount} for {scheme}, transaction {utr} has failed. Contact the {scheme} cell at your ULB.",
    workOrderApprovedToCreator: "Work order {workOrderNumber} under {scheme} is approved.",
    workOrderApprovedToCbo:
      "Work order {workOrderNumber} under {scheme} is issued to your organisation. Accept it by {acceptanceDueDate}.",
    workOrderRejected: "Work order {workOrderNumber} under {scheme} is rejected.",
    timeExtensionSentBack:
      "Time extension {timeExtensionNumber} of work order {workOrderNumber} is sent back for correction.",
    timeExtensionApproved:
      "Time extension {timeExtensionNumber} of work order {workOrderNumber} is approved.",
    timeExtensionRejected:
      "Time extension {timeExtensionNumber} of work order {workOrderNumber} is rejected.",
    measurementApproved: "Measurement {measurementNumber} under {scheme} is approved.",
    measurementRejected: "Measurement {measurementNumber} under {scheme} is rejected.",
    musterRollSentBack: "Muster roll {musterRollNumber} under {scheme} is sent back for correction.",
    musterRollApproved: "Muster roll {musterRollNumber} under {scheme} is approved.",
  },
})

/**
 * One notification event: its id (the idempotency key), kind, recipient and
 * the values of its placeholders.
 *
 * @since 0.1.0
 * @category models
 */
export const Notification = Schema.Struct({
  eventId: Schema.NonEmptyString,
  tenantId: TenantIdSchema,
  kind: NotificationKind,
  mobile: Schema.NonEmptyString,
  values: Schema.Record(Schema.String, Schema.String),
})

/**
 * @since 0.1.0
 * @category models
 */
export type Notification = typeof Notification.Type

/**
 * An SMS ready to send.
 *
 * @since 0.1.0
 * @category models
 */
export const SmsMessage = Schema.Struct({
  eventId: Schema.NonEmptyString,
  tenantId: TenantIdSchema,
  kind: NotificationKind,
  mobile: Schema.NonEmptyString,
  text: Schema.String,
})

/**
 * @since 0.1.0
 * @category models
 */
export type SmsMessage = typeof SmsMessage.Type

/**
 * Renders a notification with the tenant's template. Every placeholder of
 * the event must have a value (the event's builder supplies them).
 *
 * @since 0.1.0
 * @category conversions
 */
export const render = (templates: NotificationTemplates, notification: Notification): SmsMessage => {
  const values: Readonly<Record<string, string>> = { ...notification.values, scheme: templates.schemeName }
  const text = templates.templates[notification.kind].replace(placeholderPattern, (_, name: string) => {
    const value = values[name]
    assert(value !== undefined, `the ${notification.kind} event supplies {${name}}`)
    return value
  })
  return {
    eventId: notification.eventId,
    tenantId: notification.tenantId,
    kind: notification.kind,
    mobile: notification.mobile,
    text,
  }
}

/**
 * The payment successful or failed event of a beneficiary of a PI, or
 * nothing when the beneficiary has no mobile number (a department). The
 * event id names the PI and the payment id, so each PI's success or failure
 * of a beneficiary is told once (NOTIF-1); a revised PI's success is a new
 * event.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paymentNotification = (options: {
  readonly kind: "paymentSuccessful" | "paymentFailed"
  readonly tenantId: TenantId
  readonly paymentInstructionNumber: string
  readonly beneficiary: Beneficiary
}): Notification | undefined => {
  const { beneficiary } = options
  if (beneficiary.mobile.trim() === "") return undefined
  const utr =
    options.kind === "paymentSuccessful" ? beneficiary.payment?.utrNumber : beneficiary.failure?.utrNumber
  return {
    eventId: `${options.kind}/${options.paymentInstructionNumber}/${beneficiary.paymentId}`,
    tenantId: options.tenantId,
    kind: options.kind,
    mobile: beneficiary.mobile.trim(),
    values: {
      amount: Inr.formatInr(beneficiary.amount, { denomination: "Unit", scale: 2 }),
      utr: utr ?? "",
    },
  }
}
