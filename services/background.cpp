#include "services/background.hpp"

namespace qm::services {

Background::Background(std::string conninfo, UiPort& ui)
    : conninfo_(std::move(conninfo)), ui_(ui),
      connectionListener_(std::make_shared<std::function<void(const ConnectionState&)>>()),
      thread_([this] { run(); }) {}

Background::~Background() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    wake_.notify_all();
    thread_.join();
}

void Background::post(Job job, Failure onError) {
    {
        std::lock_guard lock(mutex_);
        jobs_.emplace_back(std::move(job), std::move(onError));
    }
    wake_.notify_one();
}

void Background::cancelPending() {
    std::lock_guard lock(mutex_);
    jobs_.clear();
}

void Background::onConnectionChange(std::function<void(const ConnectionState&)> listener) {
    std::lock_guard lock(mutex_);
    *connectionListener_ = std::move(listener);
}

void Background::run() {
    std::unique_ptr<Session> session;
    auto announce = [this](ConnectionState state) {
        std::shared_ptr<std::function<void(const ConnectionState&)>> listener;
        {
            std::lock_guard lock(mutex_);
            listener = connectionListener_;
        }
        ui_.callAfter([listener, state] {
            if (*listener) (*listener)(state);
        });
    };
    for (;;) {
        std::pair<Job, Failure> next;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            next = std::move(jobs_.front());
            jobs_.pop_front();
        }
        try {
            if (!session || !session->db().connected()) {
                session.reset();
                // The session bounds every wait (Session sets the desk's timeouts), so a hung
                // server or a held lock never freezes a dialog for ever.
                session = std::make_unique<Session>(conninfo_, Access::Desk);
                announce({true, session->describe(), session->login().role});
            }
            try {
                next.first(*session);
            } catch (const soci::soci_error& e) {
                throw db::translateSociError(e, &session->db());  // a job that used SQL directly
            }
        } catch (const Error& e) {
            // Unavailable means the server or the connection went away (a timeout is a
            // Conflict, a refusal Invalid or Permission). libpq may not have noticed the closed
            // socket yet when the server's goodbye (57P01) arrives, so do not ask it: drop.
            if (e.kind() == ErrorKind::Unavailable) {
                session.reset();
                announce({false, e.what(), DeskRole::None});
            }
            if (next.second) {
                Error copy = e;
                auto onError = std::move(next.second);
                ui_.callAfter([onError, copy] { onError(copy); });
            }
        } catch (const std::exception& e) {
            if (next.second) {
                Error copy(ErrorKind::Other, e.what());
                auto onError = std::move(next.second);
                ui_.callAfter([onError, copy] { onError(copy); });
            }
        }
    }
}

}  // namespace qm::services
