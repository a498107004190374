// qmctl's --help text, kept in one place: main.cpp prints it and the man page generator
// (installer/manpage.cpp) turns it into qmctl(1), so the two cannot drift.
#pragma once

namespace qm::cli {

inline constexpr const char* kQmctlHelp = R"(qmctl — Quartermaster's command line for the device register

Usage: qmctl [--db CONNINFO] [--format table|csv|json] COMMAND ...

  setup [--database NAME] [--migrator LOGIN] [--admin LOGIN] [--password-stdin] [--yes]
                                  a register on a bare server (as a superuser): the database,
                                  the schema and its roles, a migrator, the first admin;
                                  asks when run on a terminal; run twice, it changes nothing
  db migrate                      apply the schema migrations (idempotent)
  db status                       show the schema version and the login's role
  user add LOGIN --role viewer|agent|manager|approver|admin [--password-stdin]
  user role LOGIN --role ROLE | user disable LOGIN | user enable LOGIN
  user password LOGIN [--password-stdin] | user list
                                  desk logins (admins; a superuser makes the first admin)
  device add --asset-tag T --serial S [--imei I] [--imei2 I] --model "MAKER MODEL"
             [--phone N] [--unit U] [--status S] [--purchased-on D] [--warranty-until D]
             [--cost-pence P] [--notes TEXT]
  device show DEVICE              DEVICE = asset tag, serial, IMEI or MDM id
  device import FILE [--dry-run] [--strict] [--rejects OUT.csv]
  person add --staff-no N --name NAME [--rank R] [--unit U] [--email E]
  person import FILE [--dry-run] [--strict] [--rejects OUT.csv]
  issue DEVICE [DEVICE...] --to STAFF_NO [--accessory NAME]... [--note TEXT] [--override REASON]
               [--expect-version V]       several devices: one sitting, one receipt
  return DEVICE [--condition good|damaged|faulty|incomplete] [--note TEXT] [--expect-version V]
  swap OLD_DEVICE NEW_DEVICE --reason TEXT
  lost DEVICE [--stolen] [--reference REF]   marks lost/stolen and queues a remote lock
                                  issue, return, swap, lost: --receipt FILE.pdf [--paper a4|letter]
                                  [--receipt-settings FILE] saves the receipt the officer signs
  receipt NUMBER [--pdf FILE] [--png FILE]    a receipt from the register (printed: marked COPY)
  receipt verify NUMBER CODE                  does a paper receipt match the register? (exit 0/3)
  repair DEVICE | restock DEVICE
  hold DEVICE --reason TEXT | release DEVICE  legal hold (managers and above)
  history DEVICE|STAFF_NO                     custody and status timeline
  custody-at DEVICE --time ISO8601            who held it then
  wipe request DEVICE --reason TEXT           prints the command id; a different approver must
  wipe approve ID | wipe reject ID --reason TEXT    approve it (approvers; never their own)
  wipe release ID | wipe cancel ID [--reason TEXT]  release a held wipe (admins) | withdraw
  retire request|approve|reject|release|cancel ...  the same for retiring a device
  lock DEVICE [--reason TEXT]                 queue an MDM remote lock (no approval needed)
  commands [--state STATE] [--limit N]        the MDM command outbox, newest first
  mdm sync [DEVICE]                           read the whole MDM inventory (or queue one device's sync)
  mdm dispatch [--once] [--worker NAME]       send the outbox's commands and follow them up
  mdm limits [--per-person-per-day N] [--per-hour-before-hold N]   wipe limits (admins change them)
                                  MDM options: --mdm-settings FILE (mode 0600) | --mdm-token-url URL
                                  --mdm-graph-url URL [--mdm-ca FILE]; secret in QM_MDM_CLIENT_SECRET
  search QUERY [--limit N | --all] [--sort [-]FIELD] [--columns A,B] [--output FILE] [--bom]
                                  the search language (docs/user-guide.md): free words, status:issued
                                  unit:"Central West" lastseen>30d -hold:yes a OR b (...); --count
  search --saved NAME [QUERY] | --save NAME [--shared] QUERY | --list-saved | --delete-saved NAME
  report NAME [--days N] [--weeks N] [--max N] [--limit N] [--bom]
                                  status | units | models | checkin | overdue | leavers | warranty
                                  | handovers | over-policy | drift ('qmctl report' lists them)
  audit verify [--anchors FILE] [--key FILE]  walk the audit hash chain (and check its anchors)
               [--anchors-of DATABASE]        anchors taken of another name (a restored copy)
  audit anchor [--to FILE] [--key FILE]       record the chain's head outside the database
  agent [--anchors FILE] [--key FILE] [--anchor-every 15m] [--sync-every 15m] [MDM options]
                                              anchor, sync and dispatch until SIGTERM
  demo seed [--devices N] [--people N] [--seed S]
  demo start [--dir D] [--devices N] | demo stop [--dir D]
                                  the private demo cluster (started, migrated, seeded)
  --version | --help

The database is --db (a libpq conninfo string or URI), else $QM_DB, else the PG* variables.

Exit codes: 0 success, 2 usage, 3 invalid input, 4 conflict, 5 permission denied,
6 database unavailable, 1 anything else.
)";

}  // namespace qm::cli
