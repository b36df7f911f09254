import Foundation
import Testing
@testable import BackpropNotebooks

/// Runs every case of the misuse catalog in a child process of its own: a case passes when the child
/// exits normally after reporting an error that names the operation, within the time limit.
@Suite("Every cataloged misuse is reported as an error, in a child process, without a signal or a hang")
struct MisuseSuiteTests {
    /// Seconds a case may take before it counts as a hang.
    static let timeLimit = 60.0

    @Test("the catalog lists cases")
    func catalogIsNotEmpty() throws {
        let listing = try MisuseChild.run(["--list"], timeLimit: Self.timeLimit)
        #expect(listing.failure == nil)
        #expect(listing.standardOutput.split(separator: "\n").count > 10)
    }

    @Test("each misuse case throws an error naming its operation", arguments: MisuseChild.caseNames())
    func caseIsReported(name: String) throws {
        let result = try MisuseChild.run([name], timeLimit: Self.timeLimit)
        #expect(result.failure == nil, "\(name) \(result.failure ?? ""): \(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("reported"), "\(name): \(result.standardOutput)\(result.standardError)")
    }
}
