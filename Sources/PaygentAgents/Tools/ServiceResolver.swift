import PaygentCore
import PaygentFoundation

/// Finds registry services by id or by loose name ("market data", "the news feed").
enum ServiceResolver {
    static let weakWords: Set<String> = ["api", "apis", "service", "services", "endpoint", "the", "a", "an", "of", "for", "to", "and"]

    /// Lower-case words of `text` (split on anything but letters and digits), singular-ish.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result.map(stem)
    }

    static func stem(_ word: String) -> String {
        word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") ? String(word.dropLast()) : word
    }

    /// Every service in the registry (up to 1,000), best reputation first.
    static func all(_ paygent: any AgentHost) async throws(AgentFailure) -> [Service] {
        var services: [Service] = []
        var offset = 0
        while offset < 1000 {
            let page: Page<Service>
            do {
                page = try await paygent.discoverServices(ServiceQuery(page: PageRequest(offset: offset, limit: 100)))
            } catch {
                throw AgentFailure(.internal, "registry lookup failed: \(errorMessage(error))")
            }
            services += page.items
            offset += page.items.count
            if !page.hasMore || page.items.isEmpty { break }
        }
        return services
    }

    /// How well `service` matches the query words (0 = not at all).
    static func score(_ service: Service, query: [String], phrase: String) -> Int {
        if service.name.lowercased() == phrase { return 10_000 }
        let strong = query.filter { !weakWords.contains($0) }
        let wanted = strong.isEmpty ? query : strong
        guard !wanted.isEmpty else { return 0 }
        let name = Set(words(service.name))
        let category = Set(words(service.category))
        let description = Set(words(service.description))
        var score = 0
        var matched = 0
        for word in wanted {
            if name.contains(word) { score += 10; matched += 1 }
            else if category.contains(word) { score += 6; matched += 1 }
            else if description.contains(word) { score += 2; matched += 1 }
        }
        guard matched > 0 else { return 0 }
        if matched == wanted.count { score += 50 }
        if Set(words(service.name)) == Set(query) { score += 100 }
        return score
    }

    /// Services matching `text`, best first (score, then reputation, then price).
    static func matches(_ text: String, in services: [Service]) -> [Service] {
        let query = words(text)
        let phrase = text.lowercased().trimmed()
        return services
            .map { ($0, score($0, query: query, phrase: phrase)) }
            .filter { $0.1 > 0 }
            .sorted { a, b in
                if a.1 != b.1 { return a.1 > b.1 }
                if a.0.reputationScore != b.0.reputationScore { return a.0.reputationScore > b.0.reputationScore }
                if a.0.priceUSD != b.0.priceUSD { return a.0.priceUSD < b.0.priceUSD }
                return a.0.name < b.0.name
            }
            .map(\.0)
    }

    /// The service `reference` names: an id (`svc_…`), an endpoint URL, or a name.
    static func resolve(_ reference: String, paygent: any AgentHost) async throws(AgentFailure) -> Service {
        let text = reference.trimmed()
        guard !text.isEmpty, text.count <= 200 else {
            throw AgentFailure(.invalidArguments, "service must be a name or id of 1…200 characters")
        }
        if text.hasPrefix("svc_") {
            do {
                return try await paygent.service(id: text)
            } catch {
                throw AgentFailure(.notFound, errorMessage(error))
            }
        }
        let services = try await all(paygent)
        if let exact = services.first(where: { $0.endpoint == text }) { return exact }
        guard let best = matches(text, in: services).first else {
            throw AgentFailure(.notFound, "no registered service matches \"\(UntrustedText.line(text, maxWidth: 80))\"")
        }
        return best
    }
}
