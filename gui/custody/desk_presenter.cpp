#include "gui/custody/desk_presenter.hpp"

#include "model/identifiers.hpp"
#include "model/text.hpp"
#include "services/register/register.hpp"

namespace qm::gui {
namespace {


PersonCustody splitHoldings(services::History h) {
    PersonCustody p{*h.person, {}, {}, std::move(h.events)};
    for (auto& c : h.custody) (c.returnedAt.empty() ? p.holds : p.held).push_back(std::move(c));
    return p;
}

}  // namespace

DeviceCustody loadDeviceCustody(services::Session& session, const std::string& key) {
    DeviceCustody d{services::showDevice(session, key), std::nullopt, {}};
    d.holder = services::currentHolder(session, d.device);
    d.events = services::history(session, d.device.assetTag).events;
    return d;
}

PersonCustody loadPersonCustody(services::Session& session, const std::string& staffNo) {
    const std::string key = StaffNumber::parse(staffNo, "staff_no").str();
    auto person = services::findPerson(session, key);
    if (!person) throw invalid("staff_no", "No person in the register has staff number " + quoteInput(key) + ".");
    auto h = services::history(session, key);
    if (!h.person) {  // the staff number is also some device's serial: ask about the person alone
        h = services::History{};
        h.person = person;
    }
    return splitHoldings(std::move(h));
}

DeskAction deskActionFor(const DeviceCustody& d, const std::optional<Person>& officer) {
    if (d.device.status == DeviceStatus::Issued) return DeskAction::TakeBack;
    if (d.device.status != DeviceStatus::InStock || d.device.legalHold) return DeskAction::None;
    return officer ? DeskAction::IssueToOfficer : DeskAction::IssueAskOfficer;
}

std::shared_ptr<DeskPresenter> DeskPresenter::create(services::Background& worker, Listener listener) {
    return std::shared_ptr<DeskPresenter>(new DeskPresenter(worker, std::move(listener)));
}

DeskPresenter::DeskPresenter(services::Background& worker, Listener listener)
    : worker_(worker), listener_(std::move(listener)) {}

void DeskPresenter::scan(const std::string& code) {
    const std::string key = trimmed(code);
    if (key.empty()) return;
    lookUp(key, false);
}

void DeskPresenter::clearOfficer() {
    officer_.reset();
    if (listener_.officerCleared) listener_.officerCleared();
}

void DeskPresenter::afterHandOver() {
    device_.reset();
    if (officer_) lookUp(officer_->person.staffNo, true);
}

void DeskPresenter::lookUp(const std::string& key, bool personOnly) {
    ++pending_;
    std::weak_ptr<DeskPresenter> self = shared_from_this();
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [self, key, personOnly, ui](services::Session& session) {
            // A device first, then a person: the same order as `qmctl history`.
            auto h = personOnly ? services::History{} : services::history(session, key);
            if (h.device) {
                DeviceCustody d{*h.device, services::currentHolder(session, *h.device), std::move(h.events)};
                ui->callAfter([self, d = std::move(d)]() mutable {
                    if (auto p = self.lock()) p->showDevice(std::move(d));
                });
            } else {
                PersonCustody person = h.person ? splitHoldings(std::move(h)) : loadPersonCustody(session, key);
                ui->callAfter([self, person = std::move(person)]() mutable {
                    if (auto p = self.lock()) p->showPerson(std::move(person));
                });
            }
        },
        [self](const Error& e) {
            auto p = self.lock();
            if (!p) return;
            --p->pending_;
            if (p->listener_.failed) p->listener_.failed(e.what());
        });
}

void DeskPresenter::showPerson(PersonCustody person) {
    --pending_;
    officer_ = std::move(person);
    if (listener_.officerShown) listener_.officerShown(*officer_);
}

void DeskPresenter::showDevice(DeviceCustody device) {
    --pending_;
    device_ = std::move(device);
    std::optional<Person> officer;
    if (officer_) officer = officer_->person;
    if (listener_.deviceShown) listener_.deviceShown(*device_, deskActionFor(*device_, officer));
}

}  // namespace qm::gui
