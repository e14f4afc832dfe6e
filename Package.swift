// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ResetDoctor",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ResetDoctor", targets: ["ResetDoctor"]),
        .library(name: "EmailAddress", targets: ["EmailAddress"]),
        .library(name: "Salesforce", targets: ["Salesforce"]),
        .library(name: "MailDNS", targets: ["MailDNS"]),
        .library(name: "SalesforceAPI", targets: ["SalesforceAPI"]),
        .executable(name: "resetdoctor-sim", targets: ["resetdoctor-sim"]),
        .executable(name: "resetdoctor", targets: ["resetdoctor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // RS256 signing for the JWT bearer flow (_CryptoExtras RSA).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // A small socket-based HTTP server for the Salesforce simulator (no SwiftNIO build).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(name: "CIdn2", pkgConfig: "libidn2", providers: [.apt(["libidn2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CLdns", pkgConfig: "ldns", providers: [.apt(["libldns-dev"])]),
        .systemLibrary(name: "CPsl", pkgConfig: "libpsl", providers: [.apt(["libpsl-dev"])]),
        .target(name: "EmailAddress", dependencies: ["CIdn2"]),
        .target(name: "MailDNS", dependencies: ["CLdns", "CPsl"]),
        .target(name: "Salesforce"),
        // The small pieces both the client and the simulator need (a lock, base64url), written once.
        .target(name: "SharedBasics"),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(
            name: "SalesforceAPI",
            dependencies: ["Salesforce", "SharedBasics", "CCurl", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "_CryptoExtras", package: "swift-crypto")]
        ),
        .target(
            name: "SalesforceSimulator",
            dependencies: ["Salesforce", "SharedBasics", .product(name: "FlyingFox", package: "FlyingFox"),
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")]
        ),
        .executableTarget(name: "resetdoctor-sim", dependencies: ["SalesforceSimulator"]),
        .target(
            name: "ResetDoctor",
            dependencies: ["EmailAddress", "Salesforce", "SalesforceAPI", "MailDNS", "CArchive", "SharedBasics", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "resetdoctor",
            dependencies: ["ResetDoctor", "Salesforce", "MailDNS", "EmailAddress", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "resetdoctor-bench",
            dependencies: ["ResetDoctor", "MailDNS", "EmailAddress", "Salesforce", "SalesforceAPI", "SharedBasics"]
        ),
        // Test helpers shared by test targets (nsd on loopback, child processes); never shipped in a product.
        .target(name: "TestSupport", dependencies: ["MailDNS", "SharedBasics"], path: "Tests/TestSupport"),
        .testTarget(name: "EmailAddressTests", dependencies: ["EmailAddress"]),
        .testTarget(name: "SalesforceTests", dependencies: ["Salesforce"]),
        .testTarget(name: "SalesforceAPITests", dependencies: ["SalesforceAPI", "SalesforceSimulator", "SharedBasics", "TestSupport"]),
        .testTarget(name: "SimulatorTests", dependencies: ["SalesforceSimulator", "SalesforceAPI", "SharedBasics", "TestSupport"]),
        .testTarget(
            name: "MailDNSTests", dependencies: ["MailDNS", "TestSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]),
        .testTarget(name: "ResetDoctorTests", dependencies: ["ResetDoctor", "SalesforceAPI", "SharedBasics", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ResetDoctor", "MailDNS", "SharedBasics", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
