/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions, each substring edited once),
/// on Unicode scalars, giving up early once the distance must exceed `limit`.
enum EditDistance {
    /// The distance, or nil when it is greater than `limit`.
    static func damerauLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        var previousPrevious = [Int](repeating: 0, count: width)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: width)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return nil }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        let distance = previous[b.count]
        return distance <= limit ? distance : nil
    }

    /// Words for a single edit that turns `typed` into `intended`, for messages.
    static func describeSingleEdit(typed: [Unicode.Scalar], intended: [Unicode.Scalar]) -> String {
        if typed.count < intended.count { return "a letter missing" }
        if typed.count > intended.count {
            for index in 1..<typed.count where typed[index] == typed[index - 1] {
                var withoutDouble = typed
                withoutDouble.remove(at: index)
                if withoutDouble == intended { return "a doubled letter" }
            }
            return "an extra letter"
        }
        let differing = typed.indices.filter { typed[$0] != intended[$0] }
        if differing.count == 2, differing[1] == differing[0] + 1 { return "two letters swapped" }
        return "one wrong letter"
    }
}
