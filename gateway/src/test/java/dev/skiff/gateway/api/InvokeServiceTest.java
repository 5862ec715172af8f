package dev.skiff.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvokeServiceTest {

    @ParameterizedTest
    @CsvSource({
        "/function/echo, echo, /",
        "/function/echo/, echo, /",
        "/function/echo/sub/path, echo, /sub/path",
        "/function/echo.openfaas-fn/a%20b, echo.openfaas-fn, /a%20b",
        "/echo/sub, echo, /sub",
        "/function/function/x, function, /x"})
    void theFunctionSeesOnlyWhatFollowsItsName(String rawPath, String segment, String expected) {
        assertEquals(expected, InvokeService.subPath(rawPath, segment));
    }
}
