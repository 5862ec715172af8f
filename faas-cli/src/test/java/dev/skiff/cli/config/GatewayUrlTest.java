package dev.skiff.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayUrlTest {

    @ParameterizedTest(name = "flag={0} stack={1} env={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # flag                      | stack                    | OPENFAAS_URL            | expected
            -                           | -                        | -                       | http://127.0.0.1:8080
            http://flag:8080            | http://stack:8080        | http://env:8080         | http://flag:8080
            -                           | http://stack:8080        | http://env:8080         | http://stack:8080
            -                           | -                        | http://env:8080         | http://env:8080
            http://127.0.0.1:8080       | http://stack:8080        | http://env:8080         | http://stack:8080
            http://127.0.0.1:8080       | http://127.0.0.1:8080    | http://env:8080         | http://env:8080
            http://127.0.0.1:8080       | -                        | -                       | http://127.0.0.1:8080
            ''                          | ''                       | http://env:8080         | http://env:8080
            HTTP://Remote.Example:8080/ | -                        | -                       | http://remote.example:8080
            remote:31112                | -                        | -                       | http://remote:31112
            -                           | 127.0.0.1:18080//        | -                       | http://127.0.0.1:18080
            -                           | -                        | https://gw.example.com/ | https://gw.example.com
            http://127.0.0.1:8080/      | http://stack:8080        | -                       | http://127.0.0.1:8080
            """)
    void picksTheFirstThatDiffersFromTheDefaultAndNormalisesIt(String flag, String stack, String env,
                                                               String expected) {
        assertEquals(expected, GatewayUrl.resolve(flag, stack, env));
    }
}
