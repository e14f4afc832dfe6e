import Foundation

/// `login-history.json`: `SELECT Id, UserId, LoginTime, LoginType, SourceIp, Status, Application, LoginUrl
/// FROM LoginHistory WHERE UserId = '…' AND LoginTime >= …`. Returned newest first.
public enum LoginHistoryQuery {
    static let query = SOQLResult.Query(
        sObject: "LoginHistory",
        soql: "SELECT Id, UserId, LoginTime, LoginType, SourceIp, Status, Application, LoginUrl FROM LoginHistory WHERE UserId = '…' AND LoginTime >= …")

    public static func parse(_ data: Data, file: String) throws -> [LoginHistoryEntry] {
        try SOQLResult.map(data, file: file, query: query) { record in
            LoginHistoryEntry(
                id: try record.string("Id"),
                userId: try record.string("UserId"),
                loginTime: try record.required("LoginTime", record.date),
                loginType: try record.string("LoginType"),
                sourceIp: try record.string("SourceIp"),
                status: try record.string("Status"),
                application: try record.string("Application"),
                loginUrl: try record.string("LoginUrl"),
                apiType: try record.string("ApiType"),
                origin: record.origin,
                browser: try record.string("Browser"),
                platform: try record.string("Platform"))
        }
        .newestFirst(by: \.loginTime)
    }
}

/// `login-history.csv`: the Setup > Login History download (`Login Time,Username,Source IP,Login Type,Status,
/// Browser,Platform,Application,Client Version,API Type,API Version,Login URL`, matched by name). Dates are
/// read like the audit trail's. Returned newest first.
public enum LoginHistoryCSV {
    static let hint = "download it again from Setup > Login History > Download (CSV)"

    public static func parse(_ data: Data, file: String) throws -> [LoginHistoryEntry] {
        let csv = try SetupDownloadCSV(
            data, file: file, what: "a Login History download", required: ["Login Time", "Status"], hint: hint)
        let table = csv.table
        let time = try csv.requiredColumn("Login Time")
        let dates = try csv.dates(column: time, name: "Login Time", example: "11/21/2026 8:00:00 AM PST")
        let columns = (
            userId: try table.column("User ID", "UserId"), username: try table.column("Username", "User Name"),
            sourceIp: try table.column("Source IP", "SourceIp"), loginType: try table.column("Login Type"),
            status: try table.column("Status"), application: try table.column("Application"),
            loginUrl: try table.column("Login URL"), apiType: try table.column("API Type"),
            browser: try table.column("Browser"), platform: try table.column("Platform"))
        return zip(table.rows, dates).map { row, loginTime in
            LoginHistoryEntry(
                userId: csv.cell(row, columns.userId),
                loginTime: loginTime,
                loginType: csv.cell(row, columns.loginType),
                sourceIp: csv.cell(row, columns.sourceIp),
                status: csv.cell(row, columns.status),
                application: csv.cell(row, columns.application),
                loginUrl: csv.cell(row, columns.loginUrl),
                apiType: csv.cell(row, columns.apiType),
                origin: "\(file) line \(row.line)",
                username: csv.cell(row, columns.username),
                browser: csv.cell(row, columns.browser),
                platform: csv.cell(row, columns.platform))
        }
        .newestFirst(by: \.loginTime)
    }
}
