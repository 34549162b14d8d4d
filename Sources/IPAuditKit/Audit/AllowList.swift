import Foundation
import IPCore

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
    /// of `{address, entities: [...], reason}` (or `{allow: [...]}`). Anything else is an error:
    /// an allow-list that silently reads as empty would turn accepted findings back on, or worse,
    /// hide that the file is not what the user thinks.
    public static func load(path: String) throws -> AllowList {
        let bytes = try InputReader.readAll(path)
        try UTF8Check.check(bytes, file: path, keyed: false)  // entity names are matched by their text
        let records = try? CSVRecords.parse(bytes, file: path, limit: 1)
        if let header = records?.first, header.fields.first?.lowercased() == "address" {
            return try loadCSV(bytes, file: path)
        }
        let tree = try YAMLDocument.load(String(decoding: bytes, as: UTF8.self), file: path)
        if tree == nil { return AllowList() }  // an empty file allows nothing, on purpose
        guard let list = DocumentValue.array(tree) ?? DocumentValue.array(DocumentValue.object(tree)?["allow"]) else {
            throw InputError(file: path, path: "$",
                             "expected a CSV with the header address,entities,reason, or a YAML/JSON list of {address, entities, reason}")
        }
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

    /// The CSV form, read with the inventory's tokenizer (quoting, comments, CRLF, BOM).
    private static func loadCSV(_ bytes: [UInt8], file: String) throws -> AllowList {
        let records = try CSVRecords.parse(bytes, file: file)
        let header = records[0].fields.map { $0.lowercased() }
        guard header == ["address", "entities", "reason"] else {
            throw InputError(file: file, line: records[0].line,
                             "expected the header address,entities,reason (found: \(header.joined(separator: ",")))")
        }
        var out = AllowList()
        for record in records.dropFirst() {
            var fields = record.fields
            // A reason with unquoted commas ("kept until X, then removed") stays one reason,
            // as it always has: everything after the second comma is the reason.
            if fields.count > 3 {
                let parts = record.raw.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
                fields = Array(fields[0..<2]) + [parts[2].trimmingCharacters(in: .whitespaces)]
            }
            guard fields.count == 3, !fields[2].isEmpty else {
                throw InputError(file: file, line: record.line, field: "reason", "expected address,entities,reason with a reason")
            }
            let address: IPAddress
            do { address = try AddressField.parse(fields[0]).address } catch {
                throw InputError(file: file, line: record.line, field: "address", error.description)
            }
            let entities = fields[1].split(whereSeparator: { $0 == ";" || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }
            out.entries.append(Entry(address: address, entities: Set(entities.filter { !$0.isEmpty }), reason: fields[2]))
        }
        return out
    }
}
