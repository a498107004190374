#include "services/mdm/dispatch.hpp"

#include "db/mdm_repository.hpp"
#include "model/error.hpp"

#include <algorithm>
#include <cmath>

namespace qm::services::mdm {
namespace {

std::string clip(std::string s) {
    if (s.size() > 480) s = s.substr(0, 480) + "...";
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return s;
}

void note(const DispatchOptions& o, const std::string& line) {
    if (o.log) o.log(line);
}

void count(DispatchRound& r, const std::string& state) {
    if (state == "done") ++r.done;
    else if (state == "failed") ++r.failed;
    else if (state == "queued") ++r.requeued;
    else if (state == "needs_attention") ++r.attention;
}

void send(Session& session, MdmGateway& gateway, const db::WorkItem& w, const DispatchOptions& o, DispatchRound& r) {
    ++r.sent;
    const SendOutcome out = gateway.sendAction(w.mdmId, w.action);
    std::string verdict;
    double recheck = o.recheckSeconds;
    switch (out.kind) {
    case SendOutcome::Kind::Accepted: verdict = "accepted"; break;
    case SendOutcome::Kind::NotSent:
        verdict = "not_sent";
        recheck = std::max(out.retryAfterSeconds, o.recheckSeconds);
        break;
    case SendOutcome::Kind::Unknown:
        verdict = "unknown";
        recheck = std::max(out.retryAfterSeconds, o.recheckSeconds);
        break;
    case SendOutcome::Kind::Refused: verdict = "refused"; break;
    }
    const std::string state = db::recordOutcome(session.db(), w.id, verdict, clip(out.detail), recheck);
    note(o, "command " + std::to_string(w.id) + " (" + w.action + " " + w.assetTag + "): " + verdict + ", " + out.detail);
    count(r, state);
}

void check(Session& session, MdmGateway& gateway, const db::WorkItem& w, const DispatchOptions& o, DispatchRound& r) {
    ++r.checked;
    std::string verdict, detail;
    std::optional<ManagedDevice> d;
    try {
        d = gateway.device(w.mdmId);
    } catch (const Error& e) {
        const std::string state =
            db::recordOutcome(session.db(), w.id, "pending", clip(std::string("could not read the results: ") + e.what()),
                              std::max(o.recheckSeconds, 10.0));
        count(r, state);
        return;
    }
    if (!d) {
        // The MDM no longer knows the device: after an accepted retire or wipe that is the end
        // of it; otherwise the MDM cannot carry it out.
        verdict = w.accepted && (w.action == "wipe" || w.action == "retire") ? "done" : "refused";
        detail = "the MDM no longer lists the device";
    } else {
        const std::string name = gateway.actionName(w.action);
        const auto sentAt = graphTimeMicros(w.sentAt);
        const ActionResult* found = nullptr;
        for (const auto& a : d->actionResults) {
            if (a.actionName != name) continue;
            const auto started = graphTimeMicros(a.startDateTime);
            if (sentAt && started && *started + static_cast<long long>(o.clockSkewSeconds * 1e6) < *sentAt) continue;
            found = &a;
        }
        if (found) {
            const std::string& s = found->actionState;
            if (s == "done") verdict = "done";
            else if (s == "failed" || s == "notSupported" || s == "canceled") verdict = "failed";
            else verdict = "pending";
            detail = "the MDM reports " + name + " " + (s.empty() ? std::string("without a state") : s);
        } else if (w.ageSeconds < (w.accepted ? 10 * o.graceSeconds : o.graceSeconds)) {
            verdict = "pending";
            detail = w.accepted ? "accepted; the MDM shows no result yet" : "no trace at the MDM yet; looking again";
        } else {
            verdict = "absent";
            detail = w.accepted ? "accepted, but the MDM shows no such action" : "the MDM never received it";
        }
    }
    const std::string state = db::recordOutcome(session.db(), w.id, verdict, clip(detail), o.recheckSeconds);
    if (verdict != "pending")
        note(o, "command " + std::to_string(w.id) + " (" + w.action + " " + w.assetTag + "): " + state + ", " + detail);
    count(r, state);
}

}  // namespace

DispatchRound dispatchOnce(Session& session, MdmGateway& gateway, const DispatchOptions& options,
                           const std::atomic<bool>* stop) {
    session.require(DeskRole::Agent, "dispatch MDM commands");
    DispatchRound r;
    const auto work = db::takeWork(session.db(), options.worker, options.batch,
                                   static_cast<int>(std::ceil(options.leaseSeconds)));
    r.taken = static_cast<int>(work.size());
    std::size_t i = 0;
    for (; i < work.size(); ++i) {
        if (stop && *stop) break;
        if (work[i].send) send(session, gateway, work[i], options, r);
        else check(session, gateway, work[i], options, r);
    }
    // Commands taken but not started go back to the queue at once: their sends never began.
    for (; i < work.size(); ++i) {
        if (work[i].send) db::recordOutcome(session.db(), work[i].id, "not_sent", "the dispatcher stopped first", 0);
    }
    return r;
}

DispatchRound dispatchUntilIdle(Session& session, MdmGateway& gateway, const DispatchOptions& options,
                                const std::atomic<bool>* stop) {
    DispatchRound total;
    for (;;) {
        if (stop && *stop) break;
        const DispatchRound r = dispatchOnce(session, gateway, options, stop);
        total.taken += r.taken;
        total.sent += r.sent;
        total.checked += r.checked;
        total.done += r.done;
        total.failed += r.failed;
        total.requeued += r.requeued;
        total.attention += r.attention;
        if (r.taken == 0) break;
    }
    return total;
}

}  // namespace qm::services::mdm
