package dev.timeline.web;

import dev.timeline.query.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every mistake a caller can make, as a problem detail naming what to fix. */
@RestControllerAdvice
class ProblemHandler {

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "Invalid parameter",
                e.parameter() + ": " + e.getMessage());
        problem.setProperty("parameter", e.parameter());
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }
}
