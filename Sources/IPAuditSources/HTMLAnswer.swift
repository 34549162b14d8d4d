import Foundation

/// An HTML page answered (2xx) where an inventory was asked: a single sign-on proxy's login
/// page, a web UI's page at a mistyped path, a captive portal. No inventory format starts with
/// markup, so such a page is said for what it is, instead of failing the JSON or CSV reader at
/// its first byte.
enum HTMLAnswer {
    /// True when the body's first non-blank byte opens markup and its start names an HTML element.
    static func isHTML(_ bytes: [UInt8]) -> Bool {
        let start = bytes.prefix(2048).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        guard start.first == UInt8(ascii: "<") else { return false }
        let text = String(decoding: start, as: UTF8.self).lowercased()
        return ["<!doctype html", "<html", "<head", "<body", "<title", "<form", "<meta"].contains { text.contains($0) }
    }

    /// What the URL should have given, by its path's extension: CSV or YAML files, else JSON
    /// (every inventory API answers JSON).
    static func expected(_ url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "csv": "CSV"
        case "yaml", "yml": "YAML"
        default: "JSON"
        }
    }

    /// The page's `<title>`, made fit for one line (credentials cut out, control characters
    /// gone, bounded), or nil.
    static func title(_ bytes: [UInt8], redacting secrets: [String]) -> String? {
        let text = String(decoding: bytes.prefix(16384), as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
              let close = text.range(of: ">", range: open.upperBound..<text.endIndex),
              let end = text.range(of: "</title", options: .caseInsensitive, range: close.upperBound..<text.endIndex) else { return nil }
        let title = ErrorExcerpt.make(Array(text[close.upperBound..<end.lowerBound].utf8), redacting: secrets)
        return title == "(empty body)" ? nil : title
    }

    /// The error for `body`, answered for `asked` (maybe after redirects), or nil when it is
    /// no HTML page.
    static func error(_ body: FetchedBody, asked: SourceURL, redacting secrets: [String]) -> HTTPSourceError? {
        guard isHTML(body.bytes) else { return nil }
        var detail = "got an HTML page (a login page?) where \(expected(asked.url)) was expected"
        let final = SourceURL(url: body.finalURL).name
        if final != asked.name { detail += " (redirected to \(final))" }
        if let title = title(body.bytes, redacting: secrets) { detail += ", titled '\(title)'" }
        detail += "; check the URL, and that --header-file holds credentials the server takes (an API token, not a browser login)"
        return HTTPSourceError(url: asked.name, detail)
    }
}
