import Backprop
import BackpropNN
import Foundation

/// `backprop train`: fits a network to the bundled 8×8 digits, shows its progress, reports test
/// accuracy and a confusion matrix, and saves the weights as safetensors.
enum TrainCommand {
    static let usage = """
        USAGE: backprop train [options]

        Trains a network on the bundled 8×8 handwritten digits (1,797 images; 1,438 to train,
        359 to test, a split drawn from the seed, the same on every machine) and saves its weights.

        OPTIONS:
          --model mlp|cnn          the network (default mlp: 64→256→128→10; cnn: two 3×3 convolutions)
          --optimizer NAME         adam, adamw, sgd or rmsprop (default adam)
          --learning-rate RATE     the step size (default 0.001 for mlp, 0.005 for cnn; 0.05 with sgd)
          --epochs N               passes over the training set, 1 to 100000 (default 30)
          --batch-size N           examples per step, 1 to 1438 (default 32; 1438 is batch gradient descent)
          --seed N                 initialisation, shuffling and train/test split seed (default 0)
          --output PATH            where to save the weights (default digits-MODEL.safetensors in the
                                   current directory; a checkout of Backprop git-ignores them)
          -h, --help               show this help

        Options are written --name value or --name=value. The seed and the split are saved in the
        weights' metadata, so that `backprop evaluate` tests them on the same test digits.
        """

    /// The most epochs `train` accepts.
    static let maximumEpochs = 100_000

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            say(usage)
            return 0
        }
        do {
            let options = try Options(
                arguments, valued: ["--model", "--optimizer", "--learning-rate", "--epochs", "--batch-size", "--seed", "--output"])
            let model = try options.value("--model", default: DigitsModel.mlp, expected: "mlp or cnn") { DigitsModel(rawValue: $0) }
            let optimizerName = try options.value("--optimizer", default: "adam", expected: "adam, adamw, sgd or rmsprop") {
                ["adam", "adamw", "sgd", "rmsprop"].contains($0) ? $0 : nil
            }
            let learningRate = try options.positiveNumber("--learning-rate", default: optimizerName == "sgd" ? 0.05 : model.defaultLearningRate)
            let epochs = try options.integer("--epochs", default: model.defaultEpochs, in: 1...maximumEpochs)
            let seed = try options.integer("--seed", default: UInt64(0), in: 0...UInt64.max)
            let (train, test) = try Dataset<Float>.digitsSplit(testFraction: DigitsModel.testFraction, seed: seed, asImages: model.readsImages)
            let batchSize = try options.value(
                "--batch-size", default: 32, expected: "a whole number from 1 to \(train.count) (the number of training digits)"
            ) { Int($0).flatMap { (1...train.count).contains($0) ? $0 : nil } }
            let output = options.string("--output", default: "digits-\(model.rawValue).safetensors")
            try OutputPath.checkWritable(output, option: "--output")
            return try self.train(model: model, optimizerName: optimizerName, learningRate: learningRate, epochs: epochs,
                                  batchSize: batchSize, seed: seed, data: (train, test), output: output)
        } catch let error as UsageError {
            printError("backprop train: \(error.message)\n\n\(usage)")
            return 64
        } catch {
            printError("backprop train: \(error)")
            return 1
        }
    }

    private static func makeOptimizer(_ name: String, learningRate: Float) -> any Optimizer<Float> {
        switch name {
        case "sgd": SGD(learningRate: learningRate, momentum: 0.9)
        case "adamw": AdamW(learningRate: learningRate)
        case "rmsprop": RMSProp(learningRate: learningRate)
        default: Adam(learningRate: learningRate)
        }
    }

    private static func train(
        model: DigitsModel, optimizerName: String, learningRate: Float, epochs: Int, batchSize: Int, seed: UInt64,
        data: (train: Dataset<Float>, test: Dataset<Float>), output: String
    ) throws -> Int32 {
        let (train, test) = data
        let network = model.network(seed: seed)
        let optimizer = makeOptimizer(optimizerName, learningRate: learningRate)
        say("training \(model.rawValue) (\(counted(network.parameterCount, "parameter"))) with \(optimizerName), learning rate \(learningRate),"
              + " batch size \(batchSize), \(counted(epochs, "epoch")) on \(counted(train.count, "digit"))")
        let batchesPerEpoch = train.batches(size: batchSize).count
        let progress = ProgressDisplay(epochs: epochs, batchesPerEpoch: batchesPerEpoch)
        var samples = 0
        let started = Date()
        for epoch in 1...epochs {
            var lossSum = 0.0, correct = 0, seen = 0
            for (index, batch) in train.batches(size: batchSize, shuffle: true, seed: seed, epoch: epoch).enumerated() {
                let labels = batch.labels ?? []
                network.zeroGrad()
                let logits = network(batch.inputs)
                let loss = crossEntropy(logits: logits, labels: labels)
                loss.backward()
                optimizer.step(network)
                lossSum += Double(loss.scalar ?? 0) * Double(batch.count)
                correct += zip(logits.argmax(alongAxis: 1), labels).filter { $0 == $1 }.count
                seen += batch.count
                samples += batch.count
                progress.update(epoch: epoch, batch: index + 1, loss: lossSum / Double(seen),
                                accuracy: Double(correct) / Double(seen), samples: samples)
            }
            let testAccuracy = accuracy(predictions(of: network, on: test), test.labels ?? [])
            progress.finish(epoch: epoch, loss: lossSum / Double(max(seen, 1)), trainAccuracy: Double(correct) / Double(max(seen, 1)),
                            testAccuracy: testAccuracy, samples: samples)
        }
        let predicted = predictions(of: network, on: test)
        let testAccuracy = accuracy(predicted, test.labels ?? [])
        say("\ntrained in \(format(Date().timeIntervalSince(started), 1)) s; test accuracy \(format(100 * testAccuracy, 2))%"
              + " (\(Int((testAccuracy * Double(test.count)).rounded()))/\(test.count))")
        say(confusionTable(predicted, test.labels ?? []))
        let metadata = ["model": model.rawValue, "format": "backprop-digits", "test_accuracy": format(testAccuracy, 4),
                        "seed": String(seed), "test_fraction": String(DigitsModel.testFraction)]
        try SafetensorsFile.save(network.namedParameters, metadata: metadata, to: URL(fileURLWithPath: output))
        say("\nsaved the weights to \(output); check them with: backprop evaluate --weights \(output)")
        return 0
    }
}
