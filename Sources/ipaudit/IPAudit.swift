import ArgumentParser

@main
struct IPAudit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ipaudit", abstract: "IP address space auditor and allocator.")
}
