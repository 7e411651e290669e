import PaygentCore

/// `spawn_subagent`: runs a command as a nested agent run in the same session, with its own
/// budget slice (its payments may not exceed it), reported with `subagent_start`/`subagent_end`.
public struct SpawnSubagentTool: AgentTool {
    public init() {}

    public var paysMoney: Bool { true }

    /// The subagent's own steps pay, each under its own purchase ids.
    public var paysThroughChildren: Bool { true }

    public var spec: ToolSpec {
        ToolSpec(
            name: "spawn_subagent",
            description: "Delegate a sub-task to a subagent with its own budget slice (USD). The subagent plans and pays by itself within the slice and reports back.",
            inputSchema: [
                "type": "object",
                "properties": [
                    "command": ["type": "string", "description": "What the subagent should do, in plain language."],
                    "budget": ["type": "string", "description": "Budget slice in USD, such as \"0.25\"."],
                ],
                "required": ["command"],
                "additionalProperties": false,
            ]
        )
    }

    public func run(_ invocation: ToolInvocation, context: ToolContext) async -> ToolOutcome {
        do throws(AgentFailure) {
            let args = try ToolArguments(invocation.arguments, tool: spec.name)
            let command = try args.requiredString("command")
            guard command.count <= 10_000 else { return .failure(.invalidArguments, "spawn_subagent: command is too long") }
            var budget = try args.usd("budget")
            if let slice = context.sliceRemainingUSD {
                budget = min(budget ?? slice, slice)
            }
            if let remaining = context.session.remainingUSD {
                if let asked = budget, asked > remaining {
                    return .failure(.budgetExceeded, "spawn_subagent: a budget of \(asked) USD is more than the \(remaining) USD left in the session")
                }
            }
            guard context.depth < context.configuration.maxSubagentDepth else {
                return .failure(.invalidArguments, "spawn_subagent: subagents may nest at most \(context.configuration.maxSubagentDepth) deep")
            }
            return await context.spawn(command, budget, invocation)
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
