import { Measurement } from "@karya/core"
import { MeasurementBookRepositorySuite, MeasurementEntryRepositorySuite } from "@karya/core/testing"

MeasurementBookRepositorySuite(
  "MeasurementBookRepository.layerMemory",
  Measurement.MeasurementBookRepository.layerMemory,
)
MeasurementEntryRepositorySuite(
  "MeasurementEntryRepository.layerMemory",
  Measurement.MeasurementEntryRepository.layerMemory,
)
