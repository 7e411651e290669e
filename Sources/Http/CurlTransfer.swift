import Synchronization
internal import CCurl

/// What a transfer does with the response body.
enum CurlBodyMode {
    /// Collect the body into ``HTTPResponse/body``.
    case buffered
    /// Hand the head, then each chunk, to the callbacks as they arrive (on the engine thread).
    case streaming(onHead: @Sendable (HTTPResponseHead) -> Void, onChunk: @Sendable ([UInt8]) -> Void)
}

/// One request in flight: a configured easy handle, the request's owned buffers, and the response
/// being assembled by libcurl's callbacks.
///
/// Threading: built and configured on the caller's thread; after ``CurlEngine/submit(_:)`` every
/// mutable field is touched only by the engine thread (callbacks run inside `curl_multi_perform`),
/// except the cancel flag, which is locked.
final class CurlTransfer: @unchecked Sendable {
    let handle: CurlEasyHandle
    private let pool: CurlHandlePool
    private let mode: CurlBodyMode
    private let bodyLimit: Int?
    private let headerLimit: Int
    /// Longest silence allowed between received bytes (enforced by the engine loop).
    let idleTimeout: Duration?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var requestBody: UnsafeMutableRawBufferPointer?
    private let cancelFlag = Mutex(false)

    // Engine-thread state.
    var continuation: UnsafeContinuation<Result<HTTPResponse, HTTPError>, Never>?
    private(set) var isFinished = false
    private var failure: HTTPError?
    private var headers = HTTPHeaders()
    private var headerBytes = 0
    private var body: [UInt8] = []
    private var bodyBytes = 0
    private var bodyStarted = false
    private var headDelivered = false
    /// When the last byte arrived (or the transfer started); kept only when ``idleTimeout`` is set.
    var lastActivity = ContinuousClock.Instant.now

    init(request: HTTPRequest, configuration: HTTPClient.Configuration, pool: CurlHandlePool, mode: CurlBodyMode) throws(HTTPError) {
        try Self.validate(request)
        guard let handle = pool.checkout() else {
            throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "cannot allocate a curl handle")
        }
        self.handle = handle
        self.pool = pool
        self.mode = mode
        let streaming = if case .streaming = mode { true } else { false }
        bodyLimit = request.maxResponseBodySize ?? (streaming ? nil : configuration.maxResponseBodySize)
        headerLimit = configuration.maxResponseHeaderSize
        idleTimeout = request.idleTimeout.map { max($0, .milliseconds(1)) }
        try configure(request, configuration, streaming: streaming)
    }

    deinit {
        if let headerList { curl_slist_free_all(headerList) }
        requestBody?.deallocate()
        pool.checkin(handle)
    }

    // MARK: Cancellation (any thread)

    func requestCancel() { cancelFlag.withLock { $0 = true } }

    var isCancelRequested: Bool { cancelFlag.withLock { $0 } }

    // MARK: Completion (engine thread)

    /// Resumes the caller exactly once.
    func finish(_ result: Result<HTTPResponse, HTTPError>) {
        guard !isFinished else { return }
        isFinished = true
        let continuation = self.continuation
        self.continuation = nil
        continuation?.resume(returning: result)
    }

    /// Turns libcurl's result for this transfer into the caller's result.
    func complete(code: CURLcode) {
        let result: Result<HTTPResponse, HTTPError>
        if let failure {
            result = .failure(failure)
        } else if code == CURLE_OK {
            if case .streaming(let onHead, _) = mode { deliverHead(onHead) }
            let metrics = HTTPTransferMetrics(
                newConnections: handle.infoLong(CURLINFO_NUM_CONNECTS),
                totalTime: .microseconds(handle.infoOffset(CURLINFO_TOTAL_TIME_T))
            )
            result = .success(HTTPResponse(status: handle.infoLong(CURLINFO_RESPONSE_CODE), headers: headers, body: body, metrics: metrics))
            body = []
        } else if isCancelRequested {
            result = .failure(.cancelled)
        } else if code == CURLE_FILESIZE_EXCEEDED, let bodyLimit {
            result = .failure(.tooLarge(limit: bodyLimit))
        } else {
            result = .failure(.fromCurl(code, detail: handle.errorMessage))
        }
        finish(result)
    }

    // MARK: libcurl callbacks (engine thread)

    fileprivate func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        bodyStarted = true
        if idleTimeout != nil { lastActivity = .now }
        if let bodyLimit, chunk.count > bodyLimit - bodyBytes {
            failure = .tooLarge(limit: bodyLimit)
            return 0
        }
        bodyBytes += chunk.count
        switch mode {
        case .buffered:
            if body.capacity == 0 {
                let expected = handle.infoOffset(CURLINFO_CONTENT_LENGTH_DOWNLOAD_T)
                if expected > 0 { body.reserveCapacity(Int(min(expected, Int64(bodyLimit ?? 1 << 24)))) }
            }
            body.append(contentsOf: chunk)
        case .streaming(let onHead, let onChunk):
            deliverHead(onHead)
            onChunk(Array(chunk))
        }
        return chunk.count
    }

    fileprivate func receiveHeader(_ line: UnsafeRawBufferPointer) -> Int {
        headerBytes += line.count
        if idleTimeout != nil { lastActivity = .now }
        if headerBytes > headerLimit {
            failure = .headersTooLarge(limit: headerLimit)
            return 0
        }
        if bodyStarted { return line.count } // trailers are not reported
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\n") || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        guard end > 0 else { return line.count } // end of a header block
        let text = UnsafeRawBufferPointer(rebasing: line[0..<end])
        if text.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders() // a new (interim, redirect or final) response begins
        } else if text[0] == UInt8(ascii: " ") || text[0] == UInt8(ascii: "\t") {
            headers.appendToLastValue(" " + Self.trimmed(text))
        } else if let colon = text.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: text[0..<colon]), as: UTF8.self)
            headers.add(name, Self.trimmed(UnsafeRawBufferPointer(rebasing: text[(colon + 1)...])))
        }
        return line.count
    }

    private func deliverHead(_ onHead: @Sendable (HTTPResponseHead) -> Void) {
        guard !headDelivered else { return }
        headDelivered = true
        onHead(HTTPResponseHead(status: handle.infoLong(CURLINFO_RESPONSE_CODE), headers: headers))
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> String {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    // MARK: Set-up (caller's thread)

    private static func validate(_ request: HTTPRequest) throws(HTTPError) {
        let url = request.url.utf8
        guard !url.isEmpty else { throw .invalidURL("empty URL") }
        if url.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw .invalidURL("URL contains whitespace or control characters: \(request.url.debugDescription)")
        }
        let lower = request.url.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw .invalidURL("not an absolute http(s) URL: \(request.url)")
        }
        guard request.method.isValidToken else {
            throw .invalidRequest("invalid method \(request.method.rawValue.debugDescription)")
        }
        if request.method == .head, request.body != nil {
            throw .invalidRequest("a HEAD request cannot have a body")
        }
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(HTTPHeaders.isTokenByte) else {
                throw .invalidRequest("invalid header name \(field.name.debugDescription)")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw .invalidRequest("header \(field.name) has a line break or NUL in its value")
            }
        }
    }

    private func configure(_ request: HTTPRequest, _ configuration: HTTPClient.Configuration, streaming: Bool) throws(HTTPError) {
        let h = handle
        h.armErrorBuffer()
        h.set(CURLOPT_URL, request.url)
        h.set(CURLOPT_NOSIGNAL, 1)
        h.set(CURLOPT_TCP_NODELAY, 1)
        h.set(CURLOPT_TCP_KEEPALIVE, 1)
        h.set(CURLOPT_PROTOCOLS_STR, "http,https")
        h.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        if configuration.followRedirects {
            h.set(CURLOPT_FOLLOWLOCATION, 1)
            h.set(CURLOPT_MAXREDIRS, configuration.maxRedirects)
        }
        h.set(CURLOPT_CONNECTTIMEOUT_MS, (request.connectTimeout ?? configuration.connectTimeout).curlMilliseconds)
        if let total = request.timeout ?? (streaming ? nil : configuration.timeout) {
            h.set(CURLOPT_TIMEOUT_MS, total.curlMilliseconds)
        }
        if let bodyLimit { h.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(bodyLimit)) }
        if let agent = configuration.userAgent, !request.headers.contains("User-Agent") {
            h.set(CURLOPT_USERAGENT, agent)
        }

        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = paygent_curl_setopt_write(h.raw) { data, size, count, me in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(me!).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        h.set(CURLOPT_WRITEDATA, pointer: me)
        _ = paygent_curl_setopt_header(h.raw) { data, size, count, me in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(me!).takeUnretainedValue()
            return transfer.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        h.set(CURLOPT_HEADERDATA, pointer: me)
        h.set(CURLOPT_NOPROGRESS, 0)
        _ = paygent_curl_setopt_xferinfo(h.raw) { me, _, _, _, _ in
            Unmanaged<CurlTransfer>.fromOpaque(me!).takeUnretainedValue().isCancelRequested ? 1 : 0
        }
        h.set(CURLOPT_XFERINFODATA, pointer: me)
        h.set(CURLOPT_PRIVATE, pointer: me)

        // Method and body.
        let method = request.method
        var sendsBody = false
        switch method {
        case .get where request.body == nil:
            h.set(CURLOPT_HTTPGET, 1)
        case .head:
            h.set(CURLOPT_NOBODY, 1)
        default:
            if request.body != nil || method == .post || method == .put || method == .patch {
                let bytes = request.body ?? []
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
                buffer.copyBytes(from: bytes)
                requestBody = buffer
                h.set(CURLOPT_POST, 1)
                h.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(bytes.count))
                h.set(CURLOPT_POSTFIELDS, pointer: buffer.baseAddress)
                sendsBody = true
            }
            if method != .post { h.set(CURLOPT_CUSTOMREQUEST, method.rawValue) }
        }

        // Headers. An empty value must be written "Name;" (libcurl drops "Name:" lines);
        // "Name:" lines remove libcurl's defaults.
        var list: UnsafeMutablePointer<curl_slist>?
        func append(_ line: String) throws(HTTPError) {
            guard let next = curl_slist_append(list, line) else {
                throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "cannot allocate request headers")
            }
            list = next
            headerList = next
        }
        for field in request.headers {
            try append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        if !request.headers.contains("Expect") { try append("Expect:") }
        if sendsBody, !request.headers.contains("Content-Type") { try append("Content-Type:") }
        h.set(CURLOPT_HTTPHEADER, pointer: list)
    }
}
