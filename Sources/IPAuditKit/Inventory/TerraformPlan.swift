/// One `terraform show -json` document as the cloud mappers see it: the managed resources (module
/// trees flattened) and, for each, the resources its attributes refer to in `configuration`,
/// the only place a join (a subnet's VNet, an interface's subnet) shows before apply.
struct TerraformPlan {
    var resources: [TerraformReader.Resource]
    /// resource base address → attribute (`vpc_id`, `ip_configuration[0].subnet_id`) → base address it refers to.
    var references: [String: [String: String]]
    var file: String
    var source: String
    private var byAddress: [String: Int] = [:]

    init(resources: [TerraformReader.Resource], references: [String: [String: String]], file: String, source: String) {
        self.resources = resources
        self.references = references
        self.file = file
        self.source = source
        for (k, r) in resources.enumerated() {
            byAddress[r.address] = k
            if byAddress[r.base] == nil { byAddress[r.base] = k }
        }
    }

    func of(_ type: String) -> [TerraformReader.Resource] { resources.filter { $0.type == type } }

    func resource(at address: String) -> TerraformReader.Resource? { byAddress[address].map { resources[$0] } }

    /// A value known in the plan, at a dotted path with indexes (`network_profile[0].pod_cidr`);
    /// nil when unknown until apply (null or absent) or empty.
    func known(_ r: TerraformReader.Resource, _ attribute: String) -> String? {
        guard let text = DocumentValue.text(value(r, attribute)), !text.isEmpty else { return nil }
        return text
    }

    func value(_ r: TerraformReader.Resource, _ attribute: String) -> Any? {
        var current: Any? = r.values
        for part in attribute.split(separator: ".") {
            let name = part.prefix { $0 != "[" }
            current = DocumentValue.object(current)?[String(name)]
            var rest = part.dropFirst(name.count)
            while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                let index = Int(rest[rest.index(after: rest.startIndex)..<close]) ?? -1
                let list = DocumentValue.array(current) ?? []
                current = list.indices.contains(index) ? list[index] : nil
                rest = rest[rest.index(after: close)...]
            }
        }
        return current
    }

    /// The resource an attribute refers to in `configuration`; of a counted resource, the
    /// instance with the referrer's own index first (`count.index` pairs them).
    func target(_ r: TerraformReader.Resource, _ attribute: String) -> TerraformReader.Resource? {
        guard let base = references[r.base]?[attribute] else { return nil }
        let index = r.address.dropFirst(r.base.count)
        return resource(at: base + index) ?? resource(at: base)
    }

    /// A name-valued attribute (`resource_group_name`, `virtual_network_name`): its known value,
    /// else the `name` of the resource it refers to, else that resource's address, which its
    /// own rows then carry too.
    func name(_ r: TerraformReader.Resource, _ attribute: String) -> String? {
        if let text = known(r, attribute) { return text }
        return target(r, attribute).map { known($0, "name") ?? $0.base }
    }

    /// Texts of a list attribute (or the single one), each with its path; unknown entries left out.
    func texts(_ r: TerraformReader.Resource, list: String, single: String? = nil) -> [(text: String, path: String)] {
        var out: [(String, String)] = []
        for (k, item) in (DocumentValue.array(value(r, list)) ?? []).enumerated() {
            if let t = DocumentValue.text(item), !t.isEmpty { out.append((t, "\(r.path).values.\(list)[\(k)]")) }
        }
        if out.isEmpty, let single, let t = known(r, single) { out.append((t, "\(r.path).values.\(single)")) }
        return out
    }

    /// Checks a CIDR where it stands in the plan, so a bad one is reported at its own path
    /// before it is handed to a cloud reader in that reader's shape.
    func checkedPrefix(_ text: String, path: String, field: String) throws {
        _ = try AddressField.prefix(text, file: file, path: path, field: field)
    }

    func checkedAddress(_ text: String, path: String, field: String) throws {
        _ = try AddressField.parse(text, file: file, path: path, field: field)
    }

    /// Rows a cloud reader made from an object built in its API's shape, pointed back at the
    /// plan: each at the path it was read from (the readers keep their inputs' order) and
    /// labelled with its resource's address.
    static func relocated(_ rows: [InventoryRecord], to paths: [String], of r: TerraformReader.Resource) -> [InventoryRecord] {
        rows.enumerated().map { k, row in
            var row = row
            row.path = rows.count == paths.count ? paths[k] : "\(r.path).values"
            row.labels["terraform_address"] = r.address
            return row
        }
    }
}
