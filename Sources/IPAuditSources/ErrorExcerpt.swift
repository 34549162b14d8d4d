import Foundation

/// The start of an error answer, made fit for one line of a message: NetBox and Django REST
/// say `{"detail": ...}`, Kubernetes `{"message": ...}`, Marathon `{"message": ...}`, others
/// plain text or HTML. Any header value sent (a token a server may echo) is cut out, when it
/// has 4 characters or more: a shorter one cannot be told from ordinary words of the message.
enum ErrorExcerpt {
    static let maxCharacters = 200

    static func make(_ body: [UInt8], redacting secrets: [String]) -> String {
        var text = jsonMessage(body) ?? String(decoding: body.prefix(4096), as: UTF8.self)
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "[redacted]")
            // "Token abc" / "Bearer abc": the part after the scheme word may be echoed alone.
            if let space = secret.lastIndex(of: " ") {
                let credential = String(secret[secret.index(after: space)...])
                if credential.count >= 4 { text = text.replacingOccurrences(of: credential, with: "[redacted]") }
            }
            if let equals = secret.firstIndex(of: "="), secret.hasPrefix("token=") {
                let credential = String(secret[secret.index(after: equals)...])
                if credential.count >= 4 { text = text.replacingOccurrences(of: credential, with: "[redacted]") }
            }
        }
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
