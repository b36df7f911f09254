import Testing
@testable import Backprop

/// The einsum of operands whose subscripts (letters only, output explicit) are given, by a loop
/// over every assignment of the indices: the definition, with nothing shared with the library.
private func loopEinsum(_ inputs: [String], _ output: String, _ operands: [Tensor<Double>]) -> [Double] {
    var sizes = [Character: Int]()
    for (subscripts, operand) in zip(inputs, operands) {
        for (letter, size) in zip(subscripts, operand.shape) { sizes[letter] = size }
    }
    let letters = Array(Set(inputs.joined() + output)).sorted()
    var result = [Double](repeating: 0, count: output.reduce(1) { $0 * sizes[$1]! })
    var index = [Character: Int](uniqueKeysWithValues: letters.map { ($0, 0) })
    func offset(_ subscripts: String) -> Int { subscripts.reduce(0) { $0 * sizes[$1]! + index[$1]! } }
    func visit(_ position: Int) {
        guard position < letters.count else {
            let product = zip(inputs, operands).reduce(1.0) { $0 * $1.1.scalars[offset($1.0)] }
            result[offset(output)] += product
            return
        }
        for value in 0..<sizes[letters[position]]! {
            index[letters[position]] = value
            visit(position + 1)
        }
    }
    visit(0)
    return result
}

/// The message `body` raises and the line under the equation: the caret's column (from 1).
private func caretColumn(of equation: String, _ body: () -> Void) -> (message: String, column: Int?) {
    let message = raisedError(body)?.description ?? "no error"
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
    guard let row = lines.firstIndex(of: "    " + Substring(equation)), row + 1 < lines.count,
          let caret = lines[row + 1].firstIndex(of: "^") else { return (message, nil) }
    return (message, lines[row + 1].distance(from: lines[row + 1].startIndex, to: caret) - 3)
}

@Suite("einsum follows numpy.einsum, differentiates to any order and points at the column of a bad equation")
struct EinsumTests {
    @Test("equations equal the explicit products, sums, traces and diagonals they stand for")
    func knownFormulas() {
        let a = sample([2, 3, 4], seed: 1), b = sample([2, 4, 5], seed: 2)
        #expect(close(einsum("bij,bjk->bik", a, b).scalars, matmul(a, b).scalars))
        let m = sample([4, 4], seed: 3), diagonal = (0..<4).map { m.scalars[$0 * 5] }
        #expect(einsum("ii->", m).shape == [])
        #expect(close(einsum("ii->", m).scalars, [diagonal.reduce(0, +)]))
        #expect(close(einsum("ii->i", m).scalars, diagonal))
        let x = sample([4], seed: 4), y = sample([3], seed: 5), n = sample([4, 3], seed: 6)
        #expect(close(einsum("i,j->ij", x, y).scalars, outer(x, y).scalars))
        #expect(close(einsum("i,ij,j->", x, n, y).scalars, dot(x, matmul(n, y)).scalars))
        #expect(close(einsum("ij->ji", n).scalars, n.transposed().scalars))
        #expect(close(einsum("ij->j", n).scalars, n.sum(alongAxes: 0).scalars))
        #expect(close(einsum("ij,ij->ij", n, n).scalars, (n * n).scalars))
        let chain = [sample([2, 3], seed: 7), sample([3, 4], seed: 8), sample([4, 5], seed: 9), sample([5, 2], seed: 10)]
        #expect(close(einsum("ij,jk,kl,lm->im", chain).scalars,
                      matmul(matmul(matmul(chain[0], chain[1]), chain[2]), chain[3]).scalars))
    }

    @Test("without '->' the output is the indices that appear once, in alphabetical order, after '...'")
    func implicitOutput() {
        let m = sample([3, 4], seed: 11), k = sample([4, 2], seed: 12)
        #expect(close(einsum("ij,jk", m, k).scalars, matmul(m, k).scalars))
        #expect(close(einsum("ba", m).scalars, m.transposed().scalars))
        #expect(einsum("ii", sample([3, 3], seed: 13)).shape == [])
        #expect(einsum("...j,j", sample([2, 3, 4], seed: 14), sample([4], seed: 15)).shape == [2, 3])
        // Capitals sort before small letters, as in NumPy.
        #expect(einsum("a,B", sample([2], seed: 16), sample([3], seed: 17)).shape == [3, 2])
    }

    @Test("'...' broadcasts like NumPy, and an output without it sums those axes")
    func ellipsis() {
        let a = sample([2, 1, 3, 4], seed: 18), b = sample([5, 4, 2], seed: 19)
        let product = einsum("...ij,...jk->...ik", a, b)
        #expect(product.shape == [2, 5, 3, 2])
        #expect(close(product.scalars, matmul(a, b).scalars))
        let stack = sample([2, 3, 4], seed: 20)
        #expect(close(einsum("...ij->ij", stack).scalars, stack.sum(alongAxes: 0).scalars))
        #expect(close(einsum("i...->...", stack).scalars, stack.sum(alongAxes: 0).scalars))
        // An index of size 1 in one operand broadcasts against the others.
        let column = sample([3, 1], seed: 21), matrix = sample([3, 4], seed: 22)
        #expect(close(einsum("ij,ij->ij", column, matrix).scalars, (column * matrix).scalars))
    }

    @Test("values equal the defining loop over every index",
          arguments: [
              ("ij,jk->ik", [[3, 4], [4, 2]]), ("bij,bjk->bik", [[2, 3, 4], [2, 4, 5]]), ("iij->j", [[3, 3, 2]]),
              ("iii->i", [[3, 3, 3]]), ("ijk,jl,lk->il", [[2, 3, 4], [3, 2], [2, 4]]), ("ij,kl->ijkl", [[2, 3], [2, 2]]),
              ("i,i->", [[5], [5]]), ("iji->j", [[3, 2, 3]]), ("ab,bc,cd,da->", [[2, 3], [3, 4], [4, 2], [2, 2]]),
              ("bhqd,bhkd->bhqk", [[2, 2, 3, 4], [2, 2, 5, 4]]), ("ij,jk,jl->ikl", [[2, 3], [3, 2], [3, 4]]),
              ("i,,j->ji", [[3], [], [2]]), ("ji,jk->ik", [[3, 2], [3, 4]]), ("bji,bkj->bik", [[2, 3, 2], [2, 4, 3]]),
          ] as [(String, [[Int]])])
    func matchesLoops(_ equation: String, _ shapes: [[Int]]) {
        let operands = shapes.enumerated().map { sample($1, seed: UInt64(30 + $0)) }
        let sides = equation.split(separator: "->", omittingEmptySubsequences: false)
        let inputs = sides[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let result = einsum(equation, operands)
        #expect(close(result.scalars, loopEinsum(inputs, String(sides[1]), operands)), "\(equation)")
    }

    @Test("gradients match finite differences, with diagonals, broadcasting and several operands",
          arguments: [
              ("bij,bjk->bik", [[2, 3, 4], [2, 4, 2]]), ("ii->i", [[3, 3]]), ("i,ij,j->", [[3], [3, 4], [4]]),
              ("...ij,...jk->...ik", [[2, 1, 2, 3], [3, 3, 2]]), ("ij,ij->ij", [[3, 1], [3, 4]]),
              ("ijk,jl,lk->il", [[2, 3, 4], [3, 2], [2, 4]]), ("iij->ji", [[2, 2, 3]]), ("bji,bkj->bik", [[2, 3, 2], [2, 4, 3]]),
          ] as [(String, [[Int]])])
    func gradients(_ equation: String, _ shapes: [[Int]]) {
        let operands = shapes.enumerated().map { sample($1, seed: UInt64(50 + $0)) }
        let report = checkGradient(of: { einsum(equation, $0) }, at: operands)
        #expect(report.passed, "\(equation): \(report)")
    }

    @Test("known gradients: of a trace, the identity; of a bilinear form xᵀMy, x·yᵀ")
    func closedFormGradients() {
        let m = sample([3, 3], seed: 60)
        #expect(gradient(at: m) { einsum("ii->", $0) }.scalars == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        let x = sample([3], seed: 61), y = sample([2], seed: 62), n = sample([3, 2], seed: 63)
        #expect(close(gradient(at: n) { einsum("i,ij,j->", x, $0, y) }.scalars, outer(x, y).scalars))
    }

    @Test("second derivatives match finite differences: trace(X³) and a sum of squared diagonals")
    func secondOrder() {
        let x = sample([3, 3], seed: 70)
        let cube = checkSecondOrderGradient(of: { x in einsum("ij,jk,ki->", x, x, x) }, at: x)
        #expect(cube.passed, "\(cube)")
        let squares = checkSecondOrderGradient(of: { x in einsum("ii,ii->", x, x) * einsum("...ij->", x) }, at: x)
        #expect(squares.passed, "\(squares)")
    }

    @Test("Jacobians and Hessians through einsum match finite differences")
    func jacobians() {
        let fixed = sample([2, 4, 3], seed: 71)
        let jacobianReport = checkJacobian(of: { einsum("bji,bkj->bik", $0, fixed) }, at: sample([2, 3, 2], seed: 72))
        #expect(jacobianReport.passed, "\(jacobianReport)")
        let x = sample([3, 3], seed: 73)
        // The Hessian of trace(X³), against the trace of matrix products taken by hand.
        let expected = hessian(at: x) { x in matmul(matmul(x, x), x).reshaped(to: [9]).gathering(indices: [0, 4, 8], alongAxis: 0).sum() }
        #expect(close(hessian(at: x) { x in einsum("ij,jk,ki->", x, x, x) }.scalars, expected.scalars))
    }

    @Test("edge cases: empty axes, 0-d operands, an operand broadcast whole, and the operand itself for 'ij->ij'")
    func edgeCases() {
        #expect(einsum("i->", Tensor<Double>.zeros([0])).scalars == [0])
        #expect(einsum("ij,jk->ik", Tensor<Double>.ones([2, 0]), .ones([0, 3])).scalars == [Double](repeating: 0, count: 6))
        #expect(einsum("ii->i", Tensor<Double>.zeros([0, 0])).shape == [0])
        #expect(einsum(",->", Tensor<Double>(3), Tensor<Double>(4)).scalars == [12])
        #expect(einsum(",i->i", Tensor<Double>(3), Tensor<Double>([1, 2])).scalars == [3, 6])
        let one = Tensor<Double>([5], shape: [1, 1]), matrix = sample([3, 4], seed: 90)
        #expect(close(einsum("ij,ij->ij", one, matrix).scalars, (matrix * 5).scalars))
        #expect(einsum("i->i", Tensor<Double>([7])).scalars == [7])
        #expect(einsum("ij->ij", matrix).scalars == matrix.scalars)
    }

    @Test("Float operands give the Double results to Float precision")
    func float() {
        let a = sample([2, 3], seed: 80), b = sample([3, 2], seed: 81)
        let single = einsum("ij,jk->ik", Tensor<Float>(a.scalars.map(Float.init), shape: a.shape),
                            Tensor<Float>(b.scalars.map(Float.init), shape: b.shape))
        #expect(close(single.scalars.map(Double.init), matmul(a, b).scalars, tolerance: 1e-6))
    }

    @Test("a bad equation is an error with a caret under the offending column",
          arguments: [
              ("ab,c#", [[2, 2], [2]], 5, "unknown character '#'"),
              ("ij,jk->ik", [[2, 3], [4, 5]], 4, "index 'j' has size 3 in operand 0 but 4 in operand 1"),
              ("i.j", [[2, 2]], 2, "'.' that is not part of '...'"),
              ("i-j", [[2, 2]], 2, "'-' that does not start '->'"),
              ("ij->i->j", [[2, 2]], 6, "a second '->'"),
              ("...i...", [[2, 2]], 5, "a second '...' in operand 0"),
              ("ij,jkl", [[2, 3], [3, 4]], 4, "operand 1 has shape [3, 4] (2 axes) but its subscripts 'jkl' name 3"),
              ("ij,jk->ik", [[2, 3]], 6, "subscripts for 2 operands but 1 tensor was given"),
              ("ij->iz", [[2, 3]], 6, "index 'z' of the output appears in no operand"),
              ("ij->ii", [[2, 2]], 6, "index 'i' appears twice in the output"),
              ("ii", [[2, 3]], 2, "index 'i' has sizes 2 and 3 in operand 0"),
              ("...i,...i", [[2, 3], [4, 3]], 6, "axis -1 under '...' has size 2 in operand 0 but 4 in operand 1"),
              ("ij,k->ij,k", [[2, 2], [2]], 9, "a ',' in the output"),
          ] as [(String, [[Int]], Int, String)])
    func badEquations(_ equation: String, _ shapes: [[Int]], _ column: Int, _ problem: String) {
        let (message, caret) = caretColumn(of: equation) { _ = einsum(equation, shapes.map { Tensor<Double>.zeros($0) }) }
        #expect(caret == column, "\(message)")
        #expect(message.hasPrefix("einsum: "), "\(message)")
        #expect(message.contains("\(problem) at column \(column)"), "\(message)")
    }
}
