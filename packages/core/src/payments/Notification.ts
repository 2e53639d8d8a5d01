/**
 * The SMS notifications of NOTIF-1: the events that send one and their
 * rendering with the tenant's templates (`configuration.notificationTemplates`,
 * `Config.NotificationTemplates`, with MUKTA's wording as default). Each event has
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
import {
  NotificationKind,
  type NotificationTemplates,
  placeholderPattern,
} from "../config/NotificationTemplates.js"
import type { TenantId } from "../config/TenantId.js"
import { TenantId as TenantIdSchema } from "../config/TenantId.js"
import { assert } from "../internal/assert.js"
import * as Inr from "../money/Inr.js"
import type { Beneficiary } from "./Beneficiary.js"

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
