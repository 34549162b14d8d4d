import IPCore

/// Exports meant for support staff hide addresses: troubleshoot's support bundles write
/// `***HIDDEN***`, OpenShift Insights archives `xx.x.x.x`. Such a value is not a typo to be
/// corrected but an address the file does not have, and the error should say so.
enum RedactedValue {
    /// Words redaction tools write in place of a value.
    static let markers = ["hidden", "redacted", "obfuscated", "masked", "removed"]

    /// True when `text` (an address, or a prefix with its `/len`) is a redaction placeholder:
    /// a marker word, asterisks, or an address shape whose digits were replaced by `x`.
    static func isRedacted(_ text: String) -> Bool {
        let value = text.split(separator: "/", maxSplits: 1).first.map(String.init) ?? text
        let lower = value.lowercased()
        if value.contains("*") { return true }
        if markers.contains(where: { lower.contains($0) }) { return true }
        // `xx.x.x.x`, `xxx.xxx.xxx.xxx`, `xxxx:xxxx::x`: only x's and separators, with a separator.
        return lower.contains("x") && lower.contains(where: { $0 == "." || $0 == ":" })
            && lower.allSatisfy { $0 == "x" || $0 == "." || $0 == ":" }
    }

    /// The message for a value that did not parse as an address or prefix.
    static func explain(_ error: any Error) -> String {
        guard let parse = error as? IPParseError else { return "\(error)" }
        guard isRedacted(parse.input) else { return parse.description }
        return "\"\(parse.quotedInput)\" is a redacted value, not an address: the tool that exported this file hid the "
            + "cluster's addresses (a support bundle's or an Insights archive's redaction), so there is nothing to audit; "
            + "give an export taken without redaction"
    }
}
