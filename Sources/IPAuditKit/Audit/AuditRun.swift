import IPCore

/// One audit from its request to its report: the orchestration `ipaudit audit` and
/// `ipaudit report` share, so both see the same inputs and reach the same findings and exit status.
public enum AuditRun {
    /// What the run read and found. The report renderer needs more than the findings: the plan,
    /// the stored allocations and the inventory itself (for the masters' table).
    public struct Result: Sendable {
        public var report: FindingsReport
        public var input: AuditInput
        public var plan: Plan?
        /// The store's allocations, quarantined blocks and settings; nil when no store was read.
        public var allocations: AllocationState?
    }

    /// A fact for the user that is neither a finding nor an error.
    public enum Diagnostic: Sendable {
        /// About one input file (tasks without an address, one page of many).
        case note(file: String, text: String)
        /// A bad row dropped under `skipInvalid`.
        case skipped(InputError)
    }

    /// Reads the files (as `InventoryLoader` reads paths), then the store when `store` is given
    /// (its inventory is appended to the files'), and audits everything together. Bad input
    /// throws `InputError` before any finding.
    public static func run(_ request: AuditRequest, store: (() throws -> StoredAuditState)?,
                           diagnostic: (Diagnostic) -> Void = { _ in }) throws -> Result {
        var loader = InventoryLoader(format: request.inputFormat, skipInvalid: request.skipInvalid,
                                     allowEmpty: request.allowEmpty, kubernetes: request.kubernetes)
        loader.groupKubernetesFiles(request.files)
        loader.joinCloudFiles(request.files)
        return try run(request, reader: &loader, store: store, diagnostic: diagnostic)
    }

    /// The same, with the request's files read by `reader` (the CLI's reads URLs too).
    public static func run<Reader: InventoryInputReader>(_ request: AuditRequest, reader: inout Reader,
                                                         store: (() throws -> StoredAuditState)?,
                                                         diagnostic: (Diagnostic) -> Void = { _ in }) throws -> Result {
        var options = AuditOptions(utilizationWarning: request.utilizationWarning, utilizationError: request.utilizationError)
        for text in request.routable {
            do { options.routable.append(try IPPrefix(text)) } catch {
                throw InputError(field: "--routable", error.description)
            }
        }
        if let allow = request.allowPath { options.allowList = try AllowList.load(path: allow) }
        var topology = AuditTopology()
        var plan: Plan?
        if let path = request.planPath {
            let loaded = try Plan.load(path: path)
            topology.add(plan: loaded)
            plan = loaded
        }

        var inventory = Inventory()
        for file in request.files {
            let loaded = try reader.read(file)
            for note in reader.lastNotes { diagnostic(.note(file: reader.displayName(file), text: note)) }
            if inventory.isEmpty { inventory = loaded } else { inventory.append(contentsOf: loaded) }  // no copy for one file
        }
        for error in reader.skipped { diagnostic(.skipped(error)) }

        var observations: [Observation] = []
        var allocations: AllocationState?
        var wireVerdicts: [StoredVerdict] = [], coverage: [LinkCoverage] = []
        if let store {
            let stored = try store()
            if inventory.isEmpty { inventory = stored.inventory } else { inventory.append(contentsOf: stored.inventory) }
            topology.add(allocations: stored.allocations.allocations)
            observations = stored.observations
            allocations = stored.allocations
            wireVerdicts = stored.wireVerdicts
            coverage = stored.coverage
        }
        options.staleAfter = request.staleAfter
        options.now = request.now
        var input = AuditInput(inventory: inventory, topology: topology, observations: observations, options: options)
        input.wireVerdicts = wireVerdicts
        input.coverage = coverage
        return Result(report: Auditor.audit(input), input: input, plan: plan, allocations: allocations)
    }
}
