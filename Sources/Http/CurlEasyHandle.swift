internal import CCurl

/// One libcurl easy handle plus its error buffer. Used by one transfer at a time; between
/// transfers it rests, reset, in a ``CurlHandlePool``.
/// (`@unchecked Sendable`: it is handed between the engine thread and the pool, never shared.)
final class CurlEasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        _ = CurlGlobal.initialized
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Points libcurl's error buffer at ours and clears it (must follow every `curl_easy_reset`).
    func armErrorBuffer() {
        errorBuffer[0] = 0
        _ = paygent_curl_setopt_ptr(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    /// The detailed message libcurl wrote for the last failure, if any.
    var errorMessage: String { String(cString: errorBuffer) }

    @inline(__always) func set(_ option: CURLoption, _ value: Int) {
        _ = paygent_curl_setopt_long(raw, option, value)
    }

    @inline(__always) func set(_ option: CURLoption, _ value: String) {
        _ = value.withCString { paygent_curl_setopt_string(raw, option, $0) }
    }

    @inline(__always) func set(_ option: CURLoption, pointer: UnsafeRawPointer?) {
        _ = paygent_curl_setopt_ptr(raw, option, pointer)
    }

    @inline(__always) func set(_ option: CURLoption, offset: Int64) {
        _ = paygent_curl_setopt_off_t(raw, option, curl_off_t(offset))
    }

    func infoLong(_ info: CURLINFO) -> Int {
        var value = 0
        _ = paygent_curl_getinfo_long(raw, info, &value)
        return value
    }

    func infoOffset(_ info: CURLINFO) -> Int64 {
        var value: curl_off_t = 0
        _ = paygent_curl_getinfo_off_t(raw, info, &value)
        return Int64(value)
    }
}
