/// Input formats of `ipaudit import` and `ipaudit audit FILE`: `auto` and every format of
/// `InventoryFormats.registered`, where each is described once (its name, what its JSON looks
/// like, how it is parsed and read). Detection, the `--format` values and their help text
/// all come from that list.
public struct InventoryFormat: RawRepresentable, Hashable, CaseIterable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard rawValue == "auto" || InventoryFormats.registered.contains(where: { $0.format.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    init(named name: String) { rawValue = name }

    public static let auto = InventoryFormat(named: "auto")
    public static let csv = InventoryFormat(named: "csv")
    public static let json = InventoryFormat(named: "json")
    public static let yaml = InventoryFormat(named: "yaml")
    public static let mesos = InventoryFormat(named: "mesos")
    public static let marathon = InventoryFormat(named: "marathon")
    public static let netbox = InventoryFormat(named: "netbox")
    /// Kubernetes API objects: `kubectl get nodes,pods,services -A -o json|yaml`, a NodeList,
    /// PodList or ServiceList, or one object.
    public static let kubernetes = InventoryFormat(named: "kubernetes")
    /// DC/OS `GET /overlay-master/state`.
    public static let dcosOverlay = InventoryFormat(named: "dcos-overlay")
    /// AWS EC2 `describe-vpcs|subnets|network-interfaces|instances` JSON.
    public static let aws = InventoryFormat(named: "aws")
    /// Azure `az network vnet|nic list` and the ARM REST list answers.
    public static let azure = InventoryFormat(named: "azure")
    /// Google Cloud subnetworks, instances (aggregatedList or lists) and GKE cluster lists.
    public static let gcp = InventoryFormat(named: "gcp")
    /// `terraform show -json` of a plan or a state (AWS, Azure and Google network resources).
    public static let terraform = InventoryFormat(named: "terraform")
    /// dnsmasq's lease file (`/var/lib/misc/dnsmasq.leases`): only by name, never detected.
    public static let dnsmasqLeases = InventoryFormat(named: "dnsmasq-leases")

    public static var allCases: [InventoryFormat] { [.auto] + InventoryFormats.registered.map(\.format) }
    public var description: String { rawValue }

    /// "auto, csv, json, ... or kubernetes": the `--format` values, for help texts.
    public static var choices: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// "CSV, JSON, YAML, Mesos, ...": what can be imported, for a command's abstract.
    public static var titles: String { InventoryFormats.registered.map(\.title).joined(separator: ", ") }

    /// This format's registration (nil for `auto`).
    var entry: InventoryFormats.Entry? { InventoryFormats.registered.first { $0.format == self } }

    /// Guesses from the content (and, for an ambiguous start, the file name).
    /// JSON is recognized by its first byte, then by the keys that each API answer has;
    /// CSV by a header line naming an address or prefix column; everything else is YAML.
    static func detect(_ bytes: [UInt8], json: Any?, file: String) -> InventoryFormat {
        if let json { return detectJSON(json) }
        let lower = file.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".csv") { return .csv }
        // The first record, split by the inventory's own CSV tokenizer (quotes, BOM, comments).
        // YAML that is not CSV may not tokenize: then it is simply not CSV.
        if let header = (try? CSVRecords.parse(bytes, file: file, limit: 1))?.first, header.fields.count > 1 {
            let columns = header.fields.map(InventoryColumn.init(header:))
            if columns.contains(.address) || columns.contains(.prefix) { return .csv }
        }
        return .yaml
    }

    /// The strongest signature wins (see `Signature.strength`); ipaudit's own records only
    /// when no API format's signature fits.
    static func detectJSON(_ json: Any) -> InventoryFormat {
        if let o = DocumentValue.object(json) {
            let apis = InventoryFormats.registered.filter { $0.signature != nil && $0.format != .json }
            for entry in apis.sorted(by: { $0.signature!.strength < $1.signature!.strength }) where entry.signature!.matches(o) {
                return entry.format
            }
            return .json
        }
        if let a = DocumentValue.array(json), !a.isEmpty, a.allSatisfy(isNetBoxObject) { return .netbox }
        if MarathonReader.isPodStatusList(json) { return .marathon }
        if let a = DocumentValue.array(json), !a.isEmpty, a.allSatisfy(AzureReader.isAzureObject) { return .azure }
        if let a = DocumentValue.array(json), !a.isEmpty, a.allSatisfy(GCPReader.isGCPObject) { return .gcp }
        return .json
    }

    /// Whether a JSON object has this format's top-level signature (formats without one take anything).
    func matches(_ o: [String: Any]) -> Bool {
        entry?.signature?.matches(o) ?? true
    }

    /// What this format's JSON looks like, for the refusal of a file that is something else.
    var signature: String { entry?.signature?.looksLike ?? rawValue }

    /// "found top-level keys: a, b" / "found a list of 3 items": what a file holds instead.
    static func found(_ json: Any) -> String {
        if let o = DocumentValue.object(json) {
            return o.isEmpty ? "found an empty object" : "found top-level keys: \(o.keys.sorted().joined(separator: ", "))"
        }
        if let a = DocumentValue.array(json) { return "found a list of \(a.count) item\(a.count == 1 ? "" : "s")" }
        return "found a single value"
    }

    /// The auto-detection failure: every signature it looked for, and what it found.
    static func unrecognized(_ json: Any) -> String {
        let known = InventoryFormats.registered.compactMap { $0.signature?.looksLike }.joined(separator: "; ")
        return "not a known inventory format: expected \(known); \(found(json))"
    }

    /// NetBox objects carry a `family` object or number next to `address`/`prefix`.
    static func isNetBoxObject(_ v: Any) -> Bool {
        guard let o = DocumentValue.object(v) else { return false }
        return o["family"] != nil && (o["address"] != nil || o["prefix"] != nil)
    }
}
