import Foundation

/// `email-log.csv`: an Email Log File as downloaded from Setup. Columns are found by name (case, spaces and
/// underscores ignored) because only columns A–L and the TLS pair are documented; unknown columns are kept in
/// `extra`. Rows may be shorter or longer than the header. Dates are GMT, month first. Returned oldest first.
public enum EmailLogCSV {
    static let hint = "Setup > Email Log Files > Request an Email Log, then download the CSV"
    static let requiredColumns = ["Date/Time", "Mail Event", "Recipient"]

    /// The documented columns, by the names Salesforce uses (and the spellings seen besides).
    private enum Known: CaseIterable {
        case date, internalMessageId, mailEvent, recipient, sender, remoteHost, bytesTransferred, userId
        case messageIdHeader, retryCount, secondsInQueue, deliveryStage, relayAddress, tlsCipher, tlsVerified

        var names: [String] {
            switch self {
            case .date: ["Date/Time", "Date Time", "Date"]
            case .internalMessageId: ["Internal Message ID"]
            case .mailEvent: ["Mail Event"]
            case .recipient: ["Recipient"]
            case .sender: ["Sender"]
            case .remoteHost: ["Remote Host"]
            case .bytesTransferred: ["Bytes Transferred"]
            case .userId: ["User ID"]
            case .messageIdHeader: ["Message ID Header"]
            case .retryCount: ["Retry Count"]
            case .secondsInQueue: ["Seconds in Queue"]
            case .deliveryStage: ["Delivery Stage"]
            case .relayAddress: ["Relay Address"]
            case .tlsCipher: ["TLS_Cipher", "TLS Cipher"]
            case .tlsVerified: ["TLS_Verified", "TLS Verified"]
            }
        }
    }

    public static func parse(_ data: Data, file: String) throws -> [EmailLogEntry] {
        let table = try CSVReader.table(data, file: file, hint: hint)
        let header = table.header.fields
        var columns: [Known: Int] = [:]
        for column in Known.allCases {
            columns[column] = table.column(column.names)
        }
        guard let dateColumn = columns[.date], columns[.mailEvent] != nil, columns[.recipient] != nil else {
            throw ExportParseError(
                file: file, line: table.header.line,
                problem: "the header is not an Email Log File: expected columns \(requiredColumns.joined(separator: ", ")); found \(header.prefix(12).joined(separator: ", "))",
                hint: hint)
        }
        let knownIndexes = Set(columns.values)

        let cells = try table.rows.map { row in
            guard dateColumn < row.fields.count, !row.fields[dateColumn].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ExportParseError(file: file, line: row.line, problem: "the row has no Date/Time", hint: hint)
            }
            return SetupDownloadDates.Cell(line: row.line, text: row.fields[dateColumn])
        }
        let dateFormat = SetupDownloadDates.Column(
            name: "Date/Time", example: "3/06/2009 13:37 (GMT)", hint: hint, order: .monthFirst, defaultOffset: 0)
        let dates = try SetupDownloadDates.dates(cells, column: dateFormat, file: file)

        let entries = try zip(table.rows, dates).map { row, date in
            func text(_ column: Known) -> String? {
                guard let index = columns[column], index < row.fields.count else { return nil }
                let value = row.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            func number(_ column: Known) throws -> Int? {
                guard let value = text(column) else { return nil }
                guard let number = Int(value) else {
                    throw ExportParseError(
                        file: file, line: row.line,
                        problem: "the \(column.names[0]) \"\(value)\" is not a whole number", hint: hint)
                }
                return number
            }
            var extra: [String: String] = [:]
            for (index, value) in row.fields.enumerated() where !knownIndexes.contains(index) {
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                let name = index < header.count && !header[index].isEmpty ? header[index] : "column \(index + 1)"
                extra[name] = trimmed
            }
            return EmailLogEntry(
                date: date, internalMessageId: text(.internalMessageId), mailEventRaw: text(.mailEvent) ?? "",
                recipient: text(.recipient) ?? "", sender: text(.sender), remoteHost: text(.remoteHost),
                bytesTransferred: try number(.bytesTransferred), userId: text(.userId),
                messageIdHeader: text(.messageIdHeader), retryCount: try number(.retryCount),
                secondsInQueue: try number(.secondsInQueue), deliveryStage: text(.deliveryStage),
                relayAddress: text(.relayAddress), tlsCipher: text(.tlsCipher), tlsVerified: text(.tlsVerified),
                extra: extra, origin: "\(file) line \(row.line)")
        }
        return entries.oldestFirst(by: \.date)
    }
}
