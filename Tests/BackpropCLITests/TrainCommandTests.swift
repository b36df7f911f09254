import Backprop
import Foundation
import Testing

@Suite("backprop train, evaluate, bench and soak: options, weights and their split, through the built executable")
struct TrainCommandTests {
    @Test("every numeric option refuses 0, negative, too large, non-numeric and NaN values with a usage error naming it", arguments: [
        (["train", "--batch-size", "9223372036854775807"], "--batch-size must be a whole number from 1 to 1438 (the number of training digits), not '9223372036854775807'"),
        (["train", "--batch-size", "0"], "--batch-size must be a whole number from 1 to 1438"),
        (["train", "--batch-size", "1439"], "--batch-size must be a whole number from 1 to 1438"),
        (["train", "--batch-size", "-5"], "--batch-size must be a whole number from 1 to 1438"),
        (["train", "--epochs", "0"], "--epochs must be a whole number from 1 to 100000, not '0'"),
        (["train", "--epochs", "99999999999999999999"], "--epochs must be a whole number from 1 to 100000"),
        (["train", "--epochs", "two"], "--epochs must be a whole number from 1 to 100000, not 'two'"),
        (["train", "--learning-rate", "nan"], "--learning-rate must be a positive finite number, not 'nan'"),
        (["train", "--learning-rate", "1e39"], "--learning-rate must be a positive finite number, not '1e39'"),
        (["train", "--learning-rate", "-0.1"], "--learning-rate must be a positive finite number"),
        (["train", "--learning-rate", "0"], "--learning-rate must be a positive finite number"),
        (["train", "--seed", "-1"], "--seed must be a whole number from 0 to 18446744073709551615, not '-1'"),
        (["train", "--seed", "18446744073709551616"], "--seed must be a whole number from 0 to 18446744073709551615"),
        (["evaluate", "--weights", "w.safetensors", "--seed", "x"], "--seed must be a whole number from 0 to 18446744073709551615, not 'x'"),
        (["soak", "--tensor-steps", "-1"], "--tensor-steps must be a whole number from 0 to 9223372036854775807, not '-1'"),
        (["notebook", "run", "x.ipynb", "--timeout", "0"], "--timeout must be a whole number from 1 to 604800, not '0'"),
        (["notebook", "run", "x.ipynb", "--timeout=nan"], "--timeout must be a whole number from 1 to 604800, not 'nan'"),
        (["train", "--epochs=1", "--epochs", "2"], "--epochs is given twice"),
    ])
    func numericOptionsAreChecked(arguments: [String], message: String) throws {
        let result = try BackpropTool.run(arguments, timeLimit: 60)
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!result.standardOutput.contains("training"))
    }

    @Test("--output is checked before training: a missing directory and a directory are refused at once")
    func unwritableOutputIsRefusedBeforeTraining() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = try BackpropTool.run(["train", "--output", directory.path + "/missing/w.safetensors"], timeLimit: 60)
        #expect(missing.status == 64 && !missing.standardOutput.contains("training"))
        #expect(missing.standardError.contains("--output \(directory.path)/missing/w.safetensors cannot be written: cannot create a file in \(directory.path)/missing (No such file or directory)"))
        let isDirectory = try BackpropTool.run(["train", "--output=\(directory.path)"], timeLimit: 60)
        #expect(isDirectory.status == 64 && isDirectory.standardError.contains("--output \(directory.path) is a directory"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "the writability probe is removed")
    }

    @Test("train --seed 3 saves its seed and split; evaluate measures the weights on the same test digits, in --name=value form too")
    func evaluateUsesTheSplitOfTraining() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let weights = directory.appendingPathComponent("w.safetensors").path
        let training = try BackpropTool.run(["train", "--epochs=1", "--seed=3", "--output=\(weights)"], timeLimit: 300)
        try #require(training.status == 0, "\(training.standardError)")
        #expect(training.standardOutput.contains("batch size 32, 1 epoch on 1438 digits"))
        let metadata = try SafetensorsFile(contentsOf: URL(fileURLWithPath: weights)).metadata
        #expect(metadata["seed"] == "3" && metadata["test_fraction"] == "0.2" && metadata["model"] == "mlp")

        let trained = try #require(training.standardOutput.firstMatch(of: #/test accuracy (\d+\.\d+)% \((\d+)\/359\)/#))
        let evaluation = try BackpropTool.run(["evaluate", "--weights", weights], timeLimit: 120)
        try #require(evaluation.status == 0, "\(evaluation.standardError)")
        #expect(evaluation.standardOutput.contains("test accuracy \(trained.1)% on 359 digits (the test split of seed 3)"), "\(evaluation.standardOutput)")

        let otherSeed = try BackpropTool.run(["evaluate", "--weights", weights, "--seed", "0"], timeLimit: 120)
        #expect(otherSeed.status == 64 && otherSeed.standardError.contains("--seed 0 differs from the seed 3 that \(weights) was trained with"))
    }

    @Test("evaluate on weights of a model it does not know names that model")
    func unknownModelIsNamed() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("resnet.safetensors")
        try SafetensorsFile.save(["fc.weight": Tensor<Float>.zeros([2, 2])], metadata: ["model": "resnet"], to: url)
        let result = try BackpropTool.run(["evaluate", "--weights", url.path], timeLimit: 60)
        #expect(result.status == 1)
        #expect(result.standardError.contains("\(url.path) holds a model named \"resnet\", which backprop evaluate does not know; it evaluates mlp or cnn"))
    }

    @Test("evaluate refuses /dev/zero and a named pipe without a writer at once, as not regular files")
    func specialFilesAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("pipe.safetensors").path
        try #require(mkfifo(fifo, 0o600) == 0)
        for (path, kind) in [("/dev/zero", "a character device"), (fifo, "a named pipe (FIFO)")] {
            let result = try BackpropTool.run(["evaluate", "--weights", path], timeLimit: 30)
            #expect(!result.timedOut && result.status == 1, "\(path): \(result.standardError)")
            #expect(result.standardError.contains("\(path): it is \(kind)"), "\(result.standardError)")
        }
        let notebook = try BackpropTool.run(["notebook", "check", fifo, "--package", BackpropTool.packageRoot.path], timeLimit: 30)
        #expect(!notebook.timedOut && notebook.status == 1 && notebook.standardError.contains("not a regular file"), "\(notebook.standardError)")
    }

    @Test("bench prints a header and times with their unit as a table, and tab-separated seconds for scripts when piped")
    func benchIsReadable() throws {
        let piped = try BackpropTool.run(["bench", "--filter", "hessian-100"], timeLimit: 120)
        #expect(piped.status == 0)
        #expect(piped.standardOutput.wholeMatch(of: #/hessian-100\tbackprop\t[0-9.e-]+\n/#) != nil, "\(piped.standardOutput)")
        let result = try BackpropTool.run(["bench", "--filter", "hessian-100", "--format", "table"], timeLimit: 120)
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["workload", "who", "median", "time"])
        #expect(lines.count == 2 && lines.dropFirst().allSatisfy { $0.wholeMatch(of: #/hessian-100 +backprop +\d+(\.\d+)? (ns|µs|ms|s)/#) != nil },
                "\(result.standardOutput)")
    }
}
