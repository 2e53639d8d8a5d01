/**
 * Test support for Karya ports and domain values: port conformance suites,
 * fast-check arbitraries and test Layers.
 *
 * @since 0.1.0
 */
export * from "./AggregateStoreSuite.js"
export * from "./AttendanceTesting.js"
export * from "./BillsTesting.js"
export * from "./ConfigTesting.js"
export * from "./ConformanceLaws.js"
export * from "./ContractsTesting.js"
export * from "./EstimatesTesting.js"
export * from "./IdSequenceSuite.js"
export * from "./MeasurementTesting.js"
export * from "./MoneyArbitraries.js"
export * from "./PaymentsTesting.js"
export * from "./PersistenceTesting.js"
export * from "./RatesTesting.js"
export * from "./RegistriesTesting.js"
export * from "./TimeArbitraries.js"
export * from "./WorkflowArbitraries.js"
