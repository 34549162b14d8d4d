/// Text for the help screens, which also become the man page: swift-argument-parser's manual
/// generator drops every character that is not ASCII (`≥ 2 entities` came out as ` 2 entities`),
/// so text shared with the README (the rule catalogue) is spelled in ASCII on its way there.
public enum PlainText {
    static let spellings: [Character: String] = [
        "≥": ">=", "≤": "<=", "→": "->", "←": "<-", "…": "...", "×": "x", "—": "--", "–": "-", "·": "-",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "⌊": "floor(", "⌋": ")", "✔": "yes", "≈": "~", "§": "section ",
    ]

    /// `text` with the typographic characters above in ASCII; other non-ASCII characters kept
    /// (a test holds every help screen to pure ASCII, so a new one is noticed).
    public static func ascii(_ text: String) -> String {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var out = ""
        for c in text { out += spellings[c] ?? String(c) }
        return out
    }
}
