import Foundation
import IPCore
import Yams

/// Known, accepted duplicates: (address, entities, reason). An entry with no entities accepts
/// any set of entities at the address; otherwise every entity of the finding must be listed.
/// Entities match names, MACs (wire duplicates) or scan domains.
public struct AllowList: Sendable {
    public struct Entry: Sendable, Hashable {
        public var address: IPAddress
        public var entities: Set<String>
        public var reason: String

        public init(address: IPAddress, entities: Set<String> = [], reason: String) {
            self.address = address
            self.entities = entities
            self.reason = reason
        }
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    /// The entry that accepts `entities` at `address`, if any.
    public func match(_ address: IPAddress, entities: [String]) -> Entry? {
        entries.first { $0.address == address && ($0.entities.isEmpty || Set(entities).isSubset(of: $0.entities)) }
    }

    /// Reads a CSV (`address,entities,reason`, entities separated by `;`) or a YAML/JSON list
    /// of `{address, entities: [...], reason}`.
    public static func load(path: String) throws -> AllowList {
        let bytes = try InputReader.readAll(path)
        let text = String(decoding: bytes, as: UTF8.self)
        let firstLine = text.split(separator: "\n", omittingEmptySubsequences: true)
            .first { !$0.hasPrefix("#") }.map(String.init) ?? ""
        if firstLine.lowercased().hasPrefix("address,") { return try loadCSV(text, file: path) }
        let tree: Any?
        do { tree = try Yams.load(yaml: text) } catch { throw InputError(file: path, "not valid YAML/JSON: \(error)") }
        let list = DocumentValue.array(tree) ?? DocumentValue.array(DocumentValue.object(tree)?["allow"]) ?? []
        var out = AllowList()
        for (i, item) in list.enumerated() {
            let at = "$[\(i)]"
            guard let o = DocumentValue.object(item), let a = DocumentValue.text(o["address"]) else {
                throw InputError(file: path, path: at, field: "address", "each entry needs an address")
            }
            let address: IPAddress
            do { address = try AddressField.parse(a).address } catch {
                throw InputError(file: path, path: "\(at).address", field: "address", error.description)
            }
            let entities = (DocumentValue.array(o["entities"]) ?? []).compactMap(DocumentValue.text)
            guard let reason = DocumentValue.text(o["reason"]), !reason.isEmpty else {
                throw InputError(file: path, path: "\(at).reason", field: "reason", "each entry needs a reason")
            }
            out.entries.append(Entry(address: address, entities: Set(entities), reason: reason))
        }
        return out
    }

    private static func loadCSV(_ text: String, file: String) throws -> AllowList {
        var out = AllowList()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where n > 0 {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            guard fields.count == 3, !fields[2].isEmpty else {
                throw InputError(file: file, line: n + 1, field: "reason", "expected address,entities,reason with a reason")
            }
            let address: IPAddress
            do { address = try AddressField.parse(fields[0]).address } catch {
                throw InputError(file: file, line: n + 1, field: "address", error.description)
            }
            let entities = fields[1].split(whereSeparator: { $0 == ";" || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }
            out.entries.append(Entry(address: address, entities: Set(entities.filter { !$0.isEmpty }), reason: fields[2]))
        }
        return out
    }
}
