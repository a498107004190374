// Background — one worker thread with its own database session, for the console.
//
// The UI thread never touches the database: it posts jobs here, each job runs with the worker's
// Session, and its continuation comes back through the UiPort. Jobs run in order. When the
// connection is lost the worker says so (onConnectionChange) and opens a fresh session before
// the next job, so a restarted server is picked up without the user doing anything.
#pragma once

#include "services/session.hpp"
#include "services/ui_port.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace qm::services {

// What the worker's connection is now, for the console's status bar and its menus.
struct ConnectionState {
    bool connected = false;
    std::string text;              // "ann@quartermaster", or why it is down
    DeskRole role = DeskRole::None;  // the login's desk role while connected
};

class Background {
public:
    using Job = std::function<void(Session&)>;
    using Failure = std::function<void(const Error&)>;  // runs on the UI thread

    Background(std::string conninfo, UiPort& ui);
    ~Background();  // finishes the running job, drops the rest, joins
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    // Runs job on the worker thread. If it throws a qm::Error, onError runs on the UI thread
    // (when given). Connection losses also reach the connection listener.
    void post(Job job, Failure onError = {});
    // Drops queued (not yet started) jobs, e.g. when the list's sort order changes.
    void cancelPending();
    UiPort& ui() { return ui_; }

    // Called on the UI thread whenever the connection comes or goes.
    void onConnectionChange(std::function<void(const ConnectionState&)> listener);

private:
    void run();

    std::string conninfo_;
    UiPort& ui_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::pair<Job, Failure>> jobs_;
    bool stopping_ = false;
    std::shared_ptr<std::function<void(const ConnectionState&)>> connectionListener_;
    std::thread thread_;
};

}  // namespace qm::services
