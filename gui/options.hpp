// The console's command-line options in one table, read by wxWidgets' parser (gui/app.cpp)
// and by the man page generator (installer/manpage.cpp), so `quartermaster --help` and
// `man quartermaster` cannot drift. No wxWidgets here: the generator is a plain program.
#pragma once

// Marks text for the message catalogue (xgettext --keyword=QM_TRANSLATABLE); the console
// translates it when it shows it.
#define QM_TRANSLATABLE(text) text

namespace qm::gui {

struct CommandLineOption {
    const char* name;   // "--NAME"
    const char* value;  // what the option takes ("CONNINFO"), nullptr for a switch
    const char* help;
};

inline constexpr CommandLineOption kConsoleOptions[] = {
    {"db", "CONNINFO", QM_TRANSLATABLE("libpq connection string or URI of the register")},
    {"demo", nullptr, QM_TRANSLATABLE("start the private demo register and sign in as the demo agent")},
    {"demo-dir", "DIR", QM_TRANSLATABLE("folder of the demo register (default: your data folder)")},
    {"show", "DEVICE", QM_TRANSLATABLE("open at this device (asset tag, serial, IMEI or MDM id)")},
    {"scan", "CODES", QM_TRANSLATABLE("scan these codes at the desk on start (comma-separated staff numbers or devices)")},
    {"lang", "LANG", QM_TRANSLATABLE("language of the console, e.g. cy or en_XA (default: the system's; also QM_LANG)")},
    {"open", "VIEW",
     QM_TRANSLATABLE("start in this view or dialog: desk, register, dashboard, columns, overdue, leavers, "
                     "import-devices, import-people, issue, return, swap, lost, people, approvals, commands, drift, "
                     "sync, wipe or receipt (dialogs are pre-filled with --show, the officer from --scan and the "
                     "receipt from --receipt)")},
    {"receipt", "NUMBER", QM_TRANSLATABLE("the receipt number --open receipt shows")},
    {"mdm-settings", "FILE",
     QM_TRANSLATABLE("the MDM settings file (mode 0600; default: QM_MDM_SETTINGS, then your settings folder's mdm.conf)")},
};

}  // namespace qm::gui
