/**
 * A workflow definition as plain, serialisable data (WF-1, WF-8): a code, the
 * entity kind it governs, a business SLA, states and actions. Nothing about a
 * workflow lives in code, so a tenant can load any definition of this shape
 * (add a state, rename an action, change roles or SLAs) and the engine runs it.
 *
 * A definition is checked when loaded (`validateDefinition`): its shape by the
 * Schema, then its structure, and every problem is reported together in one
 * `WorkflowDefinitionInvalid` (ERR-3). The structural rules are those of WF-1
 * (every state reachable from the start, at least one action from the start,
 * every non-terminal state has an action, terminal states have none, state
 * names unique, action names unique per from-state, actions refer to existing
 * states) plus one the spec leaves implicit but every engineer expects: every
 * non-terminal state can reach a terminal state (a workflow that can never
 * finish is a configuration mistake, not a choice).
 *
 * Names of states, actions, roles and statuses are written in capitals with
 * underscores (`PENDING_FOR_VERIFICATION`), as MUKTA writes them, so no state
 * can be called like the virtual start state `start`; codes and entity kinds
 * are written in lower case with hyphens (`work-order`).
 *
 * @since 0.1.0
 */
import { Result, Schema } from "effect"
import type { FieldProblem } from "../errors/FieldProblem.js"
import { problemsFromIssue } from "../errors/ValidationFailed.js"

/**
 * The virtual start state: the `from` of the actions that create a workflow
 * entity. It has no SLA, no status and is never a target.
 *
 * @since 0.1.0
 * @category constructors
 */
export const startState = "start"

/**
 * The most states one definition may have. MUKTA's largest has 8; 64 leaves
 * room for any state's process while keeping inbox and path checks cheap.
 *
 * @since 0.1.0
 * @category models
 */
export const statesMax = 64

/**
 * The most actions one definition may have: at most a handful per state.
 *
 * @since 0.1.0
 * @category models
 */
export const actionsMax = 256

/**
 * The most roles one action may list; a longer list means the roles are
 * modelled wrongly (grant one role to many people instead).
 *
 * @since 0.1.0
 * @category models
 */
export const rolesPerActionMax = 16

/**
 * The longest name of a state, action, role, status, code or entity kind, so
 * names fit in timeline columns and URLs.
 *
 * @since 0.1.0
 * @category models
 */
export const nameLengthMax = 64

/**
 * The longest SLA in days (one year); a longer SLA is a typing mistake.
 *
 * @since 0.1.0
 * @category models
 */
export const slaDaysMax = 366

const upperName = (what: string) =>
  Schema.String.check(
    Schema.isPattern(/^[A-Z][A-Z0-9_]*$/, {
      message: `write the ${what} in capitals, digits and underscores, starting with a letter (PENDING_FOR_APPROVAL)`,
    }),
    Schema.isMaxLength(nameLengthMax, {
      message: `shorten the ${what} to at most ${nameLengthMax} characters`,
    }),
  )

const lowerName = (what: string) =>
  Schema.String.check(
    Schema.isPattern(/^[a-z][a-z0-9-]*$/, {
      message: `write the ${what} in lower-case letters, digits and hyphens, starting with a letter (work-order)`,
    }),
    Schema.isMaxLength(nameLengthMax, {
      message: `shorten the ${what} to at most ${nameLengthMax} characters`,
    }),
  )

const slaDays = (what: string) =>
  Schema.Int.check(
    Schema.isBetween(
      { minimum: 0, maximum: slaDaysMax },
      { message: `enter the ${what} as whole days from 0 to ${slaDaysMax}` },
    ),
  )

/**
 * One state of a workflow. `applicationStatus` is what the entity shows while
 * in the state; `slaDays` is absent where the state has no SLA (DRAFTED).
 *
 * @since 0.1.0
 * @category models
 */
export const WorkflowState = Schema.Struct({
  name: upperName("state name"),
  applicationStatus: upperName("application status"),
  isTerminal: Schema.Boolean,
  slaDays: Schema.optionalKey(slaDays("state SLA")),
  /** Whether documents must be attached by the action that enters this state. */
  isDocumentRequired: Schema.Boolean,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowState = typeof WorkflowState.Type

/**
 * One action: from a state (or `start`) to a state, taken by any of `roles`.
 * `REJECT` always requires a comment, whatever `isCommentRequired` says.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkflowAction = Schema.Struct({
  name: upperName("action name"),
  from: Schema.String,
  to: Schema.String,
  roles: Schema.NonEmptyArray(upperName("role")).check(
    Schema.isMaxLength(rolesPerActionMax, {
      message: `list at most ${rolesPerActionMax} roles on one action`,
    }),
  ),
  isCommentRequired: Schema.Boolean,
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowAction = typeof WorkflowAction.Type

/**
 * The shape of a definition, without the structural checks. Use
 * `WorkflowDefinition` (checked) wherever a definition is read.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkflowDefinitionShape = Schema.Struct({
  code: lowerName("workflow code"),
  entityKind: lowerName("entity kind"),
  businessSlaDays: slaDays("business SLA"),
  states: Schema.NonEmptyArray(WorkflowState).check(
    Schema.isMaxLength(statesMax, { message: `a workflow may have at most ${statesMax} states` }),
  ),
  actions: Schema.NonEmptyArray(WorkflowAction).check(
    Schema.isMaxLength(actionsMax, { message: `a workflow may have at most ${actionsMax} actions` }),
  ),
})

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowDefinitionShape = typeof WorkflowDefinitionShape.Type

/**
 * Problem code: two states share a name.
 *
 * @since 0.1.0
 * @category models
 */
export const stateNameDuplicateCode = "STATE_NAME_DUPLICATE"

/**
 * Problem code: two actions from the same state share a name.
 *
 * @since 0.1.0
 * @category models
 */
export const actionNameDuplicateCode = "ACTION_NAME_DUPLICATE"

/**
 * Problem code: an action's `from` or `to` names no state of the definition.
 *
 * @since 0.1.0
 * @category models
 */
export const stateUnknownCode = "STATE_UNKNOWN"

/**
 * Problem code: no action leaves the virtual start state.
 *
 * @since 0.1.0
 * @category models
 */
export const startActionMissingCode = "START_ACTION_MISSING"

/**
 * Problem code: a state cannot be reached from the start.
 *
 * @since 0.1.0
 * @category models
 */
export const stateUnreachableCode = "STATE_UNREACHABLE"

/**
 * Problem code: a non-terminal state has no action.
 *
 * @since 0.1.0
 * @category models
 */
export const stateWithoutActionCode = "STATE_WITHOUT_ACTION"

/**
 * Problem code: an action leaves a terminal state.
 *
 * @since 0.1.0
 * @category models
 */
export const terminalStateHasActionCode = "TERMINAL_STATE_HAS_ACTION"

/**
 * Problem code: no path leads from a state to a terminal state.
 *
 * @since 0.1.0
 * @category models
 */
export const stateCannotFinishCode = "STATE_CANNOT_FINISH"

type Problem = FieldProblem & { readonly path: ReadonlyArray<string | number> }

const problem = (path: ReadonlyArray<string | number>, code: string, message: string): Problem => ({
  path,
  field: path.reduce<string>(
    (field, key) => (typeof key === "number" ? `${field}[${key}]` : field === "" ? key : `${field}.${key}`),
    "",
  ),
  code,
  message,
})

const nameProblems = (definition: WorkflowDefinitionShape): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  const seenStates = new Set<string>()
  definition.states.forEach((state, index) => {
    if (seenStates.has(state.name)) {
      problems.push(
        problem(
          ["states", index, "name"],
          stateNameDuplicateCode,
          `state ${state.name} is defined twice; rename or remove one`,
        ),
      )
    }
    seenStates.add(state.name)
  })
  const seenActions = new Set<string>()
  definition.actions.forEach((action, index) => {
    const key = `${action.from}\u0000${action.name}`
    if (seenActions.has(key)) {
      problems.push(
        problem(
          ["actions", index, "name"],
          actionNameDuplicateCode,
          `action ${action.name} from ${action.from} is defined twice; rename or remove one`,
        ),
      )
    }
    seenActions.add(key)
  })
  return problems
}

const referenceProblems = (definition: WorkflowDefinitionShape): ReadonlyArray<Problem> => {
  const stateNames = new Set(definition.states.map((state) => state.name))
  const problems: Array<Problem> = []
  definition.actions.forEach((action, index) => {
    if (action.from !== startState && !stateNames.has(action.from)) {
      problems.push(
        problem(
          ["actions", index, "from"],
          stateUnknownCode,
          `action ${action.name} starts from "${action.from}", which is neither a state nor "${startState}"`,
        ),
      )
    }
    if (!stateNames.has(action.to)) {
      problems.push(
        problem(
          ["actions", index, "to"],
          stateUnknownCode,
          `action ${action.name} leads to "${action.to}", which is not a state`,
        ),
      )
    }
  })
  if (!definition.actions.some((action) => action.from === startState)) {
    problems.push(
      problem(
        ["actions"],
        startActionMissingCode,
        `add at least one action from "${startState}" that creates the record`,
      ),
    )
  }
  return problems
}

// Breadth-first search over the action graph, in the given direction; a loop
// bounded by the number of states (no recursion).
const reachableFrom = (
  definition: WorkflowDefinitionShape,
  origins: ReadonlyArray<string>,
  direction: "forward" | "backward",
): ReadonlySet<string> => {
  const reached = new Set<string>(origins)
  const queue = [...origins]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const action of definition.actions) {
      const [near, far] = direction === "forward" ? [action.from, action.to] : [action.to, action.from]
      if (near === next && !reached.has(far)) {
        reached.add(far)
        queue.push(far)
      }
    }
  }
  return reached
}

const graphProblems = (definition: WorkflowDefinitionShape): ReadonlyArray<Problem> => {
  const reachable = reachableFrom(definition, [startState], "forward")
  const terminals = definition.states.filter((state) => state.isTerminal).map((state) => state.name)
  const finishing = reachableFrom(definition, terminals, "backward")
  const problems: Array<Problem> = []
  definition.states.forEach((state, index) => {
    const path = ["states", index]
    const actionCount = definition.actions.filter((action) => action.from === state.name).length
    if (!reachable.has(state.name)) {
      problems.push(
        problem(
          path,
          stateUnreachableCode,
          `no sequence of actions from "${startState}" reaches ${state.name}`,
        ),
      )
    }
    if (state.isTerminal && actionCount > 0) {
      problems.push(
        problem(
          path,
          terminalStateHasActionCode,
          `${state.name} is terminal, so remove its ${actionCount} action(s)`,
        ),
      )
    }
    if (!state.isTerminal && actionCount === 0) {
      problems.push(
        problem(
          path,
          stateWithoutActionCode,
          `${state.name} is not terminal, so give it an action or mark it terminal`,
        ),
      )
    }
    if (!state.isTerminal && actionCount > 0 && !finishing.has(state.name)) {
      problems.push(
        problem(
          path,
          stateCannotFinishCode,
          `no sequence of actions leads from ${state.name} to a terminal state`,
        ),
      )
    }
  })
  return problems
}

const structuralProblems = (definition: WorkflowDefinitionShape): ReadonlyArray<Problem> => [
  ...nameProblems(definition),
  ...referenceProblems(definition),
  ...graphProblems(definition),
]

/**
 * A checked workflow definition: its shape and its structure (WF-1). Embed
 * this Schema wherever definitions are configured (CONF-1); decoding refuses
 * a definition with any structural problem.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkflowDefinition = WorkflowDefinitionShape.check(
  Schema.makeFilter((definition: WorkflowDefinitionShape) =>
    structuralProblems(definition).map((found) => ({
      path: found.path,
      issue: `${found.code}: ${found.message}`,
    })),
  ),
).pipe(Schema.brand("WorkflowDefinition"))

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowDefinition = typeof WorkflowDefinition.Type

/**
 * A workflow definition was refused when loaded; every problem is listed.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkflowDefinitionInvalid extends Schema.TaggedError<WorkflowDefinitionInvalid>(
  "@karya/core/workflow/WorkflowDefinitionInvalid",
)("WorkflowDefinitionInvalid", {
  /** The definition's code as given, or `"(unknown)"` when it has none. */
  definitionCode: Schema.String,
  problems: Schema.NonEmptyArray(
    Schema.Struct({
      field: Schema.String,
      code: Schema.String,
      message: Schema.String,
      limit: Schema.optionalKey(Schema.String),
    }),
  ),
}) {
  static readonly code = "WORKFLOW_DEFINITION_INVALID"
  static readonly category = "badInput"
  readonly code = WorkflowDefinitionInvalid.code
  readonly category = WorkflowDefinitionInvalid.category
  readonly retryable = false
  override get message(): string {
    const count = this.problems.length
    const listed = this.problems
      .map((found) => `${found.field || "(definition)"}: ${found.message}`)
      .join("; ")
    return `The workflow definition "${this.definitionCode}" has ${count} problem${count === 1 ? "" : "s"}; correct the tenant configuration and load it again: ${listed}`
  }
}

const codeOf = (input: unknown): string => {
  const code = typeof input === "object" && input !== null ? (input as { code?: unknown }).code : undefined
  return typeof code === "string" && code !== "" ? code : "(unknown)"
}

const invalid = (
  input: unknown,
  problems: ReadonlyArray<FieldProblem>,
): WorkflowDefinitionInvalid | undefined => {
  const [first, ...rest] = problems.map(({ field, code, message }) => ({ field, code, message }))
  return first === undefined
    ? undefined
    : new WorkflowDefinitionInvalid({ definitionCode: codeOf(input), problems: [first, ...rest] })
}

/**
 * Decodes and checks a definition (WF-1): shape problems (code
 * `VALUE_INVALID`) are reported first; when the shape is sound, every
 * structural problem is reported with its own code.
 *
 * @since 0.1.0
 * @category constructors
 */
export const validateDefinition = (
  input: unknown,
): Result.Result<WorkflowDefinition, WorkflowDefinitionInvalid> => {
  const decoded = Schema.decodeUnknownResult(WorkflowDefinitionShape)(input, { errors: "all" })
  if (Result.isFailure(decoded)) {
    const refused = invalid(input, problemsFromIssue(decoded.failure.issue))
    return refused === undefined ? Result.fail(fallbackInvalid(input)) : Result.fail(refused)
  }
  const refused = invalid(input, structuralProblems(decoded.success))
  // The structural checks above are exactly the brand's condition.
  return refused === undefined ? Result.succeed(decoded.success as WorkflowDefinition) : Result.fail(refused)
}

// A decode failure always has at least one leaf issue; this keeps the type total.
const fallbackInvalid = (input: unknown): WorkflowDefinitionInvalid =>
  new WorkflowDefinitionInvalid({
    definitionCode: codeOf(input),
    problems: [{ field: "", code: "VALUE_INVALID", message: "the definition is not a workflow definition" }],
  })

/**
 * Validates a definition, throwing `WorkflowDefinitionInvalid` when it is
 * refused. For shipped defaults and tests; load tenant input with
 * `validateDefinition`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeUnsafe = (input: unknown): WorkflowDefinition => Result.getOrThrow(validateDefinition(input))

/**
 * The state of a definition with this name, if any (`start` has none).
 *
 * @since 0.1.0
 * @category conversions
 */
export const findState = (definition: WorkflowDefinition, stateName: string): WorkflowState | undefined =>
  definition.states.find((state) => state.name === stateName)

/**
 * The actions that leave a state (or `start`), in definition order.
 *
 * @since 0.1.0
 * @category conversions
 */
export const actionsFrom = (
  definition: WorkflowDefinition,
  stateName: string,
): ReadonlyArray<WorkflowAction> => definition.actions.filter((action) => action.from === stateName)

/**
 * Every role that can take some action in a state: the roles that work on
 * an entity while it waits there (WF-2 assignees, WF-5 inbox).
 *
 * @since 0.1.0
 * @category conversions
 */
export const rolesActingIn = (definition: WorkflowDefinition, stateName: string): ReadonlyArray<string> => [
  ...new Set(actionsFrom(definition, stateName).flatMap((action) => action.roles)),
]

/**
 * Whether a state is terminal; `start` is not.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTerminalState = (definition: WorkflowDefinition, stateName: string): boolean =>
  findState(definition, stateName)?.isTerminal === true
