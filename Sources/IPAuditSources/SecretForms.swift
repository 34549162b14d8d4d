import Foundation

/// Every spelling in which a server may send a header file's secret back: the header value,
/// the credential after its scheme word (`Token`, `Bearer`, `Basic`, DC/OS's `token=`), Basic's
/// decoded `user:password` and its password, each also base64-encoded; any of their characters
/// may come percent-encoded (either hex case, `+` for a space) and a line break may split them.
/// Texts under 4 characters are not looked for: they cannot be told from the message's own words.
struct SecretForms {
    static let minimumLength = 4

    /// The credentials themselves (not their encodings), longest first.
    let credentials: [String]
    /// Every form to cut out, longest first so that a longer form is cut whole.
    let forms: [String]

    init(headerValues: [String]) {
        var credentials: [String] = []
        for value in headerValues {
            credentials.append(value)
            if let space = value.lastIndex(of: " ") {
                let credential = String(value[value.index(after: space)...])
                credentials.append(credential)
                let scheme = value[..<space].trimmingCharacters(in: .whitespaces).lowercased()
                if scheme == "basic", let data = Data(base64Encoded: credential), let decoded = String(data: data, encoding: .utf8) {
                    credentials.append(decoded)
                    if let colon = decoded.firstIndex(of: ":") { credentials.append(String(decoded[decoded.index(after: colon)...])) }
                }
            }
            if value.hasPrefix("token=") { credentials.append(String(value.dropFirst("token=".count))) }
        }
        credentials = Self.unique(credentials.filter { $0.count >= Self.minimumLength })
        self.credentials = credentials
        var forms: [String] = []
        for credential in credentials {
            forms.append(credential)
            let base64 = Data(credential.utf8).base64EncodedString()
            let trimmed = base64.trimmingCharacters(in: CharacterSet(charactersIn: "="))
            forms += [base64, trimmed, trimmed.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")]
        }
        self.forms = Self.unique(forms.filter { $0.count >= Self.minimumLength })
    }

    private static func unique(_ texts: [String]) -> [String] {
        var seen = Set<String>()
        return texts.filter { seen.insert($0).inserted }.sorted { $0.count > $1.count }
    }

    /// `text` with each form cut out, also where a line break (and the spaces around it) splits
    /// it: a server may wrap a long token, or the base64 of one, across lines.
    func redact(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        let marker = Array("[redacted]".unicodeScalars)
        for form in forms {
            let wanted = Array(form.unicodeScalars)
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(scalars.count)
            var i = 0
            while i < scalars.count {
                if let end = Self.match(wanted, in: scalars, at: i) {
                    out += marker
                    i = end
                } else {
                    out.append(scalars[i])
                    i += 1
                }
            }
            scalars = out
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// Where a match of `form` starting at `start` ends: each of its characters as it is or
    /// percent-encoded (`%2d`, `%2D`; `+` for a space), with whitespace runs allowed between them.
    private static func match(_ form: [Unicode.Scalar], in text: [Unicode.Scalar], at start: Int) -> Int? {
        var i = start, k = 0
        while k < form.count {
            if let next = character(form[k], in: text, at: i) { i = next; k += 1; continue }
            guard k > 0 else { return nil }
            var j = i
            while j < text.count && isSpace(text[j]) { j += 1 }
            guard j > i, let next = character(form[k], in: text, at: j) else { return nil }
            i = next
            k += 1
        }
        return i
    }

    /// Where `wanted` written at `i` ends, if it is there literally or percent-encoded.
    private static func character(_ wanted: Unicode.Scalar, in text: [Unicode.Scalar], at i: Int) -> Int? {
        guard i < text.count else { return nil }
        if text[i] == wanted { return i + 1 }
        if wanted == " " && text[i] == "+" { return i + 1 }
        if wanted == " " && isSpace(text[i]) {  // "Token abc" wrapped as "Token\nabc"
            var j = i
            while j < text.count && isSpace(text[j]) { j += 1 }
            return j
        }
        guard wanted.isASCII, text[i] == "%", i + 2 < text.count,
              let high = Int(String(text[i + 1]), radix: 16),
              let low = Int(String(text[i + 2]), radix: 16), high * 16 + low == Int(wanted.value) else { return nil }
        return i + 3
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// Whether a credential still shows once the text is read as a server might have meant it:
    /// whitespace dropped, percent-escapes decoded (twice over too), `+` as a space. Catches a
    /// form the matching above misses (an encoding of an encoding); the caller then shows no body.
    func stillShows(in text: String) -> Bool {
        let squeezed = String(text.unicodeScalars.filter { !Self.isSpace($0) }.map(Character.init))
        var views = [squeezed]
        var decoded = squeezed
        for _ in 0..<3 {
            guard let next = decoded.removingPercentEncoding, next != decoded else { break }
            decoded = next
            views += [decoded, decoded.replacingOccurrences(of: "+", with: " ")]
        }
        let bare = credentials.map { String($0.unicodeScalars.filter { !Self.isSpace($0) }.map(Character.init)) }
        return views.contains { view in bare.contains { $0.count >= Self.minimumLength && view.contains($0) } }
    }
}
