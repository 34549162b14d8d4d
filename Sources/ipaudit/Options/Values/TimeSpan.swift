import IPAuditKit

/// A length of time, in the one duration grammar (`DurationText`: `500ms`, `2s`, `5m`, `1h`,
/// `90d`, `2w`, plain seconds), more than zero: a capture's span (`--duration`, `--wait`,
/// `--move-grace`, `--flush`, `--timeout`).
struct TimeSpan: OptionValue, Equatable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init(optionText text: String) throws(OptionValueProblem) {
        guard let seconds = DurationText.seconds(text) else { throw OptionValueProblem("expected e.g. 500ms, 2s, 5m, 1h") }
        guard seconds > 0 else { throw OptionValueProblem("must be more than 0 (e.g. 500ms, 2s, 5m, 1h)") }
        self.seconds = seconds
    }
}

/// How old a stored record or event is (`--stale-after`, `--since`, `--older-than`): the same
/// grammar, zero allowed.
struct Age: OptionValue, Equatable {
    var seconds: Double

    init(optionText text: String) throws(OptionValueProblem) {
        guard let seconds = DurationText.seconds(text) else { throw OptionValueProblem("expected e.g. 90d, 12h, 30m, 0s") }
        self.seconds = seconds
    }
}

/// `prune --keep`: a retention to store, or `off` (nil) to clear it.
struct Retention: OptionValue, Equatable {
    var seconds: Double?

    init(optionText text: String) throws(OptionValueProblem) {
        if text == "off" { seconds = nil; return }
        guard let seconds = DurationText.seconds(text) else { throw OptionValueProblem("expected e.g. 90d, 12h, or 'off'") }
        self.seconds = seconds
    }
}
