import IPCore

/// Reads `terraform show -json` of a plan (`planned_values`: what will exist after apply) or of
/// a state (`values`), module trees included, for the AWS network resources: `aws_vpc`,
/// `aws_vpc_ipv4_cidr_block_association`, `aws_subnet`, `aws_network_interface` and
/// `aws_instance`, as the AWS reader maps the same objects. Before apply the ids that join them
/// (`vpc_id`, `subnet_id`) are unknown: the plan's `configuration` names the resource each one
/// refers to, and that resource's address stands in for its id. So `ipaudit audit
/// tfplan.json --plan plan.yaml` judges the subnets a plan would create before they exist.
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
        let network = resources.filter { ["aws_vpc", "aws_vpc_ipv4_cidr_block_association", "aws_subnet", "aws_network_interface", "aws_instance"].contains($0.type) }
        tally.count("network resources", network.count)
        // A resource's id, or its address while the id is unknown (before apply).
        var idOf: [String: String] = [:]
        for r in network { idOf[r.base] = idOf[r.base] ?? (DocumentValue.text(r.values["id"]) ?? r.base); idOf[r.address] = DocumentValue.text(r.values["id"]) ?? r.address }
        func join(_ r: Resource, _ attribute: String) -> String? {
            if let known = DocumentValue.text(r.values[attribute]), !known.isEmpty { return known }
            guard let target = references[r.base]?[attribute] else { return nil }
            return idOf[target] ?? target
        }
        var out: [InventoryRecord] = []
        for r in network {
            let id = idOf[r.address] ?? r.address
            switch r.type {
            case "aws_vpc", "aws_vpc_ipv4_cidr_block_association":
                let vpc = r.type == "aws_vpc" ? id : (join(r, "vpc_id") ?? id)
                for key in ["cidr_block", "ipv6_cidr_block"] {
                    guard let text = DocumentValue.text(r.values[key]), !text.isEmpty else { continue }
                    let prefix = try AddressField.prefix(text, file: file, path: "\(r.path).values.\(key)", field: key)
                    out.append(InventoryRecord(prefix: prefix, name: "VPC \(r.address)", role: .other,
                                               network: CloudLabels.domain(cloud: "aws", vpc: vpc), live: true,
                                               labels: [CloudLabels.cloud: "aws", CloudLabels.vpc: vpc, CloudLabels.isVPC: "true",
                                                        InventoryLabel.vrf: vpc, "terraform_address": r.address],
                                               source: source, file: file, path: "\(r.path).values.\(key)"))
                }
            case "aws_subnet":
                let vpc = join(r, "vpc_id")
                let zone = DocumentValue.text(r.values["availability_zone"])
                var labels = [CloudLabels.cloud: "aws", CloudLabels.subnet: id, CloudLabels.isSubnet: "true", "terraform_address": r.address]
                if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
                for key in ["cidr_block", "ipv6_cidr_block"] {
                    guard let text = DocumentValue.text(r.values[key]), !text.isEmpty else { continue }
                    let prefix = try AddressField.prefix(text, file: file, path: "\(r.path).values.\(key)", field: key)
                    out.append(InventoryRecord(prefix: prefix, name: "subnet \(r.address)", role: .other,
                                               region: zone.flatMap(CloudLabels.awsRegion(ofZone:)), zone: zone,
                                               network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }, live: true,
                                               labels: labels, source: source, file: file, path: "\(r.path).values.\(key)"))
                }
            default:  // aws_network_interface, aws_instance
                let subnet = join(r, "subnet_id")
                // The VPC is the subnet's: found through the subnet's own row.
                let subnetResource = network.first { $0.type == "aws_subnet" && (idOf[$0.address] == subnet || $0.base == subnet) }
                let vpc = subnetResource.flatMap { join($0, "vpc_id") }
                let zone = DocumentValue.text(r.values["availability_zone"])
                var labels = [CloudLabels.cloud: "aws", "terraform_address": r.address]
                if let subnet { labels[CloudLabels.subnet] = subnet }
                if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
                var texts: [(String, String)] = []
                for (k, ip) in (DocumentValue.array(r.values["private_ips"]) ?? []).enumerated() {
                    if let t = DocumentValue.text(ip) { texts.append((t, "\(r.path).values.private_ips[\(k)]")) }
                }
                if let t = DocumentValue.text(r.values["private_ip"]), !texts.contains(where: { $0.0 == t }) {
                    texts.append((t, "\(r.path).values.private_ip"))
                }
                for (text, p) in texts {
                    let value = try AddressField.parse(text, file: file, path: p, field: "private_ip")
                    out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: r.address, role: .other,
                                               region: zone.flatMap(CloudLabels.awsRegion(ofZone:)), zone: zone,
                                               network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }, live: true,
                                               labels: labels, source: source, file: file, path: p))
                }
            }
        }
        return out
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
    /// `inputs`: the module's variables that its caller set to a resource (`vpc_id = aws_vpc.main.id`).
    static func configReferences(_ module: [String: Any], module prefix: String, inputs: [String: String] = [:],
                                 into out: inout [String: [String: String]]) {
        for item in DocumentValue.array(module["resources"]) ?? [] {
            guard let r = DocumentValue.object(item), let address = DocumentValue.text(r["address"]) else { continue }
            for (attribute, expression) in DocumentValue.object(r["expressions"]) ?? [:] {
                if let target = resource(referencedBy: expression, module: prefix, inputs: inputs) {
                    out[prefix + address, default: [:]][attribute] = target
                }
            }
        }
        for (name, callValue) in DocumentValue.object(module["module_calls"]) ?? [:] {
            guard let call = DocumentValue.object(callValue), let inner = DocumentValue.object(call["module"]) else { continue }
            var innerInputs: [String: String] = [:]
            for (variable, expression) in DocumentValue.object(call["expressions"]) ?? [:] {
                innerInputs[variable] = resource(referencedBy: expression, module: prefix, inputs: inputs)
            }
            configReferences(inner, module: "\(prefix)module.\(name).", inputs: innerInputs, into: &out)
        }
    }

    /// The resource an expression refers to: `["aws_vpc.main.id", "aws_vpc.main"]` → the
    /// module's `aws_vpc.main`; `var.vpc_id` → what the caller passed in.
    static func resource(referencedBy expression: Any?, module prefix: String, inputs: [String: String]) -> String? {
        let refs = (DocumentValue.array(DocumentValue.object(expression)?["references"]) ?? []).compactMap(DocumentValue.text)
        for ref in refs {
            let parts = ref.split(separator: ".")
            guard parts.count >= 2 else { continue }
            if parts[0] == "var", let passed = inputs[String(parts[1])] { return passed }
            if parts[0].hasPrefix("aws_") { return "\(prefix)\(parts[0]).\(parts[1].split(separator: "[").first ?? parts[1])" }
        }
        return nil
    }
}
