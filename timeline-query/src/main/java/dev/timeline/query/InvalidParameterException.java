package dev.timeline.query;

/** A request parameter the caller must fix; {@link #parameter()} names it, the message says why. */
public class InvalidParameterException extends RuntimeException {
    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
