import Backprop
import BackpropNN
import Foundation

/// `backprop evaluate`: reloads weights saved by `backprop train` and measures them on the test
/// digits.
enum EvaluateCommand {
    static let usage = """
        USAGE: backprop evaluate --weights FILE [--seed N]

        Loads weights written by `backprop train` (a safetensors file; the model kind is read from
        its metadata) and reports the test accuracy and confusion matrix on the same test split.

        OPTIONS:
          --weights FILE   the safetensors file to load
          --seed N         the seed the weights were trained with, which fixes the split (default 0)
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
            let seed = try options.value("--seed", default: UInt64(0)) { UInt64($0) }
            let file = try SafetensorsFile(contentsOf: URL(fileURLWithPath: path))
            guard let kind = file.metadata["model"].flatMap(DigitsModel.init(rawValue:)) else {
                printError("backprop evaluate: \(path) does not say which model it holds (metadata \"model\": \"mlp\" or \"cnn\"); was it written by backprop train?")
                return 1
            }
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
                printError("backprop evaluate: \(path) does not fit the \(kind.rawValue) model:\n" + problems.joined(separator: "\n"))
                return 1
            }
            let (_, test) = try Dataset<Float>.digitsSplit(seed: seed, asImages: kind.readsImages)
            let predicted = predictions(of: network, on: test)
            let testAccuracy = accuracy(predicted, test.labels ?? [])
            say("\(kind.rawValue) from \(path): test accuracy \(format(100 * testAccuracy, 2))% on \(test.count) digits")
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
}
