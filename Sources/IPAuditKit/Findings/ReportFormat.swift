/// Output formats shared by `audit` and `scan`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, csv, prometheus
}
