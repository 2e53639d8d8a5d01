/**
 * The in-memory bill repository passes the conformance suite every
 * implementation runs (BILL-2: one active bill per source document and the
 * queries the rules search on; TEN-1; DB-4).
 */
import { Bills } from "@karya/core"
import { BillRepositorySuite } from "@karya/core/testing"

BillRepositorySuite("BILL-2: BillRepository.layerMemory", Bills.BillRepository.layerMemory)
