extension MesosStateReader {
    /// An agent as either API writes it.
    struct AgentEntry {
        var path: String
        var object: [String: Any]
        var info: [String: Any]
        /// Where `info` sits: the entry itself, or its `agent_info` (v1).
        var infoPath: String
        var recovered: Bool
    }

    /// A task as either API writes it.
    struct TaskEntry {
        var path: String
        var object: [String: Any]
        var historical: Bool
    }

    /// GET_TASKS lists whose tasks hold no address any more (the master's completed and
    /// unreachable ones, an agent's terminated and completed ones).
    static let historicalTaskLists: Set<String> = ["completed_tasks", "unreachable_tasks", "terminated_tasks"]

    /// The agents and tasks of either answer, with their JSON paths: `/master/state`
    /// (`slaves[]`, `recovered_slaves[]`, `frameworks[].tasks[]`, ...) or `GET_STATE`
    /// (`get_state.get_agents.agents[].agent_info`, `get_state.get_tasks.tasks[]`, ...), or
    /// the `GET_AGENTS` / `GET_TASKS` answer alone (`get_agents`, `get_tasks` at the top).
    static func entries(_ state: [String: Any]) -> (agents: [AgentEntry], tasks: [TaskEntry]) {
        var agentEntries: [AgentEntry] = []
        var taskEntries: [TaskEntry] = []
        func items(_ v: Any?) -> [[String: Any]] { (DocumentValue.array(v) ?? []).map { DocumentValue.object($0) ?? [:] } }
        // GET_STATE holds the GET_AGENTS and GET_TASKS answers, which also come alone.
        let v1 = DocumentValue.object(state["get_state"]) ?? (state["get_agents"] != nil || state["get_tasks"] != nil ? state : nil)
        if let v1 {
            let base = state["get_state"] != nil ? "$.get_state" : "$"
            let agents = DocumentValue.object(v1["get_agents"]) ?? [:]
            for (i, o) in items(agents["agents"]).enumerated() {
                let path = "\(base).get_agents.agents[\(i)]"
                agentEntries.append(AgentEntry(path: path, object: o, info: DocumentValue.object(o["agent_info"]) ?? [:],
                                               infoPath: path + ".agent_info", recovered: false))
            }
            for (i, o) in items(agents["recovered_agents"]).enumerated() {
                let path = "\(base).get_agents.recovered_agents[\(i)]"
                agentEntries.append(AgentEntry(path: path, object: o, info: o, infoPath: path, recovered: true))
            }
            let tasks = DocumentValue.object(v1["get_tasks"]) ?? [:]
            // Orphan tasks run under a framework the master has not seen again yet: live. An
            // agent's answer (`POST /slave(1)/api/v1`, as dcos-net records it) sorts its tasks
            // as queued, launched, terminated (not yet acknowledged) and completed instead.
            for key in ["tasks", "unreachable_tasks", "completed_tasks", "orphan_tasks",
                        "queued_tasks", "launched_tasks", "terminated_tasks"] {
                for (t, o) in items(tasks[key]).enumerated() {
                    taskEntries.append(TaskEntry(path: "\(base).get_tasks.\(key)[\(t)]", object: o,
                                                 historical: Self.historicalTaskLists.contains(key)))
                }
            }
        } else {
            for key in ["slaves", "recovered_slaves"] {
                for (i, o) in items(state[key]).enumerated() {
                    let path = "$.\(key)[\(i)]"
                    agentEntries.append(AgentEntry(path: path, object: o, info: o, infoPath: path, recovered: key == "recovered_slaves"))
                }
            }
            for fkey in ["frameworks", "completed_frameworks"] {
                for (f, framework) in items(state[fkey]).enumerated() {
                    for tkey in ["tasks", "unreachable_tasks", "completed_tasks"] {
                        for (t, o) in items(framework[tkey]).enumerated() {
                            taskEntries.append(TaskEntry(path: "$.\(fkey)[\(f)].\(tkey)[\(t)]", object: o,
                                                         historical: fkey != "frameworks" || tkey != "tasks"))
                        }
                    }
                }
            }
        }
        return (agentEntries, taskEntries)
    }
}
