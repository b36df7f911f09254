import Backprop
import BackpropNN
import Foundation

/// `backprop train`: fits a network to the bundled 8×8 digits, shows its progress, reports test
/// accuracy and a confusion matrix, and saves the weights as safetensors.
enum TrainCommand {
    static let usage = """
        USAGE: backprop train [options]

        Trains a network on the bundled 8×8 handwritten digits (1,797 images; 1,438 to train,
        359 to test, the same split on every machine) and saves its weights.

        OPTIONS:
          --model mlp|cnn          the network (default mlp: 64→256→128→10; cnn: two 3×3 convolutions)
          --optimizer NAME         adam, adamw, sgd or rmsprop (default adam)
          --learning-rate RATE     the step size (default 0.001 for mlp, 0.005 for cnn; 0.05 with sgd)
          --epochs N               passes over the training set (default 30)
          --batch-size N           examples per step (default 32; 1438 is batch gradient descent)
          --seed N                 initialisation and shuffling seed (default 0)
          --output PATH            where to save the weights (default digits-MODEL.safetensors)
          -h, --help               show this help
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("-h") || arguments.contains("--help") {
            say(usage)
            return 0
        }
        do {
            let options = try Options(
                arguments, valued: ["--model", "--optimizer", "--learning-rate", "--epochs", "--batch-size", "--seed", "--output"])
            let model = try options.value("--model", default: DigitsModel.mlp) { DigitsModel(rawValue: $0) }
            let optimizerName = options.string("--optimizer", default: "adam")
            guard ["adam", "adamw", "sgd", "rmsprop"].contains(optimizerName) else {
                throw UsageError("--optimizer must be adam, adamw, sgd or rmsprop, not '\(optimizerName)'")
            }
            let learningRate = try options.value("--learning-rate", default: optimizerName == "sgd" ? 0.05 : model.defaultLearningRate) {
                Float($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
            }
            let epochs = try options.value("--epochs", default: model.defaultEpochs) { Int($0).flatMap { $0 > 0 ? $0 : nil } }
            let batchSize = try options.value("--batch-size", default: 32) { Int($0).flatMap { $0 > 0 ? $0 : nil } }
            let seed = try options.value("--seed", default: UInt64(0)) { UInt64($0) }
            let output = options.string("--output", default: "digits-\(model.rawValue).safetensors")
            return try train(model: model, optimizerName: optimizerName, learningRate: learningRate, epochs: epochs,
                             batchSize: batchSize, seed: seed, output: output)
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
        model: DigitsModel, optimizerName: String, learningRate: Float, epochs: Int, batchSize: Int, seed: UInt64, output: String
    ) throws -> Int32 {
        let (train, test) = try Dataset<Float>.digitsSplit(seed: seed, asImages: model.readsImages)
        let network = model.network(seed: seed)
        let optimizer = makeOptimizer(optimizerName, learningRate: learningRate)
        say("training \(model.rawValue) (\(network.parameterCount) parameters) with \(optimizerName), learning rate \(learningRate),"
              + " batch size \(batchSize), \(epochs) epochs on \(train.count) digits")
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
        let metadata = ["model": model.rawValue, "format": "backprop-digits", "test_accuracy": format(testAccuracy, 4)]
        try SafetensorsFile.save(network.namedParameters, metadata: metadata, to: URL(fileURLWithPath: output))
        say("\nsaved the weights to \(output); check them with: backprop evaluate --weights \(output)")
        return 0
    }
}
