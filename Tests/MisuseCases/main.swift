#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop

// Runs one misuse case in this process, so that a trap, an abort or a hang in it cannot take the
// test runner down with it: `backprop-misuse-cases NAME` prints `reported: <message>` and exits
// with 0 when the case threw an error naming its operation; `--list` prints every case's name.
let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "--list" {
    for misuse in misuseCatalog { print(misuse.name) }
} else if let name = arguments.first, let misuse = misuseCatalog.first(where: { $0.name == name }) {
    do {
        try withErrorChecking { try misuse.body() }
        print("not reported: the case ran to the end without an error")
        exit(1)
    } catch {
        let message = "\(error)"
        print("reported (\(type(of: error))): \(message)")
        guard message.contains(misuse.operation) else {
            print("the message does not name the operation \"\(misuse.operation)\"")
            exit(2)
        }
    }
} else {
    print("usage: backprop-misuse-cases --list | NAME")
    exit(64)
}
