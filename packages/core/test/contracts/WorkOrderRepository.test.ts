import { Contracts } from "@karya/core"
import {
  ProjectClosureRepositorySuite,
  WorkOrderRepositorySuite,
  WorkOrderRevisionRepositorySuite,
} from "@karya/core/testing"

WorkOrderRepositorySuite("WorkOrderRepository.layerMemory", Contracts.WorkOrderRepository.layerMemory)
WorkOrderRevisionRepositorySuite(
  "WorkOrderRevisionRepository.layerMemory",
  Contracts.WorkOrderRevisionRepository.layerMemory,
)
ProjectClosureRepositorySuite(
  "ProjectClosureRepository.layerMemory",
  Contracts.ProjectClosureRepository.layerMemory,
)
