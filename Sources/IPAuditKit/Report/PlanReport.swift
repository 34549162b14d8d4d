import Foundation

/// Everything the HTML report shows: one audit run plus where and when it was made.
public struct PlanReport: Sendable {
    public var run: AuditRun.Result
    public var generated: Date
    /// The store read as the page may show it (a path, or a URL without its password), nil
    /// when only files were audited. The page is published: callers pass display names.
    public var store: String?
    /// The inventory inputs as shown: files as given, URLs without user info, query and fragment.
    public var files: [String]
    public var planPath: String?
    /// The severity that makes the run exit 1, as `--fail-on`.
    public var failOn: Severity

    public init(run: AuditRun.Result, generated: Date = Date(), store: String? = nil, files: [String] = [],
                planPath: String? = nil, failOn: Severity = .error) {
        self.run = run
        self.generated = generated
        self.store = store
        self.files = files
        self.planPath = planPath
        self.failOn = failOn
    }

    public var exitStatus: Int32 { run.report.exitStatus(failOn: failOn) }

    var cluster: String? { run.plan?.cluster }
}
