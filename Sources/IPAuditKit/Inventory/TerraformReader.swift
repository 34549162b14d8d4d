import IPCore

/// Reads `terraform show -json` of a plan (`planned_values`: what will exist after apply) or of
/// a state (`values`), module trees included, for the network resources of the three clouds
/// (AWS in TerraformAWS, Azure in TerraformAzure, Google in TerraformGoogle), each mapped to the
/// rows its cloud's own reader makes of the same objects. Before apply the ids that join them
/// (`vpc_id`, `subnet_id`, `virtual_network_name`, `network`) are unknown: the plan's
/// `configuration` names the resource each one refers to, and that resource stands in for its
/// id. So `ipaudit audit tfplan.json --plan plan.yaml` judges the subnets a plan would create
/// before they exist. Peerings and transit gateway attachments join networks into one space.
enum TerraformReader {
    static func matches(_ o: [String: Any]) -> Bool {
        o["format_version"] != nil && (o["planned_values"] != nil || o["values"] != nil || o["terraform_version"] != nil)
    }

    /// One resource as planned, with the module it sits in.
    struct Resource {
        var address: String
        var type: String
        var values: [String: Any]
        var path: String
        /// `module.a.module.b.` (empty at the root).
        var module: String
        /// The address without its index: `module.vpc.aws_subnet.private` for `...private[0]`.
        var base: String { address.split(separator: "[", maxSplits: 1).first.map(String.init) ?? address }
    }

    static func read(_ root: Any, file: String, source: String, tally: inout ReadTally) throws -> [InventoryRecord] {
        guard let o = DocumentValue.object(root), matches(o) else {
            throw InputError(file: file, path: "$", "expected terraform show -json output (format_version, planned_values or values)")
        }
        let top = DocumentValue.object(DocumentValue.lookup(o, "planned_values.root_module")) ?? DocumentValue.object(DocumentValue.lookup(o, "values.root_module"))
        guard let top else { return [] }
        let base = o["planned_values"] != nil ? "$.planned_values.root_module" : "$.values.root_module"
        var resources: [Resource] = []
        collect(top, path: base, module: "", into: &resources)
        var references: [String: [String: String]] = [:]
        if let config = DocumentValue.object(DocumentValue.lookup(o, "configuration.root_module")) {
            configReferences(config, module: "", into: &references)
        }
        let plan = TerraformPlan(resources: resources, references: references, file: file, source: source)
        var mapped = Mapped()
        try TerraformAWS.map(plan, into: &mapped, tally: &tally)
        try TerraformAzure.map(plan, into: &mapped, tally: &tally)
        try TerraformGoogle.map(plan, into: &mapped, tally: &tally)
        if tally.counts.isEmpty { tally.count("network resources", 0) }
        // A peering or transit joins two networks into one routing space: their rows say so,
        // as a VNet listed by the az CLI names its peers.
        for k in mapped.records.indices {
            guard let network = mapped.records[k].network else { continue }
            if let peers = mapped.peers[network], !peers.isEmpty {
                mapped.records[k].labels[CloudLabels.peers] = peers.sorted().joined(separator: " ")
            }
            if let hubs = mapped.hubs[network], !hubs.isEmpty {
                mapped.records[k].labels[CloudLabels.hubs] = hubs.sorted().joined(separator: " ")
            }
        }
        return mapped.records
    }

    /// What the cloud mappers produce: rows, and the networks each network is peered with.
    struct Mapped {
        var records: [InventoryRecord] = []
        /// Routing domain (`aws:vpc-1`) → the VPC, VNet or network keys it is joined to.
        /// Entries as `cloud_peers` holds them: `peer`, or `peer@via` naming the peering.
        var peers: [String: Set<String>] = [:]
        /// Routing domain → the transit hubs (AWS transit gateways) it is attached to.
        var hubs: [String: Set<String>] = [:]

        mutating func peer(cloud: String, _ a: String, _ b: String, via: String? = nil) {
            guard a != b else { return }
            let suffix = via.map { "@" + $0 } ?? ""
            peers[CloudLabels.domain(cloud: cloud, vpc: a), default: []].insert(b + suffix)
            peers[CloudLabels.domain(cloud: cloud, vpc: b), default: []].insert(a + suffix)
        }

        mutating func attach(cloud: String, _ network: String, hub: String) {
            hubs[CloudLabels.domain(cloud: cloud, vpc: network), default: []].insert(hub)
        }
    }

    static func collect(_ module: [String: Any], path: String, module prefix: String, into out: inout [Resource]) {
        for (k, item) in (DocumentValue.array(module["resources"]) ?? []).enumerated() {
            guard let r = DocumentValue.object(item), DocumentValue.text(r["mode"]) != "data",
                  let address = DocumentValue.text(r["address"]), let type = DocumentValue.text(r["type"]) else { continue }
            out.append(Resource(address: address, type: type, values: DocumentValue.object(r["values"]) ?? [:],
                                path: "\(path).resources[\(k)]", module: prefix))
        }
        for (k, child) in (DocumentValue.array(module["child_modules"]) ?? []).enumerated() {
            guard let c = DocumentValue.object(child) else { continue }
            let address = DocumentValue.text(c["address"]).map { "\($0)." } ?? prefix
            collect(c, path: "\(path).child_modules[\(k)]", module: address, into: &out)
        }
    }

    /// resource base address → attribute → the resource base address its expression refers to.
    /// `scope`: what the module's `var.<name>` refer to (its caller set `vpc_id = aws_vpc.main.id`).
    /// Returns the module's outputs that name a resource, for its caller's `module.<name>.<output>`.
    @discardableResult
    static func configReferences(_ module: [String: Any], module prefix: String, scope inputs: [String: String] = [:],
                                 into out: inout [String: [String: String]]) -> [String: String] {
        var scope = inputs
        let calls = (DocumentValue.object(module["module_calls"]) ?? [:]).sorted { $0.key < $1.key }
        // Two rounds: a call's inputs may name another call's outputs (`vpc_id = module.vpc.vpc_id`).
        for _ in 0..<(calls.isEmpty ? 0 : 2) {
            for (name, callValue) in calls {
                guard let call = DocumentValue.object(callValue), let inner = DocumentValue.object(call["module"]) else { continue }
                var innerScope: [String: String] = [:]
                for (variable, expression) in DocumentValue.object(call["expressions"]) ?? [:] {
                    innerScope["var.\(variable)"] = resource(referencedBy: expression, module: prefix, scope: scope)
                }
                let outputs = configReferences(inner, module: "\(prefix)module.\(name).", scope: innerScope, into: &out)
                for (output, target) in outputs { scope["module.\(name).\(output)"] = target }
            }
        }
        for item in DocumentValue.array(module["resources"]) ?? [] {
            guard let r = DocumentValue.object(item), let address = DocumentValue.text(r["address"]) else { continue }
            expressionReferences(DocumentValue.object(r["expressions"]) ?? [:], at: "", module: prefix, scope: scope) {
                out[prefix + address, default: [:]][$0] = $1
            }
        }
        var outputs: [String: String] = [:]
        for (name, output) in DocumentValue.object(module["outputs"]) ?? [:] {
            outputs[name] = resource(referencedBy: DocumentValue.object(output)?["expression"], module: prefix, scope: scope)
        }
        return outputs
    }

    /// Each attribute's referenced resource; a nested block's attributes by their path
    /// (`ip_configuration[0].subnet_id`, `network_interface[1].subnetwork`).
    static func expressionReferences(_ expressions: [String: Any], at path: String, module prefix: String, scope: [String: String],
                                     _ found: (String, String) -> Void) {
        for (attribute, expression) in expressions {
            if let blocks = DocumentValue.array(expression) {
                for (k, block) in blocks.enumerated() {
                    expressionReferences(DocumentValue.object(block) ?? [:], at: "\(path)\(attribute)[\(k)].", module: prefix, scope: scope, found)
                }
            } else if let target = resource(referencedBy: expression, module: prefix, scope: scope) {
                found(path + attribute, target)
            }
        }
    }

    /// The resource an expression refers to: `["aws_vpc.main.id", "aws_vpc.main"]` → the
    /// module's `aws_vpc.main`; `var.vpc_id` → what the caller passed in; `module.vpc.vpc_id` →
    /// the resource that module's output names.
    static func resource(referencedBy expression: Any?, module prefix: String, scope: [String: String]) -> String? {
        let refs = (DocumentValue.array(DocumentValue.object(expression)?["references"]) ?? []).compactMap(DocumentValue.text)
        for ref in refs {
            let parts = ref.split(separator: ".").map { String($0.split(separator: "[").first ?? $0) }
            guard parts.count >= 2 else { continue }
            if parts[0] == "var", let passed = scope["var.\(parts[1])"] { return passed }
            if parts[0] == "module", parts.count >= 3, let output = scope["module.\(parts[1]).\(parts[2])"] { return output }
            if ["aws_", "azurerm_", "google_"].contains(where: { parts[0].hasPrefix($0) }) { return "\(prefix)\(parts[0]).\(parts[1])" }
        }
        return nil
    }
}
