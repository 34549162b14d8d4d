import Foundation

/// What headless Chromium saw when it opened a page (`scripts/chromium-page.py`, which drives
/// Debian's `chromium` over the DevTools protocol): requests, console, exceptions, and the value
/// of each probe expression, evaluated in order after the page painted.
struct ChromiumPage {
    let requests: [String]
    let console: [(level: String, text: String)]
    let exceptions: [String]
    let results: [Any?]
    let errors: [String?]
    let paintMilliseconds: Double

    /// Opens `page`; `probes` are JavaScript expressions (they may act on the page); a screenshot
    /// goes to `screenshot` when given.
    static func open(_ page: String, probes: [String], screenshot: String? = nil, pdf: String? = nil,
                     scriptDisabled: Bool = false) throws -> ChromiumPage {
        var arguments = [CLIRunner.packageRoot.appendingPathComponent("scripts/chromium-page.py").path, page, "--timeout", "180"]
        for p in probes { arguments += ["--eval", p] }
        if let screenshot { arguments += ["--screenshot", screenshot] }
        if let pdf { arguments += ["--pdf", pdf] }
        if scriptDisabled { arguments.append("--no-script") }
        let r = try CLIRunner.runExecutable("/usr/bin/python3", arguments)
        guard r.status == 0, let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw ChromiumFailure(message: "chromium-page.py exited \(r.status): \(r.stderr)")
        }
        let results = (doc["results"] as? [[String: Any]]) ?? []
        return ChromiumPage(
            requests: doc["requests"] as? [String] ?? [],
            console: (doc["console"] as? [[String: Any]] ?? []).map { ($0["level"] as? String ?? "", $0["text"] as? String ?? "") },
            exceptions: doc["exceptions"] as? [String] ?? [],
            results: results.map { $0["value"] },
            errors: results.map { $0["error"] as? String },
            paintMilliseconds: doc["paint_ms"] as? Double ?? -1)
    }

    /// Console entries at warning or error level (a CSP violation, a failed load, a script error).
    var problems: [String] {
        console.filter { ["error", "warning", "assert"].contains($0.level) }.map { "\($0.level): \($0.text)" } + exceptions
    }

    func int(_ i: Int) -> Int? { (results[i] as? NSNumber)?.intValue }
    func string(_ i: Int) -> String? { results[i] as? String }
    func strings(_ i: Int) -> [String]? { results[i] as? [String] }
}

struct ChromiumFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Where the browser tests leave their pages and screenshots for people to look at.
enum ReportArtifacts {
    static var directory: URL {
        let url = CLIRunner.packageRoot.appendingPathComponent(".build/report-artifacts")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
