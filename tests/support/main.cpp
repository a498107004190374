// main() for test binaries that need PostgreSQL: installs the private-cluster environment.
#include "tests/support/test_cluster.hpp"

#include <gtest/gtest.h>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    qm::test::installClusterEnvironment();
    return RUN_ALL_TESTS();
}
