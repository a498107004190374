#include "services/mdm/dispatch.hpp"

#include "db/mdm_repository.hpp"
#include "model/error.hpp"

#include <algorithm>
#include <cmath>

namespace qm::services::mdm {
namespace {

// The register keeps one clean line: anything but printable ASCII (the MDM's words are
// English codes and our own sentences) becomes a space or '?', and it is cut to length.
std::string clip(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (out.size() >= 480) {
            out += "...";
            break;
        }
        out += c < 0x20 || c == 0x7F ? ' ' : c >= 0x80 ? '?' : static_cast<char>(c);
    }
    return out;
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
    // A Retry-After of hours (or nonsense) does not park a command for ever.
    recheck = std::min(recheck, 900.0);
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
        // The MDM no longer lists the device. That may follow a wipe or a retirement, or not:
        // a person looks, rather than the register calling it wiped (and restocking it with
        // someone's data on it) or failed.
        verdict = "attention";
        detail = "the MDM no longer lists the device; check it in the MDM before acting again";
    } else {
        const std::string name = gateway.actionName(w.action);
        const auto sentAt = graphTimeMicros(w.sentAt);
        // The newest entry for the action that started at or after the send (allowing for the
        // clocks); an entry without a readable start time proves nothing.
        const ActionResult* found = nullptr;
        long long foundStart = 0;
        for (const auto& a : d->actionResults) {
            if (a.actionName != name) continue;
            const auto started = graphTimeMicros(a.startDateTime);
            if (!started) continue;
            if (sentAt && *started + static_cast<long long>(o.clockSkewSeconds * 1e6) < *sentAt) continue;
            if (!found || *started > foundStart) {
                found = &a;
                foundStart = *started;
            }
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
    // Still pending: look less often the longer it takes (a stolen phone switched off may stay
    // pending for days), at most hourly.
    const double recheck = verdict == "pending" ? std::clamp(w.ageSeconds / 10, o.recheckSeconds, 3600.0) : o.recheckSeconds;
    const std::string state = db::recordOutcome(session.db(), w.id, verdict, clip(detail), recheck);
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
