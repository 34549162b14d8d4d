import Foundation
import Testing

/// A mistyped option is an error naming it, with the nearest option the command has (exit 2),
/// whatever the words after it: ArgumentParser gives those to the positional arguments and
/// validates them before it looks for unknown options, so `probe lo --ratee 10` was refused
/// for its target "10" and `scan --dhcp-serv X --read F` for naming an interface and a file.
@Suite struct UnknownOptionCLITests {
    @Test(arguments: [
        (["probe", "lo", "--ratee", "10"], "Unknown option '--ratee'. Did you mean '--rate'?"),
        (["probe", "lo", "-r", "10"], "Unknown option '-r'"),
        (["scan", "--dhcp-serv", "X", "--read", "F"], "Unknown option '--dhcp-serv'. Did you mean '--dhcp-server'?"),
        (["scan", "--dhcp-servers", "X", "--read", "F"], "Unknown option '--dhcp-servers'. Did you mean '--dhcp-server'?"),
        (["scan", "--fiter", "arp", "--read", "F"], "Unknown option '--fiter'. Did you mean '--filter'?"),
        (["scan", "--read", "F", "--fiter=arp"], "Unknown option '--fiter'. Did you mean '--filter'?"),
        // A bad value of a real option comes second: the typo is what the user must fix first.
        (["probe", "lo", "--ratee", "10", "--wait", "soon"], "Unknown option '--ratee'. Did you mean '--rate'?"),
        (["allocate", "--plann", "p.yaml", "--regions", "2"], "Unknown option '--plann'. Did you mean '--plan'?"),
    ])
    func unknownOptionIsNamedWithTheNearestOne(_ arguments: [String], _ message: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: \(message)\n"), "\(r.stderr)")
        #expect(r.stderr.contains("See 'ipaudit \(arguments[0]) --help'"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Every command, each with one of its own options mistyped and a word after it that
    /// could be taken for an argument: the error names the typo and suggests the option.
    @Test func everyCommandNamesAMistypedOption() throws {
        let dump = try CLIRunner.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        let subcommands = try #require(command["subcommands"] as? [[String: Any]])
        #expect(subcommands.count >= 15)
        for sub in subcommands {
            let name = try #require(sub["commandName"] as? String)
            let arguments = sub["arguments"] as? [[String: Any]] ?? []
            let option = arguments.lazy.filter { $0["kind"] as? String == "option" }
                .compactMap { ($0["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String }
                .first { $0 != "help" && $0 != "version" }
            guard let option else { continue }
            let typo = "--" + option + "q"
            let r = try CLIRunner.run([name, typo, "10"])
            #expect(r.status == 2, "\(name): \(r.stderr)")
            #expect(r.stderr.hasPrefix("Error: Unknown option '\(typo)'. Did you mean '--"), "\(name): \(r.stderr)")
        }
    }

    /// When every option is known, a refused command line keeps its own message: the second
    /// reading of the words finds nothing to blame on a typo.
    @Test(arguments: [
        (["allocate", "--plan", "p.yaml", "--regions", "2"], "--plan describes the topology"),
        (["audit", "--header-file", "h", "--timeout", "25h", "x.csv"], "--timeout '25h': at most 24h"),
        (["scan", "--filter", "arp", "--read", "F", "--count", "0", "--", "--not-an-option"], "give an interface or --read FILE"),
        (["probe", "lo", "-h"], nil),
        // A mistyped command is ArgumentParser's to name; --read is no typo of --help.
        (["scna", "--read", "F"], "Unknown option '--read'\n"),
        // A value that looks like an option is a missing value, as ArgumentParser says, not a typo.
        (["prune", "--keep", "-1d"], "Missing value for '--keep <DURATION>'"),
        (["report", "--output", "x.html", "--stale-after", "-1d", "--bogus"], "Missing value for '--stale-after <DURATION>'"),
    ] as [([String], String?)])
    func knownOptionsKeepTheirOwnMessages(_ arguments: [String], _ message: String?) throws {
        let r = try CLIRunner.run(arguments)
        #expect(!r.stderr.contains("Unknown option") || arguments[0] == "scna", "\(r.stderr)")
        if let message {
            #expect(r.status == 2 && r.stderr.contains(message), "\(r.stderr)")
        } else {
            #expect(r.status == 0 && r.stdout.contains("USAGE: ipaudit probe"))
        }
    }

    /// Option values are read once by their type; a bad one names the option (with its
    /// position when repeatable) and the value, and says what was expected.
    @Test(arguments: [
        (["scan", "--read", "F", "--move-grace", "0s"], "--move-grace '0s': must be more than 0"),
        (["scan", "--read", "F", "--router", "00:11:22:33:44:55", "--router", "01:00:5e:00:00:01"], "--router[1] '01:00:5e:00:00:01': not a unicast MAC"),
        (["scan", "--read", "F", "--buffer-size", "3G"], "--buffer-size '3G': expected bytes"),
        (["scan", "--read", "F", "--routable", "10.0.0.0/8", "--routable", "10.0.0.1/8"], "--routable[1] '10.0.0.1/8'"),
        (["scan", "--read", "F", "--store", "s.db", "--link-prefix", "10.0.0.1/24"], "--link-prefix[0] '10.0.0.1/24'"),
        (["scan", "--read", "F", "--watch", "--flush", "later"], "--flush 'later': expected e.g. 500ms"),
        (["probe", "lo", "10.0.0.1", "--wait", "0"], "--wait '0': must be more than 0"),
        (["audit", "--timeout", "soon", "x.csv"], "--timeout 'soon': expected e.g."),
        // probe takes the URL pull options too (not --retries: its own counts probes).
        (["probe", "lo", "10.0.0.1", "--timeout", "25h"], "--timeout '25h': at most 24h"),
        // One duration grammar (DurationText) for every option; ages may be 0, spans may not.
        (["prune", "--older-than", "90days"], "--older-than '90days': expected e.g. 90d"),
        (["prune", "--keep", "forever"], "--keep 'forever': expected e.g. 90d, 12h, or 'off'"),
        (["history", "--since", "yesterday"], "--since 'yesterday': expected e.g. 90d"),
        (["scan", "--read", "F", "--duration", "0"], "--duration '0': must be more than 0"),
    ])
    func badValueNamesTheOptionAndTheValue(_ arguments: [String], _ message: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: \(message)"), "\(r.stderr)")
        #expect(r.stderr.contains("Usage: ipaudit \(arguments[0])"), "\(r.stderr)")
    }
}
