import Foundation
import IPCore

/// The one definition of a stored inventory row, shared by both engines: the column list
/// (each engine keeps its own DDL) and, in InventoryRowCodec+Cells.swift, the cells written
/// for `Inventory`'s rows and the strict reading of a row back into them. A cell of the wrong
/// type (text in an integer column, NULL in a required one, a number where a flag belongs) is
/// an error naming the column, never a trap or a silent 0.
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
}
