// qm-manpage — writes the man pages qmctl(1), quartermaster(1) and qm-mdm-sim(1) at build
// time, from the texts the programs' --help prints (cli/help.hpp, gui/options.hpp,
// sim/usage.hpp): one source, so the page
// and the help cannot drift. Usage: qm-manpage qmctl|quartermaster|qm-mdm-sim VERSION DATE OUT.1
#include "cli/help.hpp"
#include "gui/options.hpp"
#include "sim/usage.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

// roff: backslashes doubled, minus signs marked, and a line starting with '.' or '\'' kept as
// text.
std::string roff(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
    return out;
}

// UTF-8 punctuation the help uses, in roff's own escapes (man pages stay ASCII).
std::string ascii(std::string text) {
    const std::pair<std::string, std::string> swaps[] = {
        {"\xe2\x80\x94", "\\(em"}, {"\xe2\x80\x93", "\\(en"}, {"\xe2\x80\x99", "'"}, {"\xe2\x80\xa6", "..."}};
    for (const auto& [from, to] : swaps)
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    return text;
}

void header(const std::string& name, const std::string& version, const std::string& date, const std::string& what) {
    std::cout << ".TH " << name << " 1 \"" << date << "\" \"Quartermaster " << version << "\" \"User Commands\"\n"
              << ".SH NAME\n"
              << name << " \\- " << what << "\n";
}

void qmctl(const std::string& version, const std::string& date) {
    header("qmctl", version, date, "the command line of the Quartermaster device register");
    std::istringstream help(qm::cli::kQmctlHelp);
    std::string line;
    std::getline(help, line);  // the title, in NAME above
    std::cout << ".SH SYNOPSIS\n.B qmctl\n[\\-\\-db CONNINFO] [\\-\\-format table|csv|json] COMMAND ...\n"
              << ".SH DESCRIPTION\n"
                 "Every operation of the Quartermaster console can be scripted with qmctl: the custody desk, "
                 "the register, imports and exports, searches and reports, receipts, the MDM outbox, logins, "
                 "schema upgrades and the audit record. Its exit codes and one\\-sentence errors are a stable "
                 "contract.\n"
              << ".SH COMMANDS\n.nf\n";
    bool started = false;
    while (std::getline(help, line)) {
        if (!started && line.rfind("Usage:", 0) == 0) continue;  // in SYNOPSIS
        if (!started && line.empty()) continue;
        started = true;
        if (line.rfind("The database is", 0) == 0) {
            std::cout << ".fi\n.SH CONNECTION\n" << roff(ascii(line)) << "\n";
            continue;
        }
        if (line.rfind("Exit codes:", 0) == 0) {
            std::cout << ".SH EXIT STATUS\n" << roff(ascii(line)) << "\n";
            continue;
        }
        std::cout << roff(ascii(line)) << "\n";
    }
    std::cout << ".SH ENVIRONMENT\n"
                 ".TP\n.B QM_DB\nthe connection string when \\-\\-db is not given\n"
                 ".TP\n.B QM_MDM_SETTINGS\nthe MDM settings file when \\-\\-mdm\\-settings is not given\n"
                 ".TP\n.B QM_RECEIPT_SETTINGS\nthe receipt settings file when \\-\\-receipt\\-settings is not given\n"
                 ".SH SEE ALSO\n.BR quartermaster (1),\n.BR psql (1)\n";
}

void console(const std::string& version, const std::string& date) {
    header("quartermaster", version, date, "the Quartermaster console: device register and custody desk");
    std::cout << ".SH SYNOPSIS\n.B quartermaster\n[OPTIONS]\n"
              << ".SH DESCRIPTION\n"
                 "The service desk's console for a force's phones and tablets: the Desk view for issuing, "
                 "returning, swapping and reporting devices with a barcode scanner, with a printed receipt for "
                 "every hand\\-over; the Register view and its search language; the Dashboard and reports; the "
                 "MDM's commands. Without \\-\\-db or QM_DB it asks where the register is and saves the answer "
                 "as a profile (never the password).\n"
              << ".SH OPTIONS\n";
    for (const auto& o : qm::gui::kConsoleOptions) {
        std::cout << ".TP\n.B \\-\\-" << roff(o.name);
        if (o.value) std::cout << " " << o.value;
        std::cout << "\n" << roff(ascii(o.help)) << "\n";
    }
    std::cout << ".TP\n.B \\-h, \\-\\-help\nshow the options and exit\n"
              << ".SH ENVIRONMENT\n"
                 ".TP\n.B QM_DB\nthe register's connection string when \\-\\-db is not given\n"
                 ".TP\n.B QM_LANG\nthe console's language when \\-\\-lang is not given\n"
                 ".TP\n.B QM_MDM_SETTINGS\nthe MDM settings file\n"
                 ".TP\n.B QM_RECEIPT_SETTINGS\nthe receipt settings file (force name, logo, desk, terms, paper)\n"
                 ".SH SEE ALSO\n.BR qmctl (1)\n";
}

void simulator(const std::string& version, const std::string& date) {
    header("qm-mdm-sim", version, date, "a Microsoft Graph-compatible MDM simulator for Quartermaster");
    std::cout << ".SH SYNOPSIS\n.nf\n";
    std::istringstream usage(qm::sim::kSimulatorUsage);
    std::string line;
    while (std::getline(usage, line)) std::cout << roff(line.rfind("usage: ", 0) == 0 ? line.substr(7) : line) << "\n";
    std::cout << ".fi\n.SH DESCRIPTION\n"
                 "Serves the part of Microsoft Graph that Quartermaster uses (OAuth client credentials, the "
                 "managed devices inventory with paging, and device actions) over HTTPS on loopback, with a "
                 "fleet it makes up, reads from a register (\\-\\-from\\-register) or loads from a fixture. "
                 "It can throttle, delay, drop connections and fail actions on request, for trials and tests. "
                 "It is not a production service.\n"
                 ".SH SEE ALSO\n.BR qmctl (1),\n.BR quartermaster (1)\n";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: qm-manpage qmctl|quartermaster VERSION DATE OUT.1\n";
        return 2;
    }
    std::ofstream file(argv[4]);
    if (!file) {
        std::cerr << "qm-manpage: cannot write " << argv[4] << "\n";
        return 1;
    }
    std::streambuf* terminal = std::cout.rdbuf(file.rdbuf());
    const std::string which = argv[1];
    int status = 0;
    if (which == "qmctl") qmctl(argv[2], argv[3]);
    else if (which == "quartermaster") console(argv[2], argv[3]);
    else if (which == "qm-mdm-sim") simulator(argv[2], argv[3]);
    else {
        std::cerr << "qm-manpage: no page for " << which << "\n";
        status = 2;
    }
    std::cout.flush();
    std::cout.rdbuf(terminal);  // before the file closes
    return status;
}
