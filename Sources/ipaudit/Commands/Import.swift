import ArgumentParser

// Placeholder until the feature lands; replaced by its owner.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("'Import' is not implemented yet") }
}
