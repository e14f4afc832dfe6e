import Foundation

/// Where a top-level member's value lies in a JSON object's bytes, found without building the object: a query page's
/// `records` array is copied as it came instead of being parsed and written again (JSONSerialization's sorted
/// writer cost more than everything else of a 100,000-user read). Call it on bodies already known to be JSON.
enum JSONMembers {
    /// The byte range of the value of `key` in the top-level object of `json`, or nil.
    static func valueRange(of key: String, in json: Data) -> Range<Int>? {
        json.withUnsafeBytes { raw -> Range<Int>? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = skipSpace(bytes, 0)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
            index += 1
            let wanted = Array(("\"" + key + "\"").utf8)
            while true {
                index = skipSpace(bytes, index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
                let keyStart = index
                index = skipValue(bytes, index)
                let isWanted = index - keyStart == wanted.count && bytes[keyStart..<index].elementsEqual(wanted)
                index = skipSpace(bytes, index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                let valueStart = skipSpace(bytes, index + 1)
                index = skipValue(bytes, valueStart)
                if isWanted {
                    var end = index  // a bare literal runs up to the next separator: leave its trailing space out
                    while end > valueStart, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
                    return valueStart..<end
                }
                index = skipSpace(bytes, index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
    }

    /// The byte ranges of the elements of the array that fills `array` in `json`, or nil when it is not an array.
    static func elementRanges(ofArray array: Range<Int>, in json: Data) -> [Range<Int>]? {
        json.withUnsafeBytes { raw -> [Range<Int>]? in
            let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[..<array.upperBound])
            var index = skipSpace(bytes, array.lowerBound)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
            index = skipSpace(bytes, index + 1)
            var elements: [Range<Int>] = []
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return elements }
            while index < bytes.count {
                let start = index
                index = skipValue(bytes, start)
                var end = index
                while end > start, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end - 1]) { end -= 1 }
                guard end > start else { return nil }
                elements.append(start..<end)
                index = skipSpace(bytes, index)
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: "]") { return elements }
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
                index = skipSpace(bytes, index + 1)
            }
            return nil
        }
    }

    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        return index
    }

    /// The index after the value starting at `start`: a string, or anything up to its matching bracket or the next
    /// `,` `}` `]` at its own depth.
    private static func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var index = start
        var depth = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index + 1 }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return index }
                    depth -= 1
                    if depth == 0 { return index + 1 }
                case UInt8(ascii: ","): if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return index
    }
}
