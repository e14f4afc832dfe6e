import ArgumentParser
import ResetDoctor

struct ListChecks: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checks", abstract: "List every check and the codes it can raise.")

    func run() throws {
        let width = CheckRegistry.all.map(\.id.count).max() ?? 0
        for check in CheckRegistry.all {
            print(check.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + check.title)
            print(String(repeating: " ", count: width + 2) + "codes: " + check.codes.map(\.rawValue).joined(separator: ", "))
        }
    }
}
