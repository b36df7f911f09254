/// A line-by-line difference between two texts, as `diff -u` prints its hunks: unchanged lines
/// indented, removed ones marked `-`, added ones `+`; long runs of unchanged lines elided.
enum LineDiff {
    static func unified(from old: String, to new: String, context: Int = 2) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false)
        // Lines shared at both ends need no alignment; the middle is aligned by a longest
        // common subsequence unless it is too large, when it is shown as removed then added.
        var prefix = 0
        while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < min(a.count, b.count) - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = a[prefix..<(a.count - suffix)], middleB = b[prefix..<(b.count - suffix)]
        var lines: [(mark: Character, text: Substring)] = a[..<prefix].map { (" ", $0) }
        if middleA.count * middleB.count <= 4_000_000 {
            lines += aligned(Array(middleA), Array(middleB))
        } else {
            lines += middleA.map { ("-", $0) } + middleB.map { ("+", $0) }
        }
        lines += a[(a.count - suffix)...].map { (" ", $0) }
        // Show each changed line with `context` unchanged ones either side.
        var nearChange = Array(repeating: false, count: lines.count)
        for index in lines.indices where lines[index].mark != " " {
            for near in max(0, index - context)...min(lines.count - 1, index + context) { nearChange[near] = true }
        }
        var shown: [String] = []
        var lastShown = -1
        for index in lines.indices where nearChange[index] {
            if index > lastShown + 1 { shown.append("  …") }
            shown.append("\(lines[index].mark) \(lines[index].text)")
            lastShown = index
        }
        if lastShown >= 0, lastShown < lines.count - 1 { shown.append("  …") }
        return shown.joined(separator: "\n")
    }

    private static func aligned(_ a: [Substring], _ b: [Substring]) -> [(mark: Character, text: Substring)] {
        // The table runs from the ends, so that the walk below can go forward.
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var lines: [(mark: Character, text: Substring)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append((" ", a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                lines.append(("-", a[i])); i += 1
            } else {
                lines.append(("+", b[j])); j += 1
            }
        }
        return lines
    }
}
