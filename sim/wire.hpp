// The simulator's wire vocabulary: JSON string literals, Graph timestamps, GUIDs, base64 and
// URL percent-coding, plus the small deterministic random source everything else draws from.
//
// Pages of a 200,000-device fleet are written by hand into one std::string per response, so
// these helpers append to a caller's buffer instead of returning new strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qm::sim {

// ---- Time: "ticks" are 100 ns units since the Unix epoch, Graph's 7 fractional digits -------
inline constexpr std::int64_t kTicksPerSecond = 10'000'000;
inline constexpr std::int64_t kTicksPerDay = 86'400 * kTicksPerSecond;

std::int64_t nowTicks();
void appendTimestamp(std::string& out, std::int64_t ticks);  // 2024-05-01T10:02:49.3205976Z
std::string timestamp(std::int64_t ticks);
std::string timestampSeconds(std::int64_t ticks);            // 2024-05-01T10:02:49 (innerError)
std::string timestampAad(std::int64_t ticks);                // 2024-05-01 10:02:49Z (token errors)

// ---- JSON ------------------------------------------------------------------------------------
void appendJsonString(std::string& out, std::string_view text);  // with the quotes
std::string jsonString(std::string_view text);
std::string jsonUnquote(std::string_view literal);  // inverse of jsonString for our own literals

// ---- Randomness ------------------------------------------------------------------------------
constexpr std::uint64_t splitmix64(std::uint64_t z) noexcept {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// A tiny deterministic generator: the same seed gives the same fleet on every platform, which
// <random>'s distributions do not promise.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() noexcept { return splitmix64(state_++ * 0x9E3779B97F4A7C15ULL + 1); }
    std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : next() % n; }
    double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    bool chance(double p) noexcept { return unit() < p; }

private:
    std::uint64_t state_;
};

std::uint64_t hashText(std::string_view text);  // FNV-1a then mixed: stable per-value choices

// ---- Identifiers -----------------------------------------------------------------------------
std::string randomGuid();                            // version 4, from OpenSSL's RAND_bytes
std::string guidFromBytes(const unsigned char bytes[16]);
std::string nameGuid(std::string_view name);         // the same GUID for the same name (SHA-256)
std::string randomToken(std::size_t bytes);          // base64url, for opaque access tokens

// ---- Encodings -------------------------------------------------------------------------------
std::string base64(std::string_view bytes);                   // standard alphabet, padded
bool unbase64(std::string_view text, std::string& bytes);     // false when not valid base64
std::string percentEncode(std::string_view text, std::string_view keep = "");
std::string percentDecode(std::string_view text);             // '+' is a space, as in forms

bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace qm::sim
