/// How bad a finding is. Ordered: info < warning < error.
public enum Severity: String, Codable, CaseIterable, Comparable, Sendable {
    case info, warning, error

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    var rank: Int {
        switch self { case .info: 0; case .warning: 1; case .error: 2 }
    }
}
