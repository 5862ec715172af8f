package dev.skiff.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImagePusherTest {

    @ParameterizedTest
    @CsvSource({
            "hello:latest, 127.0.0.1:5000/hello:latest",
            "team/hello:1, 127.0.0.1:5000/team/hello:1",
            "127.0.0.1:5000/hello:latest, 127.0.0.1:5000/hello:latest",
            "ghcr.io/me/hello, ghcr.io/me/hello",
            "localhost/hello:2, localhost/hello:2",
            "registry:5000/hello, registry:5000/hello"})
    void pushesImagesThatNameNoRegistryToTheLocalOne(String image, String target) {
        assertEquals(target, ImagePusher.target(image, ImagePusher.LOCAL_REGISTRY));
    }
}
