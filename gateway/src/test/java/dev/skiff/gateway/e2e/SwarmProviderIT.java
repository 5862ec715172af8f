package dev.skiff.gateway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The provider contract against the swarm provider: the test stack's gateway, running as a container on
 * the functions network, in front of the real single-node swarm.
 */
class SwarmProviderIT implements FunctionProviderContract {
    private static TestPlatform platform;

    @BeforeAll
    static void connect() throws Exception {
        platform = TestPlatform.fromEnvironment();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        platform.close();
    }

    @Override
    public TestPlatform platform() {
        return platform;
    }
}
