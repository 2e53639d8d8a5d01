/**
 * Boundaries, wage seekers, organisations, identity and privacy (spec
 * 09-registries.md; AAD-1, AAD-4 of 07-integrations.md).
 *
 * @since 0.1.0
 */

import { Layer } from "effect"
import * as AggregateStore from "../persistence/AggregateStore.js"
import { AadhaarInvalid } from "./Aadhaar.js"
import { AadhaarCheckFailed, AadhaarNotVerified } from "./AadhaarGateway.js"
import { BoundaryExists, BoundaryNotFound } from "./Boundary.js"
import * as BoundaryRepository from "./BoundaryRepository.js"
import * as BoundaryRepositoryModule from "./BoundaryRepository.js"
import { OrganisationNotFound, OrgExists } from "./Organisation.js"
import * as OrganisationRepositoryModule from "./OrganisationRepository.js"
import * as OrganisationRepository from "./OrganisationRepository.js"
import { RegistryUnavailable } from "./RegistryUnavailable.js"
import { CipherUnavailable, SealedTextUnreadable } from "./SensitiveFieldCipher.js"
import * as UnmaskedReadLog from "./UnmaskedReadLog.js"
import { BankAccountShared, UnderAge, WageSeekerExists, WageSeekerNotFound } from "./WageSeeker.js"
import * as WageSeekerRepositoryModule from "./WageSeekerRepository.js"
import * as WageSeekerRepository from "./WageSeekerRepository.js"

export * as Aadhaar from "./Aadhaar.js"
export * as AadhaarGateway from "./AadhaarGateway.js"
export * as BankAccount from "./BankAccount.js"
export * as Boundary from "./Boundary.js"
export * as BoundaryRepository from "./BoundaryRepository.js"
export * as BoundaryUseCases from "./BoundaryUseCases.js"
export * as KeyedHash from "./KeyedHash.js"
export * as LabourSkills from "./LabourSkills.js"
export * as Masking from "./Masking.js"
export * as Organisation from "./Organisation.js"
export * as OrganisationRepository from "./OrganisationRepository.js"
export * as OrganisationUseCases from "./OrganisationUseCases.js"
export * as PublicTransparency from "./PublicTransparency.js"
export * as RegistryUnavailable from "./RegistryUnavailable.js"
export * as SensitiveFieldCipher from "./SensitiveFieldCipher.js"
export * as UnmaskedReadLog from "./UnmaskedReadLog.js"
export * as WageSeeker from "./WageSeeker.js"
export * as WageSeekerRepository from "./WageSeekerRepository.js"
export * as WageSeekerUseCases from "./WageSeekerUseCases.js"

/**
 * The error classes this module defines (code registry).
 *
 * @since 0.1.0
 * @category errors
 */
export const errorClasses = [
  AadhaarInvalid,
  AadhaarNotVerified,
  AadhaarCheckFailed,
  BoundaryExists,
  BoundaryNotFound,
  WageSeekerExists,
  WageSeekerNotFound,
  UnderAge,
  BankAccountShared,
  OrgExists,
  OrganisationNotFound,
  RegistryUnavailable,
  SealedTextUnreadable,
  CipherUnavailable,
] as const

/**
 * The module's aggregate stores (wage seekers, organisations, boundaries): every
 * implementation serves them from this list (`AggregateStore.layerMemoryAll`,
 * `PgAggregateStore.layerAll`).
 *
 * @since 0.1.0
 * @category layers
 */
export const stores = [
  WageSeekerRepositoryModule.registration,
  OrganisationRepositoryModule.registration,
  AggregateStore.register(BoundaryRepositoryModule.BoundaryRepository, BoundaryRepositoryModule.descriptor),
] as const

/**
 * Every registries store in memory: wage seekers, organisations,
 * boundaries and the log of unmasked reads. The keys (`KeyedHash`,
 * `SensitiveFieldCipher`), the labour skills and the Aadhaar gateway are a
 * deployment's (`Karya.layerMemory` takes them as options).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerMemory: Layer.Layer<
  | WageSeekerRepository.WageSeekerRepository
  | OrganisationRepository.OrganisationRepository
  | BoundaryRepository.BoundaryRepository
  | UnmaskedReadLog.UnmaskedReadLog
> = Layer.mergeAll(
  WageSeekerRepository.layerMemory,
  OrganisationRepository.layerMemory,
  BoundaryRepository.layerMemory,
  UnmaskedReadLog.layerMemory,
)
