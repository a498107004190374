#include "model/search_query.hpp"

#include "model/dates.hpp"
#include "model/error.hpp"
#include "model/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace qm::search {
namespace {

struct FieldInfo {
    Field field;
    const char* name;
};

// The whitelist: the only field names the language knows, in the order help lists them.
constexpr std::array<FieldInfo, 17> kFields{{
    {Field::Status, "status"}, {Field::Model, "model"}, {Field::Maker, "maker"}, {Field::Kind, "kind"},
    {Field::Unit, "unit"}, {Field::Holder, "holder"}, {Field::Staff, "staff"}, {Field::Imei, "imei"},
    {Field::Serial, "serial"}, {Field::Tag, "tag"}, {Field::Phone, "phone"}, {Field::Os, "os"},
    {Field::Compliance, "compliance"}, {Field::Hold, "hold"}, {Field::LastSeen, "lastseen"},
    {Field::Issued, "issued"}, {Field::Warranty, "warranty"},
}};

const std::vector<std::string> kStatuses{"in_stock", "issued",       "lost",  "stolen",
                                         "in_repair", "pending_wipe", "wiped", "retired"};
const std::vector<std::string> kCompliance{"compliant", "noncompliant", "ingraceperiod", "conflict",
                                           "error",     "configmanager", "unknown"};

bool isDateField(Field f) { return f == Field::LastSeen || f == Field::Issued || f == Field::Warranty; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + words[i];
    return out;
}

struct Token {
    enum class Kind { Word, Open, Close, Or } kind = Kind::Word;
    bool negated = false;
    std::string field;  // lower-case field name, "" for a free word
    std::string op;     // ":", "<", "<=", ">", ">="
    std::string value;  // quotes removed
    bool quoted = false;
    std::size_t start = 0, end = 0, valueStart = 0;  // byte offsets
};

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    ParseResult run() {
        ParseResult result;
        try {
            check();
            lex();
            Node root = sequence(0);
            if (next_ < tokens_.size()) fail(tokens_[next_], "the bracket at position %P closes nothing");
            Query q;
            q.text = std::string(text_);
            q.scan = scanOf(root);
            q.root = std::move(root);
            result.query = std::move(q);
        } catch (const QueryError& e) {
            result.error = e;
        }
        return result;
    }

private:
    std::size_t charPos(std::size_t byte) const { return characterCount(text_.substr(0, byte)) + 1; }

    [[noreturn]] void failAt(std::size_t byteStart, std::size_t byteEnd, std::string message) const {
        QueryError e;
        e.position = charPos(byteStart);
        e.length = std::max<std::size_t>(1, characterCount(text_.substr(byteStart, byteEnd - byteStart)));
        auto at = message.find("%P");
        if (at != std::string::npos) message.replace(at, 2, std::to_string(e.position));
        e.message = std::move(message);
        throw e;
    }
    [[noreturn]] void fail(const Token& t, std::string message) const { failAt(t.start, t.end, std::move(message)); }

    void check() const {
        if (characterCount(text_) > kMaxQueryCharacters)
            throw QueryError{"The search is " + std::to_string(characterCount(text_)) +
                                 " characters long; the most it may be is " + std::to_string(kMaxQueryCharacters) + ".",
                             kMaxQueryCharacters + 1, 1};
        std::size_t bad = 0;
        if (!isValidUtf8(text_, &bad)) failAt(bad, bad + 1, "The search is not valid UTF-8 text at position %P.");
        for (std::size_t i = 0; i < text_.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(text_[i]);
            bool c1 = c == 0xC2 && i + 1 < text_.size() && static_cast<unsigned char>(text_[i + 1]) < 0xA0;
            if ((c < 0x20 && c != '\t') || c == 0x7F || c1)
                failAt(i, i + 1, "The search has a control character at position %P; type or paste plain text.");
        }
    }

    static bool space(char c) { return c == ' ' || c == '\t'; }
    static bool ends(char c) { return space(c) || c == '(' || c == ')'; }

    void lex() {
        std::size_t i = 0;
        const std::size_t n = text_.size();
        while (i < n) {
            if (space(text_[i])) { ++i; continue; }
            Token t;
            t.start = i;
            if (text_[i] == ')') {
                t.kind = Token::Kind::Close;
                t.end = ++i;
                tokens_.push_back(t);
                continue;
            }
            if (text_[i] == '-') {
                if (i + 1 >= n || space(text_[i + 1]) || text_[i + 1] == ')')
                    failAt(i, i + 1, "The '-' at position %P needs a term right after it, as in -status:retired.");
                t.negated = true;
                ++i;
            }
            if (text_[i] == '(') {
                t.kind = Token::Kind::Open;
                t.end = ++i;
                tokens_.push_back(t);
                continue;
            }
            // field name: letters followed by : < > (a word with such a character must name a field)
            std::size_t j = i;
            while (j < n && std::isalpha(static_cast<unsigned char>(text_[j]))) ++j;
            if (j > i && j < n && (text_[j] == ':' || text_[j] == '<' || text_[j] == '>')) {
                t.field = lower(text_.substr(i, j - i));
                t.op = std::string(1, text_[j]);
                ++j;
                if (t.op != ":" && j < n && text_[j] == '=') {
                    t.op += '=';
                    ++j;
                }
                i = j;
            }
            t.valueStart = i;
            while (i < n && !ends(text_[i])) {
                if (text_[i] == '"') {
                    std::size_t close = text_.find('"', i + 1);
                    if (close == std::string_view::npos)
                        failAt(i, n, "The quote at position %P is not closed; end the phrase with another \".");
                    t.value.append(text_.substr(i + 1, close - i - 1));
                    t.quoted = true;
                    i = close + 1;
                } else {
                    t.value += text_[i++];
                }
            }
            t.end = i;
            if (!t.negated && t.field.empty() && !t.quoted && t.value == "OR") t.kind = Token::Kind::Or;
            tokens_.push_back(std::move(t));
        }
    }

    bool atEnd() const { return next_ >= tokens_.size(); }
    const Token& peek() const { return tokens_[next_]; }

    Node sequence(std::size_t depth) {
        Node all;
        all.kind = Node::Kind::All;
        while (!atEnd() && peek().kind != Token::Kind::Close) all.children.push_back(either(depth));
        if (all.children.size() == 1) return std::move(all.children.front());
        return all;
    }

    Node either(std::size_t depth) {
        Node first = unary(depth);
        if (atEnd() || peek().kind != Token::Kind::Or) return first;
        Node any;
        any.kind = Node::Kind::Any;
        any.children.push_back(std::move(first));
        while (!atEnd() && peek().kind == Token::Kind::Or) {
            const Token& orToken = tokens_[next_++];
            if (atEnd() || peek().kind == Token::Kind::Close || peek().kind == Token::Kind::Or)
                fail(orToken, "OR at position %P needs a term on both sides, as in model:a52 OR model:a54.");
            any.children.push_back(unary(depth));
        }
        return any;
    }

    Node unary(std::size_t depth) {
        const Token& t = tokens_[next_++];
        if (t.kind == Token::Kind::Or)
            fail(t, "OR at position %P needs a term on both sides, as in model:a52 OR model:a54.");
        if (t.kind == Token::Kind::Close) fail(t, "The bracket at position %P closes nothing.");
        Node node;
        if (t.kind == Token::Kind::Open) {
            if (depth + 1 > kMaxDepth)
                fail(t, "Brackets are nested too deeply at position %P; the most is " + std::to_string(kMaxDepth) + ".");
            node = sequence(depth + 1);
            if (atEnd()) fail(t, "The bracket at position %P is not closed.");
            const Token& close = tokens_[next_++];
            if (node.kind == Node::Kind::All && node.children.empty())
                failAt(t.start, close.end, "The brackets at position %P hold no term.");
        } else {
            if (++terms_ > kMaxTerms)
                fail(t, "The search has too many terms (more than " + std::to_string(kMaxTerms) + ") at position %P.");
            node.kind = Node::Kind::Term;
            node.term = term(t);
        }
        if (!t.negated) return node;
        Node no;
        no.kind = Node::Kind::Not;
        no.children.push_back(std::move(node));
        return no;
    }

    [[noreturn]] void failValue(const Token& t, std::string message) const {
        failAt(t.valueStart, t.end, std::move(message));
    }

    Term term(const Token& t) {
        Term term;
        term.position = charPos(t.start);
        term.value = trimmed(t.value);
        if (t.field.empty()) {
            if (term.value.empty()) fail(t, "The phrase at position %P is empty.");
            return term;
        }
        auto found = std::find_if(kFields.begin(), kFields.end(), [&](const FieldInfo& f) { return t.field == f.name; });
        if (found == kFields.end())
            failAt(t.start + (t.negated ? 1 : 0), t.valueStart,
                   "Unknown field '" + t.field + "' at position %P; the fields are " + joined(fieldNames()) + ".");
        term.field = found->field;
        const std::string name = found->name;
        if (term.value.empty())
            fail(t, "'" + name + t.op + "' at position %P needs a value, as in " + example(term.field) + ".");
        if (isDateField(term.field)) return dateTerm(t, std::move(term), name);
        if (t.op != ":")
            fail(t, "'" + name + "' at position %P compares with ':' only, as in " + example(term.field) + ".");
        switch (term.field) {
        case Field::Status: {
            std::string s = lower(term.value);
            std::replace(s.begin(), s.end(), ' ', '_');
            std::replace(s.begin(), s.end(), '-', '_');
            if (std::find(kStatuses.begin(), kStatuses.end(), s) == kStatuses.end())
                failValue(t, "Unknown status '" + term.value + "' at position %P; the statuses are " + joined(kStatuses) + ".");
            term.value = s;
            break;
        }
        case Field::Kind:
            term.value = lower(term.value);
            if (term.value != "phone" && term.value != "tablet")
                failValue(t, "Unknown kind '" + t.value + "' at position %P; the kinds are phone and tablet.");
            break;
        case Field::Compliance: {
            std::string c;
            for (char ch : lower(term.value))
                if (ch != ' ' && ch != '-' && ch != '_') c += ch;
            if (std::find(kCompliance.begin(), kCompliance.end(), c) == kCompliance.end())
                failValue(t, "Unknown compliance state '" + t.value + "' at position %P; the states are " +
                                 joined(kCompliance) + ".");
            term.value = c;
            break;
        }
        case Field::Hold: {
            std::string v = lower(term.value);
            if (v == "yes" || v == "true" || v == "on") term.value = "yes";
            else if (v == "no" || v == "false" || v == "off") term.value = "no";
            else failValue(t, "'hold:' at position %P takes yes or no.");
            break;
        }
        case Field::Imei: {
            std::string digits;
            for (char c : term.value)
                if (c != ' ' && c != '-') digits += c;
            if (digits.empty() || digits.size() > 16 ||
                digits.find_first_not_of("0123456789") != std::string::npos)
                failValue(t, "'imei:' at position %P takes digits, as in imei:3548.");
            term.value = digits;
            break;
        }
        case Field::Phone: {
            std::string digits;
            for (char c : term.value)
                if (c != ' ' && c != '-' && c != '(' && c != ')') digits += c;
            bool plus = !digits.empty() && digits[0] == '+';
            if (plus) digits.erase(0, 1);
            if (digits.empty() || digits.size() > 15 ||
                digits.find_first_not_of("0123456789") != std::string::npos)
                failValue(t, "'phone:' at position %P takes a phone number or part of one, as in phone:07700.");
            // A UK number typed the national way (07700 900123) is stored as +447700900123.
            if (!plus && digits.size() > 1 && digits[0] == '0') digits.erase(0, 1);
            term.value = (plus ? "+" : "") + digits;
            break;
        }
        case Field::Tag:
        case Field::Serial:
        case Field::Staff: term.value = upper(term.value); break;
        default: break;
        }
        return term;
    }

    Term dateTerm(const Token& t, Term term, const std::string& name) {
        const std::string& v = term.value;
        if (t.op == ":") term.compare = Compare::Has;
        else if (t.op == "<") term.compare = Compare::Less;
        else if (t.op == "<=") term.compare = Compare::LessOrEqual;
        else if (t.op == ">") term.compare = Compare::Greater;
        else term.compare = Compare::GreaterOrEqual;
        if (lower(v) == "never") {
            if (term.field != Field::LastSeen || term.compare != Compare::Has)
                failValue(t, "'never' at position %P works only as lastseen:never.");
            term.never = true;
            return term;
        }
        std::size_t digits = 0;
        while (digits < v.size() && std::isdigit(static_cast<unsigned char>(v[digits]))) ++digits;
        if (digits > 0 && digits == v.size() - 1 && std::string_view("dwmy").find(static_cast<char>(std::tolower(static_cast<unsigned char>(v.back())))) != std::string_view::npos) {
            int n = digits > 5 ? 100000 : std::stoi(v.substr(0, digits));
            switch (std::tolower(static_cast<unsigned char>(v.back()))) {
            case 'w': n *= 7; break;
            case 'm': n *= 30; break;
            case 'y': n *= 365; break;
            default: break;
            }
            if (n > 36500 || n < 0)
                failValue(t, "The span '" + v + "' at position %P is longer than 100 years; write a date instead.");
            if (term.compare == Compare::Has)
                fail(t, "'" + name + ":" + v + "' at position %P needs < or > with a span, as in " + example(term.field) + ".");
            term.days = n;
            return term;
        }
        try {
            term.date = parseDate(v, name).iso();
        } catch (const Error&) {
            failValue(t, "'" + v + "' at position %P is not a date or a span; write 2026-01-31, or 30d, 8w, 6m, 1y.");
        }
        return term;
    }

    static std::string example(Field f) {
        switch (f) {
        case Field::Status: return "status:issued";
        case Field::Model: return "model:a52";
        case Field::Maker: return "maker:apple";
        case Field::Kind: return "kind:tablet";
        case Field::Unit: return "unit:\"Central West\"";
        case Field::Holder: return "holder:smith";
        case Field::Staff: return "staff:210";
        case Field::Imei: return "imei:3548";
        case Field::Serial: return "serial:R58M";
        case Field::Tag: return "tag:MPS-001";
        case Field::Phone: return "phone:07700";
        case Field::Os: return "os:ios";
        case Field::Compliance: return "compliance:noncompliant";
        case Field::Hold: return "hold:yes";
        case Field::LastSeen: return "lastseen>30d";
        case Field::Issued: return "issued>2026-01-01";
        case Field::Warranty: return "warranty<2027-06-30";
        case Field::Text: break;
        }
        return "galaxy";
    }

    // A lone bare word shaped like an asset tag, serial or IMEI may be a scan.
    static std::string scanOf(const Node& root) {
        if (root.kind != Node::Kind::Term || root.term.field != Field::Text) return {};
        const std::string& v = root.term.value;
        if (v.size() < 4 || v.size() > 40) return {};
        for (char c : v)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '.' && c != '-') return {};
        return upper(v);
    }

    std::string_view text_;
    std::vector<Token> tokens_;
    std::size_t next_ = 0;
    std::size_t terms_ = 0;
};

}  // namespace

ParseResult parse(std::string_view text) { return Parser(text).run(); }

Query parseOrThrow(std::string_view text) {
    ParseResult r = parse(text);
    if (r.error) throw invalid("query", r.error->message);
    return std::move(*r.query);
}

const std::vector<std::string>& fieldNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& f : kFields) out.emplace_back(f.name);
        return out;
    }();
    return names;
}

std::string_view fieldName(Field field) {
    for (const auto& f : kFields)
        if (f.field == field) return f.name;
    return "text";
}

std::vector<std::string> fieldValues(Field field) {
    switch (field) {
    case Field::Status: return kStatuses;
    case Field::Kind: return {"phone", "tablet"};
    case Field::Compliance: return kCompliance;
    case Field::Hold: return {"yes", "no"};
    case Field::LastSeen: return {"never", ">30d", "<7d"};
    default: return {};
    }
}

std::string escapeLike(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\' || c == '%' || c == '_') out += '\\';
        out += c;
    }
    return out;
}

}  // namespace qm::search
