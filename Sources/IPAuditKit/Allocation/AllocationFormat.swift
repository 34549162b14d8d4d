import Foundation
import IPCore

/// Output formats of `allocate` (and `free`, which knows text and json).
public enum AllocationFormat: String, Sendable, CaseIterable {
    case table, json, yaml, csv
    case netboxCSV = "netbox-csv"
}

/// Renders an allocation outcome; each format in its own file.
public enum AllocationRenderer {
    public static func render(_ outcome: AllocationOutcome, as format: AllocationFormat) -> String {
        switch format {
        case .table: AllocationTableRenderer.render(outcome)
        case .json: AllocationJSONRenderer.render(outcome)
        case .yaml: AllocationYAMLRenderer.render(outcome)
        case .csv: AllocationCSVRenderer.render(outcome)
        case .netboxCSV: AllocationNetBoxRenderer.render(outcome)
        }
    }

    /// An address count for people, the one form every text output uses (allocate's table,
    /// `free`, error messages, the report): exact below 2^32; an IPv6 count of 2^32 or more
    /// as a power of two (`2^80`), a small multiple of one (`13×2^76`: a /48 less three /52s),
    /// else its approximate exponent (`≈2^79.9`). A 25-digit count tells nobody anything.
    /// JSON and CSV keep exact decimals.
    public static func sizeText(_ count: AddressCount, family: Int) -> String {
        if family == 6, count.isFullIPv6Space { return "2^128" }
        guard family == 6, count.value >= 1 << 32 else { return count.description }
        let shift = count.value.trailingZeroBitCount
        let odd = count.value >> UInt128(shift)
        if odd == 1 { return "2^\(shift)" }
        if odd < 1 << 16 { return "\(odd)×2^\(shift)" }
        return "≈2^" + String((log2(count.approximate) * 10).rounded() / 10)
    }

    /// Appends `quoted(s)`; names rarely need escapes, so those are copied as they are.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out.append(UInt8(ascii: "\""))
            out += s.utf8
            out.append(UInt8(ascii: "\""))
        } else {
            out += quoted(s).utf8
        }
    }

    /// JSON string literal (also valid as a YAML double-quoted scalar); the bindings table's
    /// JSON uses it too.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
