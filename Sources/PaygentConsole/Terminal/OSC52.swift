import X402
import PaygentFoundation

/// The OSC 52 "set clipboard" sequence, which terminals (xterm, kitty, iTerm2, WezTerm, foot,
/// tmux with `set-clipboard on`) turn into a clipboard write.
public enum OSC52 {
    /// Longest text copied, in bytes (terminals cap the sequence; ids are far shorter).
    public static let maximumBytes = 4096

    /// `ESC ] 52 ; c ; base64(text) BEL`, or nil when `text` is empty, too long, or holds
    /// anything but printable ASCII (only ids are copied; nothing else should reach a clipboard).
    public static func sequence(copying text: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumBytes, bytes.allSatisfy({ $0 >= 0x21 && $0 < 0x7f }) else { return nil }
        return "\u{1B}]52;c;" + Base64.encode(bytes) + "\u{07}"
    }
}
