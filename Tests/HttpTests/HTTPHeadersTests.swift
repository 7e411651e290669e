import Testing
import Http

@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndKeepsEveryValue() {
        var headers: HTTPHeaders = ["Payment-Required": "abc", "Set-Cookie": "a=1"]
        headers.add("set-cookie", "b=2")
        #expect(headers["payment-required"] == "abc")
        #expect(headers["PAYMENT-REQUIRED"] == "abc")
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers["Set-Cookie"] == "a=1")
        #expect(headers.contains("set-COOKIE"))
        #expect(headers["missing"] == nil)
        #expect(headers.values(for: "missing").isEmpty)
        #expect(headers.count == 3)
    }

    @Test func settingReplacesAllAndNilRemoves() {
        var headers: HTTPHeaders = [:]
        headers.add("X-A", "1")
        headers.add("x-a", "2")
        headers.add("Other", "o")
        headers["X-a"] = "3"
        #expect(headers.values(for: "x-a") == ["3"])
        #expect(Array(headers).map(\.name) == ["X-A", "Other"])
        headers["NEW"] = "n"
        #expect(Array(headers).last == HTTPHeaders.Field(name: "NEW", value: "n"))
        headers["x-A"] = nil
        #expect(!headers.contains("x-a"))
        headers.remove("other")
        #expect(headers.count == 1)
    }

    @Test func equalityIgnoresNameCaseButNotOrderOrValues() {
        #expect(HTTPHeaders([("A", "1"), ("b", "2")]) == HTTPHeaders([("a", "1"), ("B", "2")]))
        #expect(HTTPHeaders([("A", "1"), ("b", "2")]) != HTTPHeaders([("b", "2"), ("A", "1")]))
        #expect(HTTPHeaders([("A", "1")]) != HTTPHeaders([("A", "x")]))
    }
}
