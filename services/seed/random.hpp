// Deterministic randomness for the demo-data generator (services/seed/).
//
// Every value the generator invents is a pure function of (seed, salt, index), so any row can be
// made on its own, in any order, on any machine, with byte-identical results. That is why this
// file exists instead of <random>: std::uniform_int_distribution and friends are
// implementation-defined and would give different fleets on GCC, Clang and MSVC.
#pragma once

#include <cstdint>

namespace qm::services::seed {

// splitmix64's finaliser: a fast bijection on 64-bit values with good avalanche.
constexpr std::uint64_t splitmix64(std::uint64_t z) noexcept {
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// The one source of "randomness": independent streams per salt, one value per index.
constexpr std::uint64_t draw(std::uint64_t key, std::uint64_t salt, std::uint64_t index) noexcept {
    return splitmix64(splitmix64(key + salt * 0xD1342543DE82EF95ULL) ^ index);
}

// A keyed pseudo-random permutation of [0, size): a 4-round Feistel network over the smallest
// even number of bits that covers size, with cycle-walking back into range. Unique inputs give
// unique outputs by construction, which is how asset tags, serials, IMEIs and phone numbers
// stay collision-free without a lookup table. Costs a few nanoseconds per call.
class Permutation {
public:
    Permutation() = default;
    Permutation(std::uint64_t size, std::uint64_t key) : size_(size) {
        unsigned bits = 2;
        while (bits < 62 && (std::uint64_t{1} << bits) < size) bits += 2;
        half_ = bits / 2;
        mask_ = (std::uint64_t{1} << half_) - 1;
        for (unsigned r = 0; r < 4; ++r) keys_[r] = splitmix64(key + r * 0x9E3779B97F4A7C15ULL);
    }

    std::uint64_t size() const noexcept { return size_; }

    // Precondition: i < size().
    std::uint64_t operator()(std::uint64_t i) const noexcept {
        std::uint64_t x = i;
        do {
            x = encrypt(x);
        } while (x >= size_);
        return x;
    }

private:
    std::uint64_t encrypt(std::uint64_t x) const noexcept {
        std::uint64_t left = x >> half_;
        std::uint64_t right = x & mask_;
        for (std::uint64_t k : keys_) {
            const std::uint64_t next = left ^ (splitmix64(right ^ k) & mask_);
            left = right;
            right = next;
        }
        return (left << half_) | right;
    }

    std::uint64_t size_ = 0;
    unsigned half_ = 1;
    std::uint64_t mask_ = 1;
    std::uint64_t keys_[4] = {};
};

}  // namespace qm::services::seed
