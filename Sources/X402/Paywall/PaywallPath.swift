/// How the framework-independent ``Paywall`` decides that a request path names a priced route.
///
/// The paywall cannot know how the server's router will dispatch a request, so it prices every
/// spelling some router might send to the route's handler, never fewer: percent-escapes are
/// decoded (`%2D` is `-`, `%2F` a separator), empty and `.` segments are dropped, `..` removes the
/// segment before it, and segments compare ASCII case-insensitively. `/market-data/`,
/// `//market-data`, `/market-data//`, `/market%2Ddata`, `/MARKET-DATA` and `/x/../market-data` all
/// price as `/market-data`. A router that dispatches one of them to no handler answers 404 once
/// paid, and a handler error is never settled, so over-pricing charges nobody.
///
/// (In Hummingbird, bind the price to the handler instead — ``PaywallRoute`` registered with
/// `RouterMethods.paid` — and the router itself decides.)
public enum PaywallPath {
    /// The canonical segments of `path`: decoded, lower-cased, without empty, `.` or `..` segments.
    public static func segments(_ path: some StringProtocol) -> [[UInt8]] {
        var segments: [[UInt8]] = []
        var current: [UInt8] = []
        func close() {
            if current == [0x2E, 0x2E] {
                if !segments.isEmpty { segments.removeLast() }
            } else if !current.isEmpty, current != [0x2E] {
                segments.append(current)
            }
            current.removeAll(keepingCapacity: true)
        }
        let bytes = Array(path.utf8)
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            if byte == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                byte = high << 4 | low
                index += 3
            } else {
                index += 1
            }
            if byte == 0x2F {
                close()
            } else {
                current.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
        }
        close()
        return segments
    }

    /// Whether `requestPath` names the same route as `routePath` under the rule above.
    public static func matches(_ requestPath: some StringProtocol, route routePath: some StringProtocol) -> Bool {
        segments(requestPath) == segments(routePath)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}
