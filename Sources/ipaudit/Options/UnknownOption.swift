import ArgumentParser
import Foundation

/// An option no command knows, found before anything else is said about the command line.
///
/// ArgumentParser reads the options it knows, gives the other words to the positional
/// arguments, runs `validate()`, and only then refuses what was left over. So the value of a
/// mistyped option becomes an argument first: `probe lo --ratee 10` was refused for its target
/// "10", `scan --dhcp-serv X --read F` for naming both an interface and a file. When parsing
/// fails, the words are read again against the command's own options (ArgumentParser's
/// description of them), and an unknown one is what the user is told about.
struct UnknownOption: Equatable {
    /// As typed (`--ratee`, `-r`).
    var name: String
    /// The closest option the command has, when one is close.
    var suggestion: String?
    /// The command's words (`["probe"]`), for the usage line.
    var commandPath: [String]

    var message: String {
        "Unknown option '\(name)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
    }

    /// The first unknown option in `arguments` (without the program's name), if any.
    static func find(in arguments: [String], root: ParsableCommand.Type) -> UnknownOption? {
        guard let data = root._dumpHelp().data(using: .utf8),
              var command = try? JSONDecoder().decode(Dump.self, from: data).command else { return nil }
        var rest = arguments[...], path: [String] = []
        while let word = rest.first, let sub = command.subcommands?.first(where: { $0.commandName == word }) {
            command = sub
            path.append(word)
            rest = rest.dropFirst()
        }
        // No command named (a mistyped one, or none): ArgumentParser's message stands.
        if path.isEmpty, !(command.subcommands ?? []).isEmpty { return nil }
        let arguments = command.arguments ?? []
        // A command that takes unknown words as its own (pass-through arguments) has none unknown.
        if arguments.contains(where: { $0.kind == "positional" && $0.parsingStrategy != "default" }) { return nil }
        var options: [String: Dump.Argument] = [:]
        for argument in arguments where argument.kind != "positional" {
            for name in argument.names ?? [] { options[name.kind == "short" ? "-" + name.name : "--" + name.name] = argument }
        }
        for builtIn in ["--experimental-dump-help", "--generate-completion-script"] { options[builtIn] = Dump.Argument(kind: "flag") }
        // Never offered for a typo (`--read` is no `--help`), as ArgumentParser offers neither.
        let builtIns: Set = ["--help", "-h", "--version", "--experimental-dump-help", "--generate-completion-script"]

        var words = rest
        while let word = words.popFirst() {
            if word == "--" { break }
            guard word.hasPrefix("-"), word.count > 1, !word.dropFirst().allSatisfy({ $0.isNumber || $0 == "." }) else { continue }
            let names: [String]
            if word.hasPrefix("--") {
                names = [String(word.prefix { $0 != "=" })]
            } else if options[word] != nil {
                names = [word]
            } else {
                names = word.dropFirst().map { "-\($0)" }  // -abc: short flags together
            }
            for name in names {
                guard let option = options[name] else {
                    let suggestible = options.keys.filter { !builtIns.contains($0) }
                    return UnknownOption(name: name, suggestion: closest(to: name, in: suggestible), commandPath: path)
                }
                // An option missing its value (`--keep -1d`) is what ArgumentParser said: keep it.
                if option.kind == "option", !word.contains("="), name == names.last, !skipValues(of: option, in: &words) {
                    return nil
                }
            }
        }
        return nil
    }

    /// Passes over what an option takes as its value, as ArgumentParser reads it; false when
    /// the option has none.
    private static func skipValues(of option: Dump.Argument, in words: inout ArraySlice<String>) -> Bool {
        func isValue(_ word: String) -> Bool { !word.hasPrefix("-") || word == "-" }
        switch option.parsingStrategy {
        case "unconditional": return words.popFirst() != nil
        case "upToNextOption":
            guard let first = words.first, isValue(first) else { return false }
            while let next = words.first, isValue(next) { words = words.dropFirst() }
            return true
        case "remaining", "allRemainingInput": words = []; return true
        default:
            guard let next = words.first, isValue(next) else { return false }
            words = words.dropFirst()
            return true
        }
    }

    /// The long option nearest to `name` by edit distance, if nearer than 4 (ArgumentParser's
    /// own bound for the suggestion it gives when it finds the option itself).
    static func closest(to name: String, in known: some Sequence<String>) -> String? {
        guard name.hasPrefix("--") else { return nil }
        return known.filter { $0.hasPrefix("--") }
            .map { ($0, editDistance(name, $0)) }
            .filter { $0.1 < 4 }
            .min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let replaced = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(replaced, row[j] + 1, row[j - 1] + 1)
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// The part of ArgumentParser's `--experimental-dump-help` description read here.
    private struct Dump: Decodable {
        struct Name: Decodable { var kind: String; var name: String }
        struct Argument: Decodable {
            var kind: String
            var names: [Name]? = nil
            var parsingStrategy: String? = nil
        }
        struct Command: Decodable {
            var commandName: String
            var subcommands: [Command]?
            var arguments: [Argument]?
        }
        var command: Command
    }
}
