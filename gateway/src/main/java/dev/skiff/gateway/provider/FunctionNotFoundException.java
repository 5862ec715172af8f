package dev.skiff.gateway.provider;

/** No function of that name exists. */
public class FunctionNotFoundException extends RuntimeException {
    private final String name;

    public FunctionNotFoundException(String name) {
        super("function " + name + " not found");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
