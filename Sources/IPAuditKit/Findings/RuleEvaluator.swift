/// A rule type: the code that judges, declaring which catalogue rules (`Rule`) it may raise and
/// which tools run it. Each is registered once, in its tool's list (`AuditRules.evaluators`,
/// `WireRules.registered` in the capture layer); the tools run what the lists hold for their
/// scope, and a test holds every list against the catalogue: a rule nobody raises, or a rule
/// type raising what the catalogue does not give its scope, fails it.
public protocol RuleEvaluator {
    /// The catalogue rules its findings may carry.
    static var raises: Set<Rule> { get }
    /// The tools that run it (`scan` covers `scan --watch`).
    static var scopes: Set<Rule.Scope> { get }
}
