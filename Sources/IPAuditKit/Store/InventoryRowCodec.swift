import Foundation
import IPCore

/// The one definition of a stored inventory row, shared by both engines: the column list
/// (each engine keeps its own DDL), the values written for a record, and the strict reading
/// of a row back into a record. A cell of the wrong type (text in an integer column, NULL in
/// a required one, a number where a flag belongs) is an error naming the column, never a
/// trap or a silent 0.
public enum InventoryRowCodec {
    public enum Kind: Sendable { case text, optionalText, integer, flag }

    /// Stored columns after `id`, in the order rows are written and read.
    public static let columns: [(name: String, kind: Kind)] = [
        ("source", .text), ("address", .optionalText), ("prefix", .optionalText), ("mapped_ipv4", .flag),
        ("name", .text), ("role", .text), ("region", .optionalText), ("zone", .optionalText), ("rack", .optionalText),
        ("mac", .optionalText), ("network", .optionalText), ("vlan", .integer), ("host", .optionalText),
        ("live", .flag), ("labels", .text), ("file", .optionalText), ("line", .integer), ("path", .optionalText),
    ]

    public static var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// Position of a column in `columns`, so reading never depends on the list's order.
    static let position: [String: Int] = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1.name, $0) })

    /// One cell, as both engines can bind and read it.
    public enum Value: Equatable, Sendable {
        case text(String)
        case integer(Int)
        case flag(Bool)
        case null
    }

    /// The cells of `record` in `columns` order. Labels are JSON with sorted keys, so equal
    /// records store equal text on either engine.
    public static func values(source: String, _ r: InventoryRecord) throws -> [Value] {
        let labels = try labelsText(r.labels)
        func text(_ s: String?) -> Value { s.map(Value.text) ?? .null }
        return [
            .text(source), text(r.address?.description), text(r.prefix?.description), .flag(r.mappedIPv4),
            .text(r.name), .text(r.role.description), text(r.region), text(r.zone), text(r.rack),
            text(r.mac), text(r.network), r.vlan.map(Value.integer) ?? .null, text(r.host),
            .flag(r.live), .text(labels), text(r.file), r.line.map(Value.integer) ?? .null, text(r.path),
        ]
    }

    /// A cell that is not what its column holds.
    public struct Mismatch: Error, CustomStringConvertible {
        public let column: String
        public let problem: String
        public init(column: String, problem: String) {
            self.column = column
            self.problem = problem
        }
        public var description: String { "column \(column): \(problem)" }
    }

    /// Checks one cell against its column's kind (engines map their own types to `Value` first).
    public static func check(_ value: Value, column index: Int) throws -> Value {
        let (name, kind) = columns[index]
        switch (kind, value) {
        case (.text, .text), (.optionalText, .text), (.optionalText, .null), (.integer, .integer), (.integer, .null),
             (.flag, .flag):
            return value
        case (.text, .null), (.flag, .null):
            throw Mismatch(column: name, problem: "NULL in a required column")
        default:
            throw Mismatch(column: name, problem: "holds \(value), expected \(kind)")
        }
    }

    /// The record a row of checked cells describes, with the checks both engines share.
    public static func record(_ cells: [Value]) throws -> InventoryRecord {
        guard cells.count == columns.count else {
            throw Mismatch(column: "*", problem: "\(cells.count) cells, expected \(columns.count)")
        }
        func cell(_ name: String) -> Value { cells[position[name]!] }
        func text(_ name: String) -> String? { if case .text(let s) = cell(name) { s } else { nil } }
        func integer(_ name: String) -> Int? { if case .integer(let n) = cell(name) { n } else { nil } }
        func flag(_ name: String) -> Bool { if case .flag(let b) = cell(name) { b } else { false } }
        let address = try text("address").map { text in
            do { return try IPAddress(text) } catch { throw Mismatch(column: "address", problem: "not an IP address: \(error)") }
        }
        let prefix = try text("prefix").map { text in
            do { return try IPPrefix(text) } catch { throw Mismatch(column: "prefix", problem: "not a CIDR prefix: \(error)") }
        }
        guard (address == nil) != (prefix == nil) else {
            throw Mismatch(column: "address", problem: "a row holds an address or a prefix, not both or neither")
        }
        guard let labels = InventoryRecord.storedLabels(text("labels") ?? "") else {
            throw Mismatch(column: "labels", problem: "not a JSON object of strings")
        }
        let vlan = integer("vlan"), line = integer("line")
        if let bad = InventoryRecord.storedRangeProblem(vlan: vlan, line: line) {
            throw Mismatch(column: bad.field, problem: bad.problem)
        }
        return InventoryRecord(
            address: address, prefix: prefix, mappedIPv4: flag("mapped_ipv4"), name: text("name") ?? "",
            role: InventoryRole(text: text("role") ?? "") ?? .other, region: text("region"), zone: text("zone"),
            rack: text("rack"), mac: text("mac"), network: text("network"), vlan: vlan, host: text("host"),
            live: flag("live"), labels: labels, source: text("source") ?? "", file: text("file"), line: line,
            path: text("path"))
    }
}
