package dev.timeline.web;

/** Nothing of that id in the caller's tenant: another tenant's data answers exactly the same. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String what) {
        super(what);
    }
}
