/// RFC 4180 quoting for one CSV field, made inert for spreadsheets.
public enum CSVField {
    /// A cell a spreadsheet would take as a formula (OWASP's CSV injection list: `=`, `+`, `-`,
    /// `@`, tab, carriage return first) gets a leading `'`, so a name from an inventory such as
    /// `=HYPERLINK(...)` opens as text. Then RFC 4180 quoting where the text needs it.
    public static func escape(_ s: String) -> String {
        var text = s
        if let first = text.unicodeScalars.first, formulaLeads.contains(first) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }

    private static let formulaLeads: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
