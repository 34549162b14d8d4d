import Foundation
import IPAuditKit

/// The wire's side of an audit of a store: the verdicts scan, probe and watch kept, and how
/// long silence must last before a record is stale.
extension AuditInputOptions {
    /// `30d`, `2w`, `12h`, `90m`, `45s` or plain seconds; zero allowed.
    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        var number = Substring(text), scale = 1.0
        if let (suffix, s) = units.first(where: { text.hasSuffix($0.0) }) {
            number = text.dropLast(suffix.count)
            scale = s
        }
        guard let v = Double(number), v >= 0, v.isFinite, number.allSatisfy({ $0.isNumber || $0 == "." }) else { return nil }
        return v * scale
    }
}
