import IPCore

/// What `show` and `history` are asked about: an address, a prefix or a MAC, as typed.
public enum QuerySubject: Sendable, Equatable {
    case address(IPAddress)
    case prefix(IPPrefix)
    case mac(String)

    /// Reads `text` as an address, a CIDR prefix (host bits must be zero) or a MAC
    /// (`aa:bb:cc:dd:ee:ff`, `aa-bb-…`, `aabb.ccdd.eeff`, any case). Bad text names `argument`.
    public static func parse(_ text: String, argument: String) throws -> QuerySubject {
        if let mac = canonicalMAC(text) { return .mac(mac) }
        if text.contains("/") {
            do { return .prefix(try IPPrefix(text)) } catch {
                throw InputError(field: argument, "'\(TerminalText.escaped(text))' is not a CIDR prefix: \(error)")
            }
        }
        if let address = try? IPAddress(text) { return .address(address) }
        throw InputError(field: argument, "'\(TerminalText.escaped(text))' is not an IP address, a CIDR prefix or a MAC address")
    }

    /// Lower-case colon form of a 48-bit MAC, or nil.
    public static func canonicalMAC(_ text: String) -> String? {
        let digits = text.lowercased().filter { $0 != ":" && $0 != "-" && $0 != "." }
        guard digits.count == 12, digits.allSatisfy(\.isHexDigit), digits.allSatisfy(\.isASCII) else { return nil }
        // Separators must sit where one of the three usual forms puts them.
        let lower = text.lowercased()
        let forms = [":", "-"].map { sep in stride(from: 0, to: 12, by: 2).map { i in
            String(digits.dropFirst(i).prefix(2)) }.joined(separator: sep) }
            + [stride(from: 0, to: 12, by: 4).map { String(digits.dropFirst($0).prefix(4)) }.joined(separator: "."), digits]
        guard forms.contains(lower) else { return nil }
        return stride(from: 0, to: 12, by: 2).map { String(digits.dropFirst($0).prefix(2)) }.joined(separator: ":")
    }
}

/// Durations as every option takes them: `90d`, `12h`, `30m`, `45s`, `500ms`, `2w`; a bare
/// number is seconds. The one grammar for a capture's spans (`scan --duration`) and a stored
/// record's age (`history --since`, `prune --older-than`).
public enum DurationText {
    public static func seconds(_ text: String, argument: String) throws -> Double {
        guard let seconds = seconds(text) else {
            throw InputError(field: argument, "'\(TerminalText.escaped(text))' is not a duration (e.g. 90d, 12h, 30m, 45s)")
        }
        return seconds
    }

    /// The seconds `text` names, or nil when it names none (or a negative or endless span).
    public static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)]
        var number = Substring(text), scale = 1.0
        for (suffix, value) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = value
            break
        }
        guard let n = Double(number), n >= 0, n.isFinite, !number.hasPrefix("+"), (n * scale).isFinite else { return nil }
        return n * scale
    }
}
