import Foundation
import IPAuditKit

/// An http:// or https:// inventory location. `name` is what output, errors, the store and the
/// source name show: the URL without user info, query and fragment (where tokens hide).
public struct SourceURL: Sendable, Equatable {
    public let url: URL
    public let name: String

    /// True for what should be fetched rather than opened as a file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    public init(_ text: String) throws {
        let name = Self.displayName(text)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              let url = components.url
        else {
            throw InputError(file: name, "not a usable http:// or https:// URL")
        }
        // Credentials on the command line show in `ps` and shell history; they belong in a
        // header file (`Authorization: Basic ...` for HTTP basic auth).
        guard components.user == nil, components.password == nil else {
            throw InputError(file: name, "credentials in the URL are refused (they show in ps and shell history): "
                             + "put an 'Authorization: Basic ...' line in a --header-file")
        }
        self.url = url
        self.name = name
    }

    init(url: URL) {
        self.url = url
        self.name = Self.displayName(url.absoluteString)
    }

    /// `https://user:pw@host:8443/api/x/?limit=5#f` → `https://host:8443/api/x/`, by plain
    /// text surgery so that even a URL Foundation refuses is shown without its secrets.
    public static func displayName(_ text: String) -> String {
        var rest = Substring(text)
        var prefix = ""
        if let marker = rest.range(of: "://") {
            prefix = rest[..<marker.upperBound].lowercased()
            rest = rest[marker.upperBound...]
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return prefix + rest
    }

    /// The same URL with `name=value` set in its query (replacing an earlier value). The rest
    /// of the query is kept byte for byte: decoding and encoding it again would change what
    /// the user wrote (a '+' meaning a space would go as %2B, a literal plus).
    func setting(_ name: String, to value: String) -> SourceURL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return self }
        var pairs = (components.percentEncodedQuery ?? "").split(separator: "&", omittingEmptySubsequences: true).filter { pair in
            let key = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return (key.removingPercentEncoding ?? String(key)) != name
        }
        let encoded = value.addingPercentEncoding(withAllowedCharacters: Self.queryValueAllowed) ?? ""
        pairs.append(Substring("\(name)=\(encoded)"))
        components.percentEncodedQuery = pairs.joined(separator: "&")
        guard let changed = components.url else { return self }
        return SourceURL(url: changed)
    }

    /// The query's parameters that choose which objects come (NetBox's `vrf_id`, Kubernetes'
    /// `labelSelector`), leaving out those that only shape or page the answer, and credentials
    /// (`api_key`, `access_token`: the same objects whoever asks). The source name drops the
    /// query, so two URLs differing in a filter would share one source.
    public static func filterParameters(_ text: String) -> [String] {
        let shaping: Set<String> = ["limit", "offset", "continue", "embed", "format", "brief"]
        let names = URLComponents(string: text)?.queryItems?.map(\.name) ?? []
        var seen = Set<String>()
        return names.filter { name in
            let lower = name.lowercased()
            let credential = ["key", "token", "auth", "signature"].contains { lower.contains($0) }
            return !shaping.contains(lower) && !credential && seen.insert(name).inserted
        }
    }

    func queryValue(_ name: String) -> String? {
        URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first(where: { $0.name == name })?.value
    }

    /// Where the header file's headers may go: the same scheme, host and port, or the same host
    /// moved from http:// to https:// on the default ports (what went in clear once goes no
    /// further than the host it was meant for).
    func mayReceiveHeaders(_ other: URL) -> Bool {
        guard url.host?.lowercased() == other.host?.lowercased() else { return false }
        let from = url.scheme?.lowercased(), to = other.scheme?.lowercased()
        if from == to { return effectivePort(url) == effectivePort(other) }
        return from == "http" && to == "https" && effectivePort(url) == 80 && effectivePort(other) == 443
    }

    private func effectivePort(_ url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
    }

    /// Unreserved characters only: a continue token's '+', '/' and '=' must reach the server intact.
    private static let queryValueAllowed = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
