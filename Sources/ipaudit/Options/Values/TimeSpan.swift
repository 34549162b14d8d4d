/// A length of time: a number with a unit — `ms`, `s`, `m`, `h`, `d`, `w` — or plain seconds.
/// One grammar for every duration option: a capture's (`--duration 5m`, `--wait 500ms`: more
/// than zero) and a stored record's age (`--stale-after 30d`, `--since 12h`: zero allowed).
struct TimeSpan: OptionValue, Equatable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init(optionText text: String) throws(OptionValueProblem) {
        seconds = try Self.parse(text, expected: "e.g. 500ms, 2s, 5m, 1h")
        guard seconds > 0 else { throw OptionValueProblem("must be more than 0 (e.g. 500ms, 2s, 5m, 1h)") }
    }

    static func parse(_ text: String, expected: String) throws(OptionValueProblem) -> Double {
        var number = Substring(text), scale = 1.0
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800)]
        for (suffix, value) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = value
            break
        }
        guard let n = Double(number), n.isFinite, (n * scale).isFinite else {
            throw OptionValueProblem("expected \(expected)")
        }
        guard n >= 0 else { throw OptionValueProblem("must not be negative (\(expected))") }
        return n * scale
    }
}

/// How old a stored record or event is (`--stale-after`, `--since`): a `TimeSpan` that may be 0.
struct Age: OptionValue, Equatable {
    var seconds: Double

    init(optionText text: String) throws(OptionValueProblem) {
        seconds = try TimeSpan.parse(text, expected: "e.g. 90d, 12h, 30m, 0s")
    }
}
