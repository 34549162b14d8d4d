import Foundation
import IPCore

extension SourceURL {
    /// True when the URL is plain http:// to a host off this machine: headers sent there cross
    /// a network in clear. Loopback (127.0.0.0/8, ::1, localhost) never leaves the host.
    public static func sendsInClearOffHost(_ text: String) -> Bool {
        guard text.prefix(7).lowercased() == "http://",
              let host = URLComponents(string: text)?.host?.lowercased(), !host.isEmpty else { return false }
        if host == "localhost" || host.hasSuffix(".localhost") { return false }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard let prefix = try? IPPrefix(addressOrPrefix: bare), prefix.length == prefix.bitWidth else { return true }
        let value = prefix.network.widened
        return prefix.family == 4 ? value >> 24 != 127 : value != 1
    }

    /// One warning for a run, naming every plain-http location off this host, or nil.
    public static func plainHTTPHeaderWarning(_ locations: [String]) -> String? {
        let exposed = locations.filter(sendsInClearOffHost).map(displayName)
        guard !exposed.isEmpty else { return nil }
        return "--header-file: \(exposed.joined(separator: ", ")) \(exposed.count == 1 ? "is" : "are") plain http://: "
            + "the headers (the token) cross the network in clear; use https://"
    }
}
