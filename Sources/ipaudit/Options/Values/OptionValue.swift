import ArgumentParser
import IPAuditKit

/// A type an option's text is read as (a duration, a size, a MAC, a CIDR, ...): the parse
/// and the words for a bad value live with the type, once for every option of that type.
protocol OptionValue: Sendable {
    /// Reads `text`, or says what was expected ("expected e.g. 500ms, 2s, 5m, 1h").
    init(optionText text: String) throws(OptionValueProblem)
}

/// Why a text is not a value of its type, without the option's name (the command adds it).
struct OptionValueProblem: Error, Sendable {
    var why: String
    init(_ why: String) { self.why = why }
}

/// An option's text and what its type made of it. ArgumentParser accepts every text here, so
/// the problem is raised by the command in the project's words, naming the option and the
/// value ("--wait 'soon': expected e.g. 500ms, 2s, 5m, 1h"), where ArgumentParser's own refusal
/// would say only that the value is invalid. It is raised after ArgumentParser has checked
/// the command line, so a mistyped option is reported as such first.
struct Given<Value: OptionValue>: ExpressibleByArgument, Sendable {
    let text: String
    let parsed: Result<Value, OptionValueProblem>

    init(argument: String) {
        text = argument
        do throws(OptionValueProblem) { parsed = .success(try Value(optionText: argument)) } catch { parsed = .failure(error) }
    }

    /// The value, or a usage error naming `option` (e.g. "--router[1]" for a repeated one) and the text.
    func value(_ option: String) throws -> Value {
        switch parsed {
        case .success(let value): return value
        case .failure(let problem): throw ValidationError("\(option) '\(TerminalText.escaped(text))': \(problem.why)")
        }
    }

    /// The help's "(default: 2s)" shows the text as typed.
    var defaultValueDescription: String { text }
}

extension Array {
    /// The values of a repeatable option; a bad one is named by its position (`--routable[2]`).
    func values<Value>(_ option: String) throws -> [Value] where Element == Given<Value> {
        try enumerated().map { try $0.element.value("\(option)[\($0.offset)]") }
    }
}
