import ArgumentParser
import Foundation

/// `--format text|json` for the calculator commands.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum JSONOut {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(value), as: UTF8.self) + "\n"
    }
}

/// Label/value rows aligned on the colon.
func alignedRows(_ rows: [(String, String)], indent: String = "  ") -> String {
    let width = rows.map { $0.0.count }.max() ?? 0
    return rows.map { indent + $0.0 + ":" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }
        .joined(separator: "\n") + "\n"
}
