/**
 * Submitting a bill keeps the batches other bill computations read within
 * their stated limits (house rule 8): a work order holds at most
 * `billsPerWorkOrderMax` bills and a source document is listed by at most
 * `billsPerSourceDocumentMax`, rejected bills included. Both are reached
 * through purchase bills, the type whose documents a clerk enters.
 */
import { assert, describe, it } from "@effect/vitest"
import { Bills } from "@karya/core"
import { Effect } from "effect"
import {
  amount,
  approver,
  creator,
  date,
  inBills,
  proprietor,
  refusedUnchanged,
  tenantId,
  verifier,
} from "./BillsFixtures.js"

const { BillRepository, BillWorkflow, PurchaseBill } = Bills

const raise = (invoiceNumber: string) =>
  PurchaseBill.raise({
    tenantId,
    actor: creator,
    content: {
      workOrderId: "wo-ia",
      vendorId: proprietor.id,
      invoice: { number: invoiceNumber, date: date("2024-06-05") },
      materialCostAmount: amount("1000"),
      gstAmount: amount("180"),
      deductions: [],
    },
  })

// Verified, then rejected by the approver: the bill stays on its work order
// and its document, and frees the document for another bill (BILL-2).
const reject = (bill: Bills.Bill.Bill) =>
  Effect.gen(function* () {
    const verified = yield* BillWorkflow.takeAction({
      tenantId,
      billId: bill.id,
      action: "VERIFY_AND_FORWARD",
      actor: verifier,
      version: bill.version,
    })
    const rejected = yield* BillWorkflow.takeAction({
      tenantId,
      billId: bill.id,
      action: "REJECT",
      actor: approver,
      version: verified.bill.version,
      comment: "wrong amount",
    })
    assert.isTrue(Bills.Bill.isRejected(rejected.bill))
    return rejected.bill
  })

const idOf = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`

// `count` more rejected bills on the work order, each of its own invoice:
// copies of a rejected bill, stored through the port, since raising 2,000
// bills one by one would read the order's bills 2,000 times.
const storeRejectedCopies = (rejected: Bills.Bill.Bill, count: number) =>
  Effect.gen(function* () {
    const repository = yield* BillRepository.BillRepository
    for (let index = 1; index <= count; index += 1) {
      const documents = rejected.sourceDocuments.map((document) => ({
        ...document,
        id: `${document.id}-${index}`,
        number: `${document.number}-${index}`,
      }))
      yield* repository.insert({
        aggregate: { ...rejected, id: idOf(index) as Bills.Bill.Bill["id"], sourceDocuments: documents },
      })
    }
  })

describe("BillSubmission limits", () => {
  it.effect(
    "BILL-2: a document billed and rejected billsPerSourceDocumentMax − 1 times is billed once more; past that, BILLS_PER_SOURCE_DOCUMENT_EXCEEDED stores nothing",
    () =>
      inBills()(
        Effect.gen(function* () {
          for (let index = 1; index < BillRepository.billsPerSourceDocumentMax; index += 1)
            yield* reject((yield* raise("INV-7")).bill)
          const last = yield* raise("INV-7")
          const listing = yield* BillRepository.billsOfSourceDocument({
            tenantId,
            sourceDocument: last.bill.sourceDocuments[0] ?? assert.fail("a purchase bill lists its invoice"),
          })
          assert.strictEqual(listing.length, BillRepository.billsPerSourceDocumentMax)
          yield* reject(last.bill)
          const { error, before, after } = yield* refusedUnchanged(raise("inv-7"))
          assert.strictEqual(error.code, "BILLS_PER_SOURCE_DOCUMENT_EXCEEDED")
          assert.isTrue(
            error instanceof BillRepository.BillsPerSourceDocumentExceeded &&
              error.category === "rule" &&
              error.limit === BillRepository.billsPerSourceDocumentMax &&
              error.sourceNumber === "inv-7",
          )
          assert.include(error.message, `${BillRepository.billsPerSourceDocumentMax} times`)
          assert.deepStrictEqual(after, before)
        }),
      ),
  )

  it.effect(
    "BILL-2: a work order with billsPerWorkOrderMax − 1 bills takes one more; past that, BILLS_PER_WORK_ORDER_EXCEEDED stores nothing",
    () =>
      inBills()(
        Effect.gen(function* () {
          const rejected = yield* reject((yield* raise("INV-1")).bill)
          yield* storeRejectedCopies(rejected, BillRepository.billsPerWorkOrderMax - 2)
          const last = yield* raise("INV-2")
          const onOrder = yield* BillRepository.billsOfWorkOrder({ tenantId, workOrderId: "wo-ia" })
          assert.strictEqual(onOrder.length, BillRepository.billsPerWorkOrderMax)
          assert.isTrue(onOrder.some((bill) => bill.id === last.bill.id))
          const { error, before, after } = yield* refusedUnchanged(raise("INV-3"))
          assert.strictEqual(error.code, "BILLS_PER_WORK_ORDER_EXCEEDED")
          assert.isTrue(
            error instanceof BillRepository.BillsPerWorkOrderExceeded &&
              error.category === "rule" &&
              error.limit === BillRepository.billsPerWorkOrderMax &&
              error.workOrderNumber === "WO/2024-25/wo-ia",
          )
          assert.include(error.message, `${BillRepository.billsPerWorkOrderMax} bills`)
          assert.deepStrictEqual(after, before)
        }),
      ),
  )
})
