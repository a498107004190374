// The console's worker (services::Background) survives a PostgreSQL restart: a job that meets
// the dead connection fails with Unavailable and says so, the next job reconnects by itself.
#include "services/background.hpp"
#include "services/seed/demo_seed.hpp"
#include "tests/support/queue_ui.hpp"
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>


namespace qm::test {
namespace {


class BackgroundWorker : public RegisterTest {};

TEST_F(BackgroundWorker, ReconnectsByItselfAfterTheServerRestarts) {
    QueueUi ui;
    services::Background worker(as("agent"), ui);
    std::vector<std::pair<bool, std::string>> connection;
    worker.onConnectionChange([&](const services::ConnectionState& state) {
        connection.emplace_back(state.connected, state.text);
        // The console enables what the login may do from this.
        if (state.connected) {
            EXPECT_EQ(state.role, db::DeskRole::Agent);
        }
    });

    int succeeded = 0, failed = 0;
    std::string failure;
    auto countDevices = [&] {
        worker.post([&ui, &succeeded](services::Session& s) {
            long long n = -1;
            s.db().sql() << "select count(*) from device", soci::into(n);
            ui.callAfter([&succeeded] { ++succeeded; });
        },
                    [&](const Error& e) {
                        ++failed;
                        failure = e.what();
                        EXPECT_EQ(e.kind(), ErrorKind::Unavailable) << e.what();
                    });
    };
    countDevices();
    ASSERT_TRUE(ui.runUntil([&] { return succeeded == 1; }));
    ASSERT_FALSE(connection.empty());
    EXPECT_TRUE(connection.back().first);
    EXPECT_NE(connection.back().second.find("test_agent@"), std::string::npos) << connection.back().second;

    cluster().stop();
    cluster().start();

    // The first job after the restart may find the old connection dead; within a few jobs the
    // worker must be back without anyone reopening anything.
    for (int attempt = 0; attempt < 3 && succeeded < 2; ++attempt) {
        int before = succeeded + failed;
        countDevices();
        ASSERT_TRUE(ui.runUntil([&] { return succeeded + failed > before; }));
    }
    EXPECT_EQ(succeeded, 2) << "last failure: " << failure;
    if (failed > 0) {
        // It said the connection was lost, then that it was back.
        bool sawDown = false;
        for (const auto& [up, text] : connection) {
            sawDown = sawDown || !up;
            // In plain words: no libpq diagnosis ("server closed the connection unexpectedly").
            if (!up) {
                EXPECT_EQ(text.find("unexpectedly"), std::string::npos) << text;
            }
        }
        EXPECT_TRUE(sawDown);
        EXPECT_TRUE(connection.back().first);
    }
}

}  // namespace
}  // namespace qm::test
