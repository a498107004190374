// The main window's menu ids and status bar fields, shared by the two files that make the
// window: main_frame.cpp (the desk and the register) and main_frame_mdm.cpp (its MDM side).
#pragma once

#include <wx/defs.h>

namespace qm::gui::main_frame_ids {

enum MenuId {
    ID_ISSUE = wxID_HIGHEST + 1,
    ID_RETURN,
    ID_SWAP,
    ID_LOST,
    ID_DESK,
    ID_REGISTER,
    ID_FIND,
    ID_REFRESH,
    ID_SORT_TAG,
    ID_SORT_IMEI,
    ID_SORT_SERIAL,
    ID_SORT_STATUS,
    ID_IMPORT_DEVICES,
    ID_ADD_DEVICE,
    ID_FIND_PERSON,
    ID_IMPORT_PEOPLE,
    ID_WIPE_REQUESTS,
    ID_COMMAND_QUEUE,
    ID_MDM_SYNC,
    ID_REPORT_DRIFT,
    ID_REPORT_FLEET,
    ID_REPORT_OVERDUE,
    ID_REPORT_LEAVERS,
    ID_REPORT_WARRANTY,
    ID_REPORT_POLICY,
    ID_NEXT_PANE,
    ID_PREVIOUS_PANE,
    ID_WIDER_DETAILS,
    ID_NARROWER_DETAILS,
    ID_SAVE_SEARCH,
    ID_EXPORT,
    ID_COLUMNS,
    ID_DASHBOARD,
};

enum StatusField { StatusConnection, StatusCount, StatusMessage };

}  // namespace qm::gui::main_frame_ids
