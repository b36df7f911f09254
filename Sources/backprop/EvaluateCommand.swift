import Backprop
import BackpropNN
import Foundation

/// `backprop evaluate`: reloads weights saved by `backprop train` and measures them on the test
/// digits.
enum EvaluateCommand {
    static let usage = """
        USAGE: backprop evaluate --weights FILE [--seed N]

        Loads weights written by `backprop train` (a safetensors file; the model kind, the seed and
        the test fraction are read from its metadata) and reports the test accuracy and confusion
        matrix on the test digits of the same split, which training never saw.

        OPTIONS:
          --weights FILE   the safetensors file to load
          --seed N         the seed that fixes the split, for files that do not record theirs
                           (default 0); a file that records its seed must not be given another
          -h, --help       show this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            say(usage)
            return 0
        }
        do {
            let options = try Options(arguments, valued: ["--weights", "--seed"])
            guard let path = options.string("--weights") else { throw UsageError("--weights FILE is required") }
            let givenSeed = try options.integer("--seed", default: UInt64(0), in: 0...UInt64.max)
            let file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
            let kind = try model(of: file, path: path)
            let (seed, testFraction) = try split(of: file, path: path, givenSeed: options.contains("--seed") ? givenSeed : nil)
            let network = kind.network(seed: seed)
            var problems: [String] = []
            network.visitParameters { name, parameter in
                do {
                    parameter.assign(try file.tensor(named: name, as: Float.self, shape: parameter.shape))
                } catch {
                    problems.append("\(error)")
                }
            }
            guard problems.isEmpty else {
                throw EvaluationError("\(path) does not fit the \(kind.rawValue) model:\n" + problems.joined(separator: "\n"))
            }
            let (_, test) = try Dataset<Float>.digitsSplit(testFraction: testFraction, seed: seed, asImages: kind.readsImages)
            let predicted = predictions(of: network, on: test)
            let testAccuracy = accuracy(predicted, test.labels ?? [])
            say("\(kind.rawValue) from \(path): test accuracy \(format(100 * testAccuracy, 2))% on \(counted(test.count, "digit"))"
                  + " (the test split of seed \(seed))")
            say(confusionTable(predicted, test.labels ?? []))
            return 0
        } catch let error as UsageError {
            printError("backprop evaluate: \(error.message)\n\n\(usage)")
            return 64
        } catch {
            printError("backprop evaluate: \(error)")
            return 1
        }
    }

    /// The model the file's metadata names.
    private static func model(of file: SafetensorsFile, path: String) throws(EvaluationError) -> DigitsModel {
        let known = DigitsModel.allCases.map(\.rawValue).joined(separator: " or ")
        guard let name = file.metadata["model"] else {
            throw EvaluationError("\(path) does not say which model it holds (metadata \"model\": \(known)); was it written by backprop train?")
        }
        guard let model = DigitsModel(rawValue: name) else {
            throw EvaluationError("\(path) holds a model named \"\(name)\", which backprop evaluate does not know; it evaluates \(known)")
        }
        return model
    }

    /// The seed and test fraction of the split the weights were trained on: from the file's
    /// metadata, or `givenSeed` (default 0) and the default fraction for a file without them.
    private static func split(of file: SafetensorsFile, path: String, givenSeed: UInt64?) throws -> (seed: UInt64, testFraction: Double) {
        let testFraction = try file.metadata["test_fraction"].map { text throws(EvaluationError) in
            guard let value = Double(text), (0...1).contains(value) else {
                throw EvaluationError("\(path) has the test fraction \"\(text)\" in its metadata, not a number in 0...1")
            }
            return value
        } ?? DigitsModel.testFraction
        guard let text = file.metadata["seed"] else { return (givenSeed ?? 0, testFraction) }
        guard let recorded = UInt64(text) else {
            throw EvaluationError("\(path) has the seed \"\(text)\" in its metadata, not a whole number")
        }
        if let givenSeed, givenSeed != recorded {
            throw UsageError("--seed \(givenSeed) differs from the seed \(recorded) that \(path) was trained with;"
                               + " its test split is the one its training never saw, so drop --seed")
        }
        return (recorded, testFraction)
    }
}

/// Weights that `backprop evaluate` cannot use, with why.
struct EvaluationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
