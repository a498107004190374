// qm-mdm-sim's usage line, in one place: main.cpp prints it for --help and the man page
// generator (installer/manpage.cpp) makes qm-mdm-sim(1) from it.
#pragma once

namespace qm::sim {

inline constexpr const char* kSimulatorUsage =
    "usage: qm-mdm-sim --state-dir DIR [--port N] [--bind ADDRESS] [--cert FILE --key FILE]\n"
    "                  [--cert-names NAME,...] [--devices N] [--seed S] [--fixture FILE.json]\n"
    "                  [--from-register CONNINFO] [--drift P] [--client-id ID --client-secret S]\n"
    "                  [--token-lifetime SECONDS] [--action-delay-ms N] [--fail-devices ID_OR_SERIAL,...]\n"
    "                  [--checkin-every SECONDS] [--faults JSON] [--verbose]\n";

}  // namespace qm::sim
