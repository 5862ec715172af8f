package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.skiff.function.testing.FunctionTester;
import org.junit.jupiter.api.Test;

class HandlerTest {

    @Test
    void greetsTheNameInTheBody() {
        var response = FunctionTester.forClass(Handler.class).post("Skiff");
        assertEquals(200, response.status());
        assertEquals("Hello, Skiff\n", response.bodyAsString());
    }

    @Test
    void takesTheGreetingFromTheEnvironment() {
        assertEquals("Hi, world\n", FunctionTester.forClass(Handler.class).env("GREETING", "Hi").post("").bodyAsString());
    }
}
