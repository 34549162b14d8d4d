/// A length of time as scan and probe options take it: `500ms`, `60s`, `5m`, `1h`, or plain
/// seconds; more than zero. (`history --since` and friends, whose spans run to days and may be
/// zero, keep `DurationText`.)
struct TimeSpan: OptionValue, Equatable {
    var seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init(optionText text: String) throws(OptionValueProblem) {
        var number = Substring(text), scale = 1.0
        for (suffix, value) in [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)] where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = value
            break
        }
        guard let n = Double(number), n.isFinite, (n * scale).isFinite else {
            throw OptionValueProblem("expected e.g. 500ms, 2s, 5m, 1h")
        }
        guard n > 0 else { throw OptionValueProblem("must be more than 0 (e.g. 500ms, 2s, 5m, 1h)") }
        seconds = n * scale
    }
}
