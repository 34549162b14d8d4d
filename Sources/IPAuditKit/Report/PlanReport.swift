import Foundation

/// Everything the HTML report shows: one audit run plus where and when it was made.
public struct PlanReport: Sendable {
    public var run: AuditRun.Result
    public var generated: Date
    /// The store read (path or URL), nil when only files were audited.
    public var store: String?
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
