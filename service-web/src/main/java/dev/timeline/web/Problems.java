package dev.timeline.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Problem details with a stable {@code type} per kind of problem, documented in the README. */
public final class Problems {
    public static final String TYPE_BASE = "https://timeline.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /**
     * A problem the API has no type of its own for (a URL the server cannot decode, an error outside any controller):
     * typed by its status ({@code bad-request} for 400, {@code internal-server-error} for 500), with a detail that
     * names no internals.
     */
    static ProblemDetail ofStatus(int status) {
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                code,
                code.is4xxClientError()
                        ? "The server refused this request before the API read it; check its URL, method and headers."
                        : "The server could not handle this request.");
        problem.setType(URI.create(TYPE_BASE
                + (known == null
                        ? "http-" + status
                        : known.name().toLowerCase(Locale.ROOT).replace('_', '-'))));
        problem.setTitle(known == null ? "HTTP " + status : known.getReasonPhrase());
        return problem;
    }

    /**
     * Writes {@code problem} as {@code application/problem+json}, for the places that answer before Spring MVC
     * (filters, the container), where no message converter runs.
     */
    static void write(HttpServletResponse response, ProblemDetail problem, @Nullable String instance)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json(problem, instance).getBytes(StandardCharsets.UTF_8));
    }

    /** The problem's JSON: the members Spring MVC writes for a {@link ProblemDetail}. */
    static String json(ProblemDetail problem, @Nullable String instance) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (instance != null) {
            body.put("instance", instance);
        }
        return JSON.writeValueAsString(body);
    }
}
