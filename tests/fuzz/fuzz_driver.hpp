// The small mutation driver the fuzz targets share when they are not built as libFuzzer
// targets: it feeds the seeds, then `--runs N` mutations of them (`--seed S`), to the target's
// LLVMFuzzerTestOneInput. A crash, hang or escaped exception fails the test run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace qm::fuzz {

inline std::string mutate(std::string s, const std::vector<std::string>& tokens, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> op(0, 5);
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
        const std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
        switch (op(rng)) {
        case 0: if (!s.empty() && at < s.size()) s.erase(at, 1 + rng() % 8); break;
        case 1: s.insert(at, tokens[rng() % tokens.size()]); break;
        case 2: if (at < s.size()) s[at] = static_cast<char>(rng() % 256); break;
        case 3: s = s.substr(0, at); break;                                // cut short
        case 4: if (at < s.size()) s.insert(at, s.substr(at, 64)); break;  // repeat a stretch
        case 5: s.insert(at, std::string(1 + rng() % 200, tokens[rng() % tokens.size()].front())); break;
        }
    }
    return s;
}

inline int runDriver(int argc, char** argv, const char* name, const std::vector<std::string>& seeds,
                     const std::vector<std::string>& tokens) {
    long runs = 20000;
    unsigned long long seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--runs") runs = std::strtol(argv[i + 1], nullptr, 10);
        else if (flag == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    }
    std::mt19937_64 rng(seed);
    for (const auto& s : seeds) LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    for (long r = 0; r < runs; ++r) {
        std::string input = mutate(seeds[rng() % seeds.size()], tokens, rng);
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    }
    std::printf("%s fuzz: %ld mutated inputs (seed %llu), no crash\n", name, runs, seed);
    return 0;
}

}  // namespace qm::fuzz
