import ArgumentParser

// Placeholder until the feature lands; replaced by its owner.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "(not yet implemented)", shouldDisplay: false)
    func run() throws { throw ValidationError("'Scan' is not implemented yet") }
}
