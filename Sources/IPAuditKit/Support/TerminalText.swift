/// Text bound for a terminal with its control characters written out (`\x1b`, `\x07`, `\u{9b}`).
///
/// Names, roles, regions, addresses that failed to parse, a server's error text: whatever came
/// from an input file or a peer may hold ESC or BEL, and a terminal obeys them (clear the
/// screen, set the window title, rewrite the line before). Messages and the text formats
/// (tables, text findings) pass through here on their way out; JSON escapes them by
/// construction, and CSV, YAML and Prometheus files are data for programs, kept as they are.
///
/// Bidirectional formatting characters are escaped too (`\u{202e}`): U+202E in a host name makes
/// a terminal draw the rest of the line, and whatever follows on it, right to left, so a finding
/// about `evil\u{202e}lmx.exe` reads as one about `evilexe.xml` (Trojan Source, CVE-2021-42574).
public enum TerminalText {
    /// `text` with every C0 control, DEL, C1 control and bidirectional formatting character
    /// (the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks
    /// U+200E, U+200F and U+061C) written as an escape. `keepingNewlines`
    /// leaves "\n" for text that is several lines by design (a table, a usage message).
    public static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepingNewlines) else { out.append(scalar); continue }
            let hex = String(scalar.value, radix: 16)
            let written = scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{" + hex + "}"
            out.append(contentsOf: written.unicodeScalars)
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, _ keepingNewlines: Bool) -> Bool {
        let v = scalar.value
        if v == 0x0A { return !keepingNewlines }
        return v < 0x20 || (0x7F...0x9F).contains(v) || isBidiControl(v)
    }

    /// The characters Unicode's bidirectional algorithm obeys as commands (UAX #9's explicit
    /// formatting characters and implicit marks).
    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }
}
