/**
 * Karya in one process (ARCH-3): one Layer with every store of every module
 * in memory, and the ports between the modules wired to the modules that
 * own the data (daily wages from the rates, work-order terms from contracts
 * and the measurement books, payee accounts frozen from the registries, …),
 * so an integrator runs every use case of `@karya/core` by providing
 * `layerMemory(options)` and, for payments, a JIT gateway (an adapter's,
 * `@karya/adapters-jit`).
 *
 * What a deployment decides is given as options: the tenants' configurations
 * (`Config.TenantSettings`), the keys that seal and hash sensitive numbers,
 * the labour skills, how the Aadhaar gateway answers, and the departments
 * that receive deductions with their accounts. Nothing is durable: for
 * tests, demos and embedding; a deployment puts the stores on a database
 * (`@karya/adapters-postgres`). Each module's own stores are its
 * `layerMemory` (`Payments.layerMemory`, `Estimates.layerMemory`, …).
 *
 * @since 0.1.0
 */
import { Layer, Redacted } from "effect"
import * as Attendance from "./attendance/index.js"
import * as Bills from "./bills/index.js"
import type { TenantConfiguration } from "./config/TenantConfiguration.js"
import * as TenantSettings from "./config/TenantSettings.js"
import * as Contracts from "./contracts/index.js"
import * as Estimates from "./estimates/index.js"
import * as Ids from "./ids/index.js"
import * as Measurement from "./measurement/index.js"
import * as Payments from "./payments/index.js"
import * as Persistence from "./persistence/index.js"
import * as Rates from "./rates/index.js"
import * as Registries from "./registries/index.js"

/**
 * What a deployment decides for `layerMemory`.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryOptions {
  /** The configuration of every tenant served (CONF-1, TEN-1). */
  readonly configurations: ReadonlyArray<TenantConfiguration>
  /** The keys that seal sensitive numbers and key their search hashes (PRIV-2). */
  readonly secrets: {
    readonly fieldKey: Redacted.Redacted<string>
    readonly searchKey: Redacted.Redacted<string>
  }
  /** The labour skill codes wage seekers may have (IND-1). */
  readonly labourSkillCodes: ReadonlyArray<string>
  /** How the Aadhaar gateway answers (AAD-2). */
  readonly aadhaarGateway: Registries.AadhaarGateway.AadhaarScript
  /** The department payee that receives each deduction head (BILL-3). */
  readonly headDepartments: ReadonlyArray<Bills.Payees.HeadDepartment>
  /** The departments' bank accounts, for the PIs that pay them (PI-2). */
  readonly departmentAccounts: ReadonlyArray<Payments.PayeeAccounts.RegisteredAccount>
}

const storesOf = (options: MemoryOptions) =>
  Layer.mergeAll(
    Ids.layerMemory,
    Persistence.layerMemory,
    Rates.layerMemory,
    Estimates.layerMemory,
    Contracts.layerMemory,
    Measurement.layerMemory,
    Attendance.layerMemory,
    Bills.layerMemory,
    Payments.layerMemory,
    Registries.layerMemory,
    Registries.KeyedHash.layerMemoryWithSecret(Redacted.value(options.secrets.searchKey)),
    Registries.SensitiveFieldCipher.layerMemoryWithSecret(Redacted.value(options.secrets.fieldKey)),
    Registries.LabourSkills.layerMemory(options.labourSkillCodes),
    Registries.AadhaarGateway.layerMemory(options.aadhaarGateway),
    TenantSettings.layerMemory(options.configurations),
  )

const wiringOf = (options: MemoryOptions) =>
  Layer.mergeAll(
    Measurement.EstimateLineMeasurements.layerFromMeasurement,
    Measurement.RateAnalysisContent.layerFromRates,
    Contracts.ApprovedEstimates.layerFromEstimates,
    Contracts.Organisations.layerFromRegistries,
    Contracts.MusterRollStatus.layerFromAttendance,
    Contracts.AttendanceRegisters.layerFromAttendance,
    Bills.DailyWages.layerFromRates,
    Bills.Payees.layerFromRegistries(options.headDepartments),
    Bills.MeasurementEntries.layerFromMeasurement,
    Payments.PayeeAccounts.layerFromRegistries(options.departmentAccounts),
  )

/**
 * Every store in memory and the ports between the modules wired (see the
 * module header). Needs nothing but a `JitGateway` for the JIT calls.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory = (options: MemoryOptions) =>
  Bills.WorkOrderTerms.layerFromContracts.pipe(
    Layer.provideMerge(wiringOf(options)),
    Layer.provideMerge(storesOf(options)),
  )

/**
 * The services `layerMemory` provides.
 *
 * @since 0.1.0
 * @category models
 */
export type MemoryServices = Layer.Success<ReturnType<typeof layerMemory>>
