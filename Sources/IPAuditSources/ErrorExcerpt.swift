import Foundation

/// The start of an error answer, made fit for one line of a message: NetBox and Django REST
/// say `{"detail": ...}`, Kubernetes `{"message": ...}`, Marathon `{"message": ...}`, others
/// plain text or HTML. Any header value sent (a token a server may echo) is cut out in every
/// form it may come back in (`SecretForms`), when it has 4 characters or more: a shorter one
/// cannot be told from ordinary words of the message.
enum ErrorExcerpt {
    static let maxCharacters = 200

    /// `status` 401 or 403: the server refused the credentials and may quote them in any
    /// form, so only the first line is shown (after the forms are cut out, so that a token
    /// wrapped onto the next line goes whole).
    static func make(_ body: [UInt8], status: Int? = nil, redacting secrets: [String]) -> String {
        let forms = SecretForms(headerValues: secrets)
        var text = forms.redact(jsonMessage(body) ?? String(decoding: body.prefix(4096), as: UTF8.self))
        if status == 401 || status == 403 {
            let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            if let first = lines.first(where: { !$0.allSatisfy(\.isWhitespace) }) {
                text = String(first) + (lines.count > 1 ? " …" : "")
            } else {
                text = ""
            }
        }
        if forms.stillShows(in: text) { return "(the answer repeats the credentials sent, in a form not cut out: not shown)" }
        let oneLine = text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : String($0) }.joined()
        let collapsed = oneLine.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if collapsed.isEmpty { return "(empty body)" }
        guard collapsed.count > maxCharacters else { return collapsed }
        return String(collapsed.prefix(maxCharacters)) + "…"
    }

    private static func jsonMessage(_ body: [UInt8]) -> String? {
        guard body.first(where: { $0 > 0x20 }) == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        for key in ["detail", "message", "error", "errors"] {
            if let text = object[key] as? String, !text.isEmpty { return text }
        }
        return nil
    }
}
