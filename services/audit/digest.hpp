// SHA-256 and HMAC-SHA-256 (OpenSSL's libcrypto) for checking the audit chain outside the
// database and for signing its anchors with a key the database never holds.
#pragma once

#include <string>
#include <string_view>

namespace qm::services {

std::string sha256(std::string_view data);                              // 32 raw bytes
std::string hmacSha256(std::string_view key, std::string_view data);    // 32 raw bytes
std::string toHex(std::string_view bytes);                              // lower case
bool equalInConstantTime(std::string_view a, std::string_view b);

}  // namespace qm::services
